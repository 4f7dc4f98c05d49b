import type { ClusterVerdict, Source, StatusReport, Verdict } from "@/lib/health/types";
import { VERDICT_SEVERITY } from "@/lib/health/rollup";

// The cluster table's filter and sort, pure so the page stays a thin renderer and the rules are
// unit-tested. Runs in the browser on every keystroke: one pass to filter, one sort, no copies
// per row, so 1,000 clusters stay well under a frame.

export { VERDICT_SEVERITY } from "@/lib/health/rollup";

export type ClusterSortKey = "severity" | "clusterId" | "source" | "lastSeen";

export interface ClusterQuery {
  verdicts: Verdict[]; // empty = all
  sources: Source[]; // empty = all
  search: string;
  sort: ClusterSortKey;
  descending: boolean;
}

export const DEFAULT_QUERY: ClusterQuery = { verdicts: [], sources: [], search: "", sort: "severity", descending: false };

/** A stable row key: one cluster can appear once per source. */
export const rowKey = (c: Pick<ClusterVerdict, "source" | "clusterId">) => `${c.source}:${c.clusterId}`;

export function allClusters(report: Pick<StatusReport, "sources">): ClusterVerdict[] {
  return report.sources.flatMap((s) => s.clusters);
}

function compare(a: ClusterVerdict, b: ClusterVerdict, key: ClusterSortKey): number {
  switch (key) {
    case "severity":
      return VERDICT_SEVERITY[a.verdict] - VERDICT_SEVERITY[b.verdict];
    case "source":
      return a.source.localeCompare(b.source);
    case "lastSeen":
      // Never seen sorts as the oldest.
      return (a.lastSeen ? Date.parse(a.lastSeen) : -Infinity) - (b.lastSeen ? Date.parse(b.lastSeen) : -Infinity);
    case "clusterId":
      return 0;
  }
}

export function queryClusters(clusters: ClusterVerdict[], q: ClusterQuery): ClusterVerdict[] {
  const verdicts = new Set(q.verdicts);
  const sources = new Set(q.sources);
  const needle = q.search.trim().toLowerCase();
  const rows = clusters.filter(
    (c) =>
      (verdicts.size === 0 || verdicts.has(c.verdict)) &&
      (sources.size === 0 || sources.has(c.source)) &&
      (needle === "" || c.clusterId.toLowerCase().includes(needle)),
  );
  const dir = q.descending ? -1 : 1;
  return rows.sort((a, b) => {
    const primary = compare(a, b, q.sort);
    if (primary !== 0 && !Number.isNaN(primary)) return primary * dir;
    // Ties: by id, then source, always ascending so the order is stable between refreshes.
    return a.clusterId.localeCompare(b.clusterId) * (q.sort === "clusterId" ? dir : 1) || a.source.localeCompare(b.source);
  });
}
