"use client";

import { useEffect, useRef } from "react";
import type { ClusterVerdict } from "@/lib/health/types";
import { CoverageTimeline } from "./coverage-timeline";
import { formatAge, formatBytes, formatTime, SOURCE_LABELS } from "./format";
import { VerdictBadge } from "./verdict-badge";
import { describeFact } from "@/lib/status/fact-labels";

// A native modal <dialog>: focus moves in, Escape closes, focus returns to the row that opened
// it. "use client" only for showModal(); it fetches nothing.

export function ClusterDetails({ cluster, onClose }: { cluster: ClusterVerdict | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (cluster && !dialog.open) dialog.showModal();
    if (!cluster && dialog.open) dialog.close();
  }, [cluster]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="cluster-details-heading"
      className="m-auto w-[min(44rem,calc(100vw-1rem))] max-h-[90vh] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      {cluster && (
        <div className="space-y-5 p-5">
          <header className="flex items-start justify-between gap-3">
            <div>
              <h2 id="cluster-details-heading" className="font-mono text-lg font-semibold break-all">
                {cluster.clusterId}
              </h2>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                <VerdictBadge verdict={cluster.verdict} />
                <span>{SOURCE_LABELS[cluster.source]}</span>
                <span className="text-slate-600 dark:text-slate-400">{cluster.expected ? "expected" : "not in the expected list"}</span>
              </p>
            </div>
            <button
              type="button"
              onClick={onClose}
              className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Close
            </button>
          </header>

          <section aria-label="Why">
            <p>{cluster.reason}</p>
            {cluster.fix && (
              <p className="mt-2 rounded-md bg-sky-50 p-3 text-sm dark:bg-sky-950/60">
                <span className="font-semibold">What to do: </span>
                {cluster.fix}
              </p>
            )}
          </section>

          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600 dark:text-slate-400">Last seen</dt>
            <dd>{cluster.lastSeen ? formatTime(cluster.lastSeen) : "never"}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Lag</dt>
            <dd>{cluster.lagSeconds !== undefined ? formatAge(cluster.lagSeconds) : "–"}</dd>
            {Object.entries(cluster.facts ?? {}).map(([k, v]) => {
              const f = describeFact(k, v);
              return (
                <div key={k} className="contents">
                  <dt className="text-slate-600 dark:text-slate-400">{f.label}</dt>
                  <dd className="break-all">{f.value}</dd>
                </div>
              );
            })}
          </dl>

          <section aria-labelledby="coverage-heading">
            <h3 id="coverage-heading" className="mb-2 font-semibold">
              Coverage, last {cluster.coverage?.length || 7} days
            </h3>
            <CoverageTimeline days={cluster.coverage ?? []} />
          </section>

          {!!cluster.evidence?.length && (
            <section aria-labelledby="evidence-heading">
              <h3 id="evidence-heading" className="mb-2 font-semibold">
                {cluster.source === "thanos" ? "Newest blocks" : cluster.source === "amp" ? "Samples" : "Newest files"}
              </h3>
              <ul className="space-y-2 text-sm">
                {cluster.evidence.map((e, i) => (
                  <li key={`${e.label}-${i}`} className="rounded-md border border-slate-200 p-2 dark:border-slate-800">
                    <div className="font-medium">{e.label}</div>
                    {e.key && <div className="font-mono text-xs break-all text-slate-700 dark:text-slate-300">{e.key}</div>}
                    <div className="text-xs text-slate-600 dark:text-slate-400">
                      {[e.lastModified && formatTime(e.lastModified), e.sizeBytes !== undefined && formatBytes(e.sizeBytes), e.note]
                        .filter(Boolean)
                        .join(" · ")}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </dialog>
  );
}
