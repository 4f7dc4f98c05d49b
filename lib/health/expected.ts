import type { ClusterVerdict, Source } from "./types";
import { checkingVerdict, missingVerdict, sortByCluster, unexpectedJudgement } from "./evaluate";
import { SOURCE_DEFINITIONS } from "@/lib/status/sources";

// A link's expected clusters applied to a report probed without them, so links that name the
// same bucket with other cluster lists share one probe (the probe is keyed on what it reads).
// The same judgements evaluateClusters makes: not expected and otherwise fine -> unexpected;
// expected and absent -> missing, or checking while the source cannot tell yet.

export function judgeAgainstExpected(clusters: ClusterVerdict[], expected: string[], source: Source, pendingReason?: string): ClusterVerdict[] {
  const want = new Set(expected);
  const out = clusters.map((c): ClusterVerdict => {
    const isExpected = want.has(c.clusterId);
    if (isExpected || want.size === 0 || !(c.verdict === "healthy" || c.verdict === "lagging" || c.verdict === "stale")) return { ...c, expected: isExpected };
    return { ...c, expected: false, ...unexpectedJudgement(c.clusterId, c.reason) };
  });
  const shown = new Set(clusters.map((c) => c.clusterId));
  for (const id of want) {
    if (shown.has(id)) continue;
    const def = SOURCE_DEFINITIONS[source];
    out.push(pendingReason ? checkingVerdict(source, id, def.dataNoun, pendingReason) : missingVerdict(source, id, def.dataNoun, def.missingFix(id)));
  }
  return sortByCluster(out);
}
