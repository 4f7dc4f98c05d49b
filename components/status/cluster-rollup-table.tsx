"use client";

import { memo, useState } from "react";
import type { ClusterRollup } from "@/lib/health/rollup";
import type { Source } from "@/lib/health/types";
import { SOURCE_LABELS, SOURCE_SHORT } from "./format";
import { VerdictBadge } from "./verdict-badge";

// One row per cluster: its worst verdict, each source's verdict (a button opening that source's
// details) and the fix to do first, wrapped, never cut. The summary counts filter these rows.
// Worst first, so a long fleet shows its first rows and a "show all" button ("use client" for it).

const FIRST_ROWS = 100;
const HEADERS = ["Cluster", "Verdict", "Sources", "Do first"];

export const ClusterRollupTable = memo(function ClusterRollupTable({
  rows,
  sources,
  onOpen,
}: {
  rows: ClusterRollup[];
  sources: Source[];
  onOpen: (clusterId: string, source: Source) => void;
}) {
  const [all, setAll] = useState(false);
  if (rows.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm dark:border-slate-700">No clusters match the filters.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full border-collapse text-sm" aria-label="Clusters, one row each">
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            {HEADERS.map((h) => (
              <th key={h} scope="col" className="px-3 py-2 text-left font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(all ? rows : rows.slice(0, FIRST_ROWS)).map((c) => (
            <tr key={c.clusterId} className="border-t border-slate-100 align-top dark:border-slate-800/60" data-rollup-cluster={c.clusterId} data-verdict={c.verdict}>
              <td className="px-3 py-2 font-mono break-all">{c.clusterId}</td>
              <td className="px-3 py-2">
                <VerdictBadge verdict={c.verdict} />
              </td>
              <td className="px-3 py-2">
                <ul className="flex flex-wrap gap-1">
                  {sources
                    .filter((s) => c.sources[s])
                    .map((s) => (
                      <li key={s}>
                        <button
                          type="button"
                          onClick={() => onOpen(c.clusterId, s)}
                          aria-label={`${SOURCE_SHORT[s]} ${c.sources[s]}: open the ${SOURCE_LABELS[s]} row of ${c.clusterId}`}
                          className="inline-flex items-center gap-1 rounded-md border border-slate-200 px-1.5 py-0.5 text-xs hover:border-sky-500 dark:border-slate-700"
                        >
                          {SOURCE_SHORT[s]} <VerdictBadge verdict={c.sources[s]!} />
                        </button>
                      </li>
                    ))}
                </ul>
              </td>
              <td className="px-3 py-2 text-slate-800 [overflow-wrap:anywhere] dark:text-slate-200">{c.fix ?? (c.verdict === "healthy" ? "Nothing to do." : c.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > FIRST_ROWS && !all && (
        <button type="button" onClick={() => setAll(true)} className="m-3 text-sm font-medium text-sky-800 underline dark:text-sky-300">
          Show all {rows.length} clusters
        </button>
      )}
    </div>
  );
});
