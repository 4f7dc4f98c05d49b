"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { ClusterVerdict } from "@/lib/health/types";
import { rowKey, type ClusterQuery, type ClusterSortKey } from "@/lib/status/cluster-table";
import { CoverageSparkline } from "./coverage-timeline";
import { formatAge, SOURCE_LABELS, SOURCE_SHORT } from "./format";
import { VerdictBadge } from "./verdict-badge";

// Virtualized: only the rows in view (plus a few) are in the DOM, so 1,000 clusters scroll and
// filter smoothly. A real <table> with spacer rows keeps table semantics for screen readers.
// "use client" only for the virtualizer's scroll measurement; it fetches nothing.

const ROW_HEIGHT = 44;

const COLUMNS: { key: ClusterSortKey | null; label: string; className?: string }[] = [
  { key: "clusterId", label: "Cluster" },
  { key: "source", label: "Source" },
  { key: "severity", label: "Verdict" },
  { key: "lastSeen", label: "Last seen", className: "hidden sm:table-cell" },
  { key: null, label: "7-day coverage", className: "hidden md:table-cell" },
  { key: null, label: "Reason", className: "hidden lg:table-cell" },
];

export function ClusterTable({
  rows,
  query,
  onSort,
  onOpen,
}: {
  rows: ClusterVerdict[];
  query: ClusterQuery;
  onSort: (key: ClusterSortKey) => void;
  onOpen: (cluster: ClusterVerdict) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rowKey(rows[i]),
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  if (rows.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm dark:border-slate-700">No clusters match the filters.</p>;
  }
  return (
    <div ref={scrollRef} className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 dark:border-slate-800" data-testid="cluster-scroll">
      <table className="w-full table-fixed border-collapse text-sm" aria-rowcount={rows.length + 1} aria-label="Clusters">
        <colgroup>
          <col className="w-36 sm:w-48" />
          <col className="w-20 sm:w-24" />
          <col className="w-28 sm:w-32" />
          <col className="hidden w-32 sm:table-column" />
          <col className="hidden w-36 md:table-column" />
          <col className="hidden lg:table-column" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 dark:bg-slate-900">
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => {
              const active = c.key !== null && query.sort === c.key;
              return (
                <th
                  key={c.label}
                  scope="col"
                  className={`border-b border-slate-200 px-3 py-2 text-left font-semibold dark:border-slate-800 ${c.className ?? ""}`}
                  aria-sort={active ? (query.descending ? "descending" : "ascending") : undefined}
                >
                  {c.key ? (
                    <button type="button" onClick={() => onSort(c.key!)} className="inline-flex items-center gap-1 hover:underline">
                      {c.label}
                      <span aria-hidden="true" className="text-xs text-slate-500">
                        {active ? (query.descending ? "▼" : "▲") : "↕"}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
          {items.map((item) => {
            const c = rows[item.index];
            return (
              <tr
                key={item.key}
                aria-rowindex={item.index + 2}
                style={{ height: ROW_HEIGHT }}
                className="cursor-pointer border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800/60 dark:hover:bg-slate-900"
                onClick={() => onOpen(c)}
                data-cluster={c.clusterId}
                data-source={c.source}
              >
                <td className="truncate px-3 font-mono">
                  <button
                    type="button"
                    className="max-w-full truncate text-left text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
                    aria-label={`Details for ${c.clusterId} (${SOURCE_LABELS[c.source]})`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onOpen(c);
                    }}
                  >
                    {c.clusterId}
                  </button>
                </td>
                <td className="truncate px-3">
                  <abbr title={SOURCE_LABELS[c.source]} className="no-underline">
                    {SOURCE_SHORT[c.source]}
                  </abbr>
                </td>
                <td className="px-3">
                  <VerdictBadge verdict={c.verdict} />
                </td>
                <td className="hidden truncate px-3 tabular-nums sm:table-cell" title={c.lastSeen}>
                  {c.lagSeconds !== undefined ? `${formatAge(c.lagSeconds)} ago` : "never"}
                </td>
                <td className="hidden px-3 md:table-cell">
                  <CoverageSparkline days={c.coverage ?? []} />
                </td>
                <td className="hidden truncate px-3 text-slate-700 lg:table-cell dark:text-slate-300" title={c.reason}>
                  {c.reason}
                </td>
              </tr>
            );
          })}
          {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
        </tbody>
      </table>
    </div>
  );
}
