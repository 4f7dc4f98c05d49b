import "server-only";
import { AMP_METRICS, type AmpDataObservation, type AmpLastSeen } from "@/lib/health/amp";
import type { PromClient } from "./query";

// Per-cluster "last sample seen" over the last 24 h, one query for all clusters.
// `timestamp(m)` alone sees only the 5 min lookback, so the 24 h part is a 5 min subquery;
// the `or timestamp(m)` side gives samples newer than the last 5 min-aligned subquery step their
// exact time (the left side wins for a cluster present on both sides).
// A cluster silent for longer than the window is not in the answer; known-clusters.ts remembers
// it so the page shows it stale instead of dropping it.

const WINDOW = "24h";
const lastSeenQuery = (by: string, selector: string) =>
  `max by (${by}) (timestamp(${selector})) or max by (${by}) (max_over_time(timestamp(${selector})[${WINDOW}:5m]))`;

/** Labels a Kubecost setup uses for the cluster when it is not the configured one (https://github.com/kubecost/docs/issues/421). */
const LIKELY_CLUSTER_LABELS = ["cluster", "cluster_name", "clusterName", "cluster_id", "kubernetes_cluster", "k8s_cluster", "eks_cluster"];

function toLastSeen(samples: { metric: Record<string, string>; value: number }[], label: string): AmpLastSeen[] {
  return samples
    .filter((s) => s.metric[label])
    .map((s) => ({ clusterId: s.metric[label], lastSeenMs: Math.round(s.value * 1000) }))
    .sort((a, b) => a.clusterId.localeCompare(b.clusterId));
}

/** Picks the label the unlabelled series most likely use for the cluster instead. */
export function guessClusterLabel(series: Record<string, string>[], configured: string): string | undefined {
  const counts = new Map<string, number>();
  for (const s of series) {
    for (const name of Object.keys(s)) {
      if (name === configured || name === "__name__" || !/cluster/i.test(name) || !s[name]) continue;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  const rank = (n: string) => (LIKELY_CLUSTER_LABELS.includes(n) ? LIKELY_CLUSTER_LABELS.indexOf(n) : 100);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]))[0]?.[0];
}

export async function observeClusterFreshness(prom: PromClient, label: string, now: Date): Promise<{ data: AmpDataObservation; queries: number }> {
  let queries = 0;
  for (const metric of AMP_METRICS) {
    queries++;
    const samples = await prom.query(lastSeenQuery(label, metric), now);
    if (samples.length === 0) continue;

    const data: AmpDataObservation = { label, metric, clusters: toLastSeen(samples, label) };
    const withoutLabel = samples.find((s) => !s.metric[label]);
    if (withoutLabel) {
      // Some series lack the configured label: the "only the primary shows up" case (https://github.com/kubecost/poc-common-configurations/issues/126).
      const selector = `{__name__="${metric}",${label}=""}`;
      queries++;
      const series = await prom.series(selector, new Date(now.getTime() - 24 * 3600_000), now);
      const other = guessClusterLabel(series, label);
      let placed = 0;
      if (other) {
        queries++;
        const bad = await prom.query(lastSeenQuery(other, `{__name__="${metric}",${label}="",${other}!=""}`), now);
        data.otherLabel = { label: other, clusters: toLastSeen(bad, other) };
        placed = series.filter((s) => s[other]).length;
      }
      // Series with no cluster label at all. Their newest sample is at most the `{}` group's time.
      const rest = Math.max(series.length - placed, other ? 0 : 1);
      if (rest > 0) data.unlabelled = { series: rest, lastSeenMs: Math.round(withoutLabel.value * 1000) };
    }
    return { data, queries };
  }
  return { data: { label, clusters: [] }, queries };
}
