"use client";

import { memo, useState } from "react";
import type { ClusterRollup } from "@/lib/health/rollup";
import { SOURCE_SHORT } from "./format";
import { VerdictBadge } from "./verdict-badge";

// "Which cluster, what to do", first thing on the page: the clusters that need action, worst
// first (the rollup's order), each with what is wrong and the one fix to do first, in full.
// "use client" only for the show-all toggle.

const FIRST = 8;

export const NeedsAction = memo(function NeedsAction({ clusters }: { clusters: ClusterRollup[] }) {
  const [all, setAll] = useState(false);
  const needing = clusters.filter((c) => c.needsAction);
  if (needing.length === 0) {
    return (
      <p className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/50" data-testid="needs-action-none">
        Nothing needs action: every cluster is healthy{clusters.some((c) => c.verdict === "checking") ? " or still being checked" : ""}.
      </p>
    );
  }
  const shown = all ? needing : needing.slice(0, FIRST);
  return (
    <section aria-labelledby="needs-action-heading" className="rounded-lg border border-red-200 p-4 dark:border-red-900" data-testid="needs-action">
      <h2 id="needs-action-heading" className="text-lg font-semibold">
        Needs action
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {needing.length} cluster{needing.length === 1 ? "" : "s"}, worst first
      </p>
      <ol className="mt-3 space-y-3">
        {shown.map((c) => (
          <li key={c.clusterId} className="space-y-1 border-t border-slate-200 pt-3 first:border-t-0 first:pt-0 dark:border-slate-800" data-cluster={c.clusterId} data-verdict={c.verdict}>
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-mono font-semibold break-all">{c.clusterId}</span>
              <VerdictBadge verdict={c.verdict} />
              <span className="text-xs text-slate-600 dark:text-slate-400">from {SOURCE_SHORT[c.worstSource]}</span>
            </p>
            <p className="text-sm [overflow-wrap:anywhere]">
              <span className="font-semibold">What is wrong: </span>
              {c.reason}
            </p>
            {c.fix && (
              <p className="text-sm [overflow-wrap:anywhere]">
                <span className="font-semibold">What to do: </span>
                {c.fix}
              </p>
            )}
          </li>
        ))}
      </ol>
      {needing.length > FIRST && (
        <button type="button" onClick={() => setAll((a) => !a)} className="mt-3 text-sm font-medium text-sky-800 underline dark:text-sky-300">
          {all ? "Show the first " + FIRST : `Show all ${needing.length}`}
        </button>
      )}
    </section>
  );
});
