import { SOURCES, VERDICTS, type ClusterVerdict, type Source, type SourceReport, type Verdict } from "./types";

// One row per cluster over every source: the worst verdict, each source's verdict, and the one
// fix to do first (the worst source's). The summary counts clusters (distinct ids), not
// per-source rows, and the "needs action" list is the rollup without the healthy and the still
// checking, worst first. Pure: the API, the page and the tests read the same rollup.

/** Worst first: what needs attention sorts to the top. */
export const VERDICT_SEVERITY: Record<Verdict, number> = {
  error: 0,
  missing: 1,
  stale: 2,
  lagging: 3,
  unexpected: 4,
  checking: 5,
  healthy: 6,
};

/** Verdicts that ask the admin to do something (a late cluster included: it may stop next). */
export const NEEDS_ACTION: ReadonlySet<Verdict> = new Set(["error", "missing", "stale", "lagging", "unexpected"]);

export interface ClusterRollup {
  clusterId: string;
  /** The worst verdict across its sources; `checking` while a source that could overturn a good
   * verdict is still probing. */
  verdict: Verdict;
  /** Each source's verdict for this cluster (only the sources that report it). */
  sources: Partial<Record<Source, Verdict>>;
  /** The source whose verdict is the worst (ties: the order of SOURCES). */
  worstSource: Source;
  /** Why, from that source: the reason in full, never cut. */
  reason: string;
  /** The one fix to do first: the worst source's fix (absent when nothing is to be done). */
  fix?: string;
  needsAction: boolean;
}

export type ClusterSummary = Record<Verdict, number> & { total: number; failedChecks: number };

const worse = (a: ClusterVerdict, b: ClusterVerdict) =>
  VERDICT_SEVERITY[a.verdict] - VERDICT_SEVERITY[b.verdict] || SOURCES.indexOf(a.source) - SOURCES.indexOf(b.source);

/** Rolls the sources' rows up per cluster id, worst first, then by id. `pendingSources`: sources
 * still probing (a partial report): a cluster that looks fine so far is `checking`. */
export function rollupClusters(sources: readonly SourceReport[], pendingSources: readonly Source[] = []): ClusterRollup[] {
  const byId = new Map<string, ClusterVerdict[]>();
  for (const s of sources) for (const c of s.clusters) byId.set(c.clusterId, [...(byId.get(c.clusterId) ?? []), c]);
  const out: ClusterRollup[] = [];
  for (const [clusterId, rows] of byId) {
    const worst = [...rows].sort(worse)[0];
    const fixer = worst.fix ? worst : [...rows].sort(worse).find((r) => r.fix && r.verdict !== "healthy");
    let verdict = worst.verdict;
    let reason = worst.reason;
    if (pendingSources.length > 0 && (verdict === "healthy" || verdict === "lagging" || verdict === "unexpected")) {
      verdict = "checking";
      reason = `${reason} Still probing ${pendingSources.join(", ")}.`;
    }
    out.push({
      clusterId,
      verdict,
      sources: Object.fromEntries(rows.map((r) => [r.source, r.verdict])),
      worstSource: worst.source,
      reason,
      ...(verdict !== "healthy" && fixer?.fix ? { fix: fixer.fix } : {}),
      needsAction: NEEDS_ACTION.has(verdict),
    });
  }
  return out.sort((a, b) => VERDICT_SEVERITY[a.verdict] - VERDICT_SEVERITY[b.verdict] || (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0));
}

/** Clusters per verdict (each cluster once, by its rollup verdict), and the sources' failed checks. */
export function summarizeClusters(rollup: readonly ClusterRollup[], sources: readonly SourceReport[]): ClusterSummary {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const c of rollup) counts[c.verdict]++;
  const failedChecks = sources.reduce((n, s) => n + s.checks.filter((c) => c.status === "fail").length, 0);
  return { ...counts, total: rollup.length, failedChecks };
}

/** The rollup and its summary for a set of source reports. */
export function rollupReport(sources: readonly SourceReport[], pendingSources: readonly Source[] = []): { clusters: ClusterRollup[]; summary: ClusterSummary } {
  const clusters = rollupClusters(sources, pendingSources);
  return { clusters, summary: summarizeClusters(clusters, sources) };
}
