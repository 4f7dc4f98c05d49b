"use client";

import { useId, useState } from "react";
import { diagnose, type DoctorReport } from "@/lib/doctor/diagnose";
import { kubecostChartRef, loadChartData } from "@/lib/charts/data";
import { ChartDrop } from "@/components/charts/chart-drop";
import { SchemaDownload } from "@/components/charts/schema-download";
import { KUBECOST_LINES, NEWEST_LINE, kubecostLine } from "@/lib/plan/kubecost-lines";
import { Field } from "@/components/ui/field";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { DoctorReportView } from "./doctor-report";

// The config doctor in the tab: the pasted or opened file lives only in this component's state
// (no URL, no localStorage, no request), since a values file or federated-store.yaml may hold keys.

const MAX_BYTES = 1_000_000;

export function DoctorClient() {
  const fileId = useId();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | undefined>();
  const [target, setTarget] = useState(kubecostLine(NEWEST_LINE).verified);
  const [secretKey, setSecretKey] = useState("");
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [error, setError] = useState<{ field: "text" | "target"; message: string } | null>(null);

  async function check() {
    // The target's key/type data is fetched for that version only, when first needed.
    const ref = kubecostChartRef(target);
    if (ref) await loadChartData(ref).catch(() => undefined);
    const r = diagnose({ text, target, fileName, secretKey: secretKey.trim() || undefined });
    if (r.ok) {
      setReport(r.value);
      setError(null);
    } else {
      const [{ path: field, message }] = r.problems;
      setError({ field: field === "target" ? "target" : "text", message });
      setTimeout(() => document.getElementById(field === "text" ? "doctor-text" : "doctor-target")?.focus(), 0);
    }
  }

  async function open(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError({ field: "text", message: `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; a values file is a few KB` });
      return;
    }
    setText(await file.text());
    setFileName(file.name);
    setReport(null);
  }

  return (
    // break-words is inherited: long key paths and URLs in step notes wrap instead of widening a phone's page.
    <div className="min-w-0 space-y-6 break-words">
      <h1 className="text-2xl font-semibold">Config doctor</h1>
      <p className="max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Paste or open a Kubecost values.yaml (or a federated-store.yaml / object-store.yaml) and choose the version you are moving to. The doctor
        says, per key, what that chart does with it, and rewrites the file for it. Everything runs in this browser tab: the file is not uploaded,
        stored or put in the address.
      </p>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-x-6 gap-y-2 md:grid-cols-2">
        <Field id="doctor-target" label="Target Kubecost version" hint="A chart version, e.g. 3.2.1 or 2.9.7." error={error?.field === "target" ? error.message : undefined}>
          {(p) => (
            <>
              <input {...p} className={inputClass} value={target} list="doctor-versions" spellCheck={false} onChange={(e) => setTarget(e.target.value.trim())} />
              <datalist id="doctor-versions">
                {KUBECOST_LINES.map((l) => (
                  <option key={l.id} value={l.verified}>
                    {l.label}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id="doctor-secret-key" label="Key in your federated-store Secret (optional)" hint="kubectl get secret federated-store -o jsonpath='{.data}' lists it; only the key's name, not its content.">
          {(p) => <input {...p} className={inputClass} value={secretKey} spellCheck={false} placeholder="federated-store.yaml" onChange={(e) => setSecretKey(e.target.value)} />}
        </Field>
        <Field
          id="doctor-text"
          label={fileName ? `File (${fileName})` : "File"}
          className="md:col-span-2"
          error={error?.field === "text" ? error.message : undefined}
        >
          {(p) => (
            <textarea
              {...p}
              className={`${inputClass} min-h-64 font-mono text-xs`}
              value={text}
              spellCheck={false}
              autoComplete="off"
              placeholder={"global:\n  clusterId: ..."}
              onChange={(e) => {
                setText(e.target.value);
                setFileName(undefined);
              }}
            />
          )}
        </Field>
      </div>
      <ChartDrop version={target} onSupplied={(v) => (setTarget(v), setReport(null))} />
      <SchemaDownload version={target} />
      <div className="flex flex-wrap items-center gap-3">
        <span className="relative inline-flex">
          <input id={fileId} type="file" accept=".yaml,.yml,.json,text/yaml" className="peer sr-only" onChange={(e) => void open(e.currentTarget)} />
          <label htmlFor={fileId} className={`${buttonClass("secondary")} cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-sky-600`}>
            Open a file
          </label>
        </span>
        <button type="button" className={buttonClass("primary")} onClick={check}>
          Check
        </button>
      </div>
      {report && <DoctorReportView report={report} />}
    </div>
  );
}
