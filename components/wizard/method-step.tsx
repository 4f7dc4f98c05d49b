"use client";

import { METHOD_LABELS, type Method } from "@/lib/plan/schema";
import { METHOD_INFO } from "./method-info";
import { HelpMeChoose } from "./help-me-choose";

// The current line's method first (federated storage, 3.x), then 2.x, the legacy bundled Thanos last.
const ORDER: Method[] = ["federated-storage", "federated-etl", "amp", "amp-federated", "thanos-standalone", "thanos-bundled"];

export function MethodStep({ method, onChoose }: { method: Method | undefined; onChoose: (m: Method, advance?: boolean) => void }) {
  return (
    <div className="space-y-6">
      <fieldset>
        <legend className="mb-3 text-base font-semibold">How should the clusters federate?</legend>
        <div className="grid gap-3 md:grid-cols-2">
          {ORDER.map((m) => (
            <label
              key={m}
              className="flex cursor-pointer gap-3 rounded-lg border border-slate-200 p-4 has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-500 dark:border-slate-700 dark:has-[:checked]:border-sky-400 dark:has-[:checked]:bg-sky-950/40"
            >
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => onChoose(m)} className="mt-1 size-4 accent-sky-700" />
              <span className="min-w-0">
                <span className="block font-medium">{METHOD_LABELS[m]}</span>
                <span className="block text-xs font-medium text-sky-800 dark:text-sky-300">{METHOD_INFO[m].versions}</span>
                <span className="mt-1 block text-sm text-slate-700 dark:text-slate-300">{METHOD_INFO[m].summary}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <HelpMeChoose onChoose={(m) => onChoose(m, true)} />
    </div>
  );
}
