"use client";

import { useId, useState } from "react";
import { METHOD_LABELS, type Method } from "@/lib/plan/schema";
import { DEFAULT_ANSWERS, recommendMethod, type ChooserAnswers } from "@/lib/plan/recommend";
import { KUBECOST_LINES } from "@/lib/plan/kubecost-lines";
import { buttonClass, inputClass } from "@/components/ui/styles";

/** A new install first, then every line of the line table, newest first. */
const VERSIONS: { value: ChooserAnswers["kubecostVersion"]; label: string }[] = [
  { value: "none", label: "Not installed yet" },
  ...KUBECOST_LINES.map((l) => ({ value: l.id, label: l.id })),
];

/** A few questions -> a recommended method with its reasons (lib/plan/recommend.ts). */
export function HelpMeChoose({ onChoose }: { onChoose: (m: Method) => void }) {
  const [open, setOpen] = useState(false);
  const [answers, setAnswers] = useState<ChooserAnswers>(DEFAULT_ANSWERS);
  const id = useId();
  const panelId = `${id}-panel`;
  const rec = recommendMethod(answers);
  const set = <K extends keyof ChooserAnswers>(k: K, v: ChooserAnswers[K]) => setAnswers((a) => ({ ...a, [k]: v }));

  return (
    <section className="rounded-lg border border-slate-200 dark:border-slate-700">
      <h3 className="text-base font-semibold">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          className="flex w-full items-center justify-between px-4 py-3 text-left"
        >
          <span>Help me choose</span>
          <span aria-hidden="true">{open ? "−" : "+"}</span>
        </button>
      </h3>
      <div id={panelId} hidden={!open} className="grid gap-6 border-t border-slate-200 p-4 md:grid-cols-2 dark:border-slate-700">
        <div className="space-y-4">
          <div>
            <label htmlFor={`${id}-count`} className="mb-1 block text-sm font-medium">
              How many clusters?
            </label>
            <input
              id={`${id}-count`}
              type="number"
              min={1}
              max={10000}
              inputMode="numeric"
              value={answers.clusterCount || ""}
              onChange={(e) => set("clusterCount", Number(e.target.value))}
              className={`${inputClass} max-w-40`}
            />
          </div>
          <fieldset>
            <legend className="mb-1 text-sm font-medium">Kubecost version today</legend>
            <div className="flex flex-wrap gap-4">
              {VERSIONS.map((v) => (
                <label key={v.value} className="flex items-center gap-2 text-sm">
                  <input type="radio" name={`${id}-version`} checked={answers.kubecostVersion === v.value} onChange={() => set("kubecostVersion", v.value)} className="size-4 accent-sky-700" />
                  {v.label}
                </label>
              ))}
            </div>
          </fieldset>
          <Check checked={answers.existingPrometheus} onChange={(v) => set("existingPrometheus", v)} label="We already run Prometheus (kube-prometheus-stack) in each cluster" />
          <Check checked={answers.needRawPromQL} onChange={(v) => set("needRawPromQL", v)} label="We need raw PromQL across all clusters, not only Kubecost's cost views" />
          <Check checked={answers.preferAwsManaged} onChange={(v) => set("preferAwsManaged", v)} label="We prefer AWS-managed services over running our own" />
        </div>
        <div aria-live="polite" className="rounded-md bg-slate-50 p-4 dark:bg-slate-900">
          <p className="text-sm text-slate-600 dark:text-slate-400">Recommended</p>
          <p className="text-lg font-semibold" data-testid="recommended-method">
            {METHOD_LABELS[rec.method]}
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {rec.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          {rec.cautions.length > 0 && (
            <ul className="mt-2 space-y-1 text-sm text-amber-900 dark:text-amber-200">
              {rec.cautions.map((c) => (
                <li key={c}>⚠ {c}</li>
              ))}
            </ul>
          )}
          <button type="button" className={`${buttonClass("primary")} mt-3`} onClick={() => onChoose(rec.method)}>
            Use {METHOD_LABELS[rec.method]}
          </button>
          {rec.alternatives.length > 0 && (
            <div className="mt-3 text-sm text-slate-700 dark:text-slate-300">
              <p className="font-medium">Also consider</p>
              <ul className="list-disc pl-5">
                {rec.alternatives.map((a) => (
                  <li key={a.method}>
                    {METHOD_LABELS[a.method]}: {a.why}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function Check({ checked, onChange, label }: { checked: boolean; onChange: (v: boolean) => void; label: string }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="mt-0.5 size-4 accent-sky-700" />
      {label}
    </label>
  );
}
