import type { SourceReport } from "@/lib/health/types";
import { SOURCE_LABELS } from "./format";
import { CheckStatusBadge } from "./verdict-badge";

/** One source's checks. A failed check shows its message and fix; the others still render. */
export function SourceChecks({ report }: { report: SourceReport }) {
  const failed = report.checks.filter((c) => c.status === "fail").length;
  const headingId = `source-${report.source}-heading`;
  return (
    <section aria-labelledby={headingId} className="min-w-0 rounded-lg border border-slate-200 p-4 [overflow-wrap:anywhere] dark:border-slate-800" data-source={report.source}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={headingId} className="font-semibold">
          {SOURCE_LABELS[report.source]}
        </h3>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {report.clusters.length} clusters · {failed ? `${failed} failed checks · ` : ""}
          {(report.durationMs / 1000).toFixed(1)} s
          {report.requests !== undefined && ` · ${report.requests.toLocaleString("en-US")} S3 requests`}
        </span>
      </div>
      <p className="mt-0.5 break-all font-mono text-xs text-slate-600 dark:text-slate-400">{report.target}</p>
      {report.checks.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No checks ran.</p>
      ) : (
        <ul className="mt-3 space-y-2" aria-label={`${SOURCE_LABELS[report.source]} checks`}>
          {report.checks.map((c) => (
            <li key={c.id} className="text-sm" data-check={c.id}>
              <div className="flex flex-wrap items-center gap-2">
                <CheckStatusBadge status={c.status} />
                <span className="font-medium">{c.title}</span>
              </div>
              <p className={`mt-0.5 ${c.status === "ok" ? "text-slate-600 dark:text-slate-400" : ""}`}>{c.message}</p>
              {c.status !== "ok" && c.fix && (
                <p className="mt-0.5 text-slate-800 dark:text-slate-200">
                  <span className="font-semibold">Fix: </span>
                  {c.fix}
                </p>
              )}
              {c.missingAction && (
                <p className="mt-0.5 text-slate-800 dark:text-slate-200">
                  <span className="font-semibold">Missing IAM action: </span>
                  <code className="font-mono">{c.missingAction}</code>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
