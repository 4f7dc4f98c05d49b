"use client";

import { useId, useState } from "react";
import { kubecostChartRef, suppliedLabel } from "@/lib/charts/data";
import { KUBECOST_LINES, newerVersionNotice } from "@/lib/plan/kubecost-lines";
import { buttonClass } from "@/components/ui/styles";

// Bring your own chart (issue 18): the admin drops the chart package they will install (what
// `helm pull kubecost/kubecost --version X` downloads); it is read in this tab (gzip + tar) and
// every check for its version runs against it. Without one, a version newer than the verified
// one is checked against the verified one, and this says so.

const MAX_BYTES = 20 * 1024 * 1024;
const KUBECOST_CHARTS = [...new Set(KUBECOST_LINES.map((l) => l.chart))];

/** Which chart the checks for `version` run against, in a sentence. */
export function ChartNotice({ version }: { version: string }) {
  const ref = kubecostChartRef(version);
  const supplied = ref ? suppliedLabel(ref) : undefined;
  const text = supplied ? `Checked against ${supplied}.` : newerVersionNotice(version);
  if (!text) return null;
  return (
    <p role="status" className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-50">
      {text}
    </p>
  );
}

export function ChartDrop({ version, onSupplied }: { version: string; onSupplied: (version: string) => void }) {
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [, setSupplied] = useState<string>();

  async function read(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; a chart package is a few hundred KB`);
      return;
    }
    try {
      // The package reader loads only when a chart is dropped: no weight on the page otherwise.
      const { supplyChartPackage } = await import("@/lib/charts/derive/supply");
      const supplied = supplyChartPackage(new Uint8Array(await file.arrayBuffer()), KUBECOST_CHARTS);
      setError(null);
      setSupplied(supplied.label);
      onSupplied(supplied.ref.version);
    } catch (err) {
      setError(`${file.name}: ${(err as Error).message}`);
    }
  }

  return (
    <section aria-labelledby={`${inputId}-title`} className="space-y-2">
      <h2 id={`${inputId}-title`} className="text-sm font-medium">
        Check against your own chart (optional)
      </h2>
      <div
        role="region"
        aria-label="Chart package drop zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void read(e.dataTransfer.files[0]);
        }}
        className={`flex flex-wrap items-center gap-3 rounded-md border border-dashed p-3 text-sm ${over ? "border-sky-600 bg-sky-50 dark:bg-sky-950/40" : "border-slate-300 dark:border-slate-600"}`}
      >
        <span className="min-w-0 flex-1 text-slate-700 dark:text-slate-300">
          Drop the chart package you will install (the .tgz from <code>helm pull kubecost/kubecost --version {version || "3.2.1"}</code>) to check against
          that exact chart. It is read in this tab, never uploaded.
        </span>
        <span className="relative inline-flex">
          <input id={inputId} type="file" accept=".tgz,.tar.gz,application/gzip" className="peer sr-only" onChange={(e) => void read(e.currentTarget.files?.[0])} />
          <label htmlFor={inputId} className={`${buttonClass("secondary")} cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-sky-600`}>
            Choose a chart package
          </label>
        </span>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-200">
          {error}
        </p>
      )}
      <ChartNotice version={version} />
    </section>
  );
}
