import { VERDICTS, type StatusReport, type Verdict } from "@/lib/health/types";
import { VerdictBadge } from "./verdict-badge";

/** Clusters (distinct ids) per rollup verdict; each count is a toggle that filters the cluster
 * table to that verdict (the page scrolls to it). */
export function SummaryCounts({
  summary,
  active,
  onToggle,
}: {
  summary: StatusReport["summary"];
  active: Verdict[];
  onToggle: (verdict: Verdict) => void;
}) {
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading" className="sr-only">
        Summary
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8">
        <li className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <div className="text-2xl font-semibold tabular-nums" data-testid="count-total">
            {summary.total}
          </div>
          <div className="text-sm text-slate-600 dark:text-slate-400">clusters</div>
        </li>
        {VERDICTS.map((v) => (
          <li key={v}>
            <button
              type="button"
              aria-pressed={active.includes(v)}
              aria-label={`${summary[v]} ${v} cluster${summary[v] === 1 ? "" : "s"}: ${active.includes(v) ? "remove filter" : "show only these"}`}
              onClick={() => onToggle(v)}
              className="w-full rounded-lg border border-slate-200 p-3 text-left hover:border-sky-500 aria-pressed:border-sky-600 aria-pressed:bg-sky-50 dark:border-slate-800 dark:aria-pressed:bg-sky-950"
            >
              <div className="text-2xl font-semibold tabular-nums" data-testid={`count-${v}`}>
                {summary[v]}
              </div>
              <VerdictBadge verdict={v} />
            </button>
          </li>
        ))}
        <li className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <div
            className={`text-2xl font-semibold tabular-nums ${summary.failedChecks ? "text-red-700 dark:text-red-300" : ""}`}
            data-testid="count-failed-checks"
          >
            {summary.failedChecks}
          </div>
          <div className="text-sm text-slate-600 dark:text-slate-400">failed checks</div>
        </li>
      </ul>
    </section>
  );
}
