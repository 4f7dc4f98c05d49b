import "server-only";
import type { ThanosTarget } from "./targets";
import type { CheckResult } from "@/lib/health/types";
import type { ClusterObservation, ClusterProblem } from "@/lib/health/observation";

// What the Thanos probe says about labels and layout: producer blocks that lack the configured
// cluster label (from the recent blocks and, once it ran, from the full scan's every block), the
// clusters they belong to, and a bucket that holds no blocks at all.


/** Producer blocks without the configured cluster label, by block ULID. */
export type UnlabelledBlocks = Map<string, { labels: Record<string, string>; uploadedMs: number }>;

/** Labels that name a cluster in real setups (kube-prometheus-stack, Kubecost 1.x, Rancher...). */
const CLUSTER_LABELS = ["cluster_id", "cluster", "k8s_cluster", "cluster_name"];

const otherLabel = (labels: Record<string, string>, configured: string) => CLUSTER_LABELS.find((l) => l !== configured && l in labels);

export function unlabelledCheck(blocks: UnlabelledBlocks, clusterLabel: string, scanned: boolean): CheckResult {
  const sets = new Map<string, Record<string, string>>();
  for (const { labels } of blocks.values()) sets.set(JSON.stringify(labels), labels);
  const other = [...sets.values()].map((l) => otherLabel(l, clusterLabel)).find(Boolean);
  const n = blocks.size;
  return {
    id: "thanos.clusterLabel",
    source: "thanos",
    title: "Cluster label",
    status: "warn",
    finding: true,
    message: `${n} ${scanned ? "" : "recent "}block${n === 1 ? "" : "s"} lack the label ${clusterLabel} (labels seen: ${[...sets.keys()].slice(0, 3).join("; ") || "none"})${scanned ? "" : "; older blocks are checked when the full scan finishes"}.`,
    fix: other
      ? `The producers use "${other}": set the Thanos clusterLabel to ${other} in the status config (FC_THANOS_CLUSTER_LABEL), or add the external label ${clusterLabel} to those Prometheus servers.`
      : `Add a unique external label ${clusterLabel} to every Prometheus that uploads (prometheus.server.global.external_labels.${clusterLabel}); without it the blocks of different clusters overlap (https://thanos.io/tip/components/sidecar.md/#external-labels).`,
    durationMs: 0,
  };
}

/**
 * One row per cluster whose blocks carry another cluster label ("cluster" instead of
 * "cluster_id"): an error on its own row with the fix, instead of "missing, check the sidecar".
 * A cluster that also has correctly labelled blocks gets a note (a relabel in progress).
 */
export function mislabelledClusters(blocks: UnlabelledBlocks, clusterLabel: string, observations: ClusterObservation[]): ClusterObservation[] {
  const byId = new Map<string, { label: string; count: number; newestMs: number }>();
  for (const { labels, uploadedMs } of blocks.values()) {
    const label = otherLabel(labels, clusterLabel);
    if (!label) continue;
    const id = labels[label];
    const cur = byId.get(id) ?? { label, count: 0, newestMs: 0 };
    cur.count++;
    cur.newestMs = Math.max(cur.newestMs, uploadedMs);
    byId.set(id, cur);
  }
  const out: ClusterObservation[] = [];
  for (const [id, m] of byId) {
    const existing = observations.find((o) => o.clusterId === id);
    const problem: ClusterProblem = {
      severity: existing ? "note" : "error",
      reason: `${m.count} block${m.count === 1 ? "" : "s"} from this cluster carry ${m.label}="${id}" instead of ${clusterLabel}="${id}": queries on ${clusterLabel} do not see them.`,
      fix: `On this cluster's Prometheus set the external label ${clusterLabel}="${id}" (prometheus.server.global.external_labels.${clusterLabel}); or, if every cluster uses ${m.label}, set the status config's thanos.clusterLabel (FC_THANOS_CLUSTER_LABEL) to ${m.label}.`,
    };
    if (existing) (existing.problems ??= []).push(problem);
    else out.push({ clusterId: id, lastSeenMs: m.newestMs, problems: [problem], facts: { clusterLabelUsed: m.label, mislabelledBlocks: m.count } });
  }
  return out;
}

export function emptyBucketCheck(names: string[], target: ThanosTarget): CheckResult {
  const where = `s3://${target.bucket}/${target.prefix}`;
  return {
    id: "thanos.layout",
    source: "thanos",
    title: "Bucket layout",
    status: "warn",
    message: names.length
      ? `${where} holds no Thanos blocks (<ULID>/meta.json), only: ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", ..." : ""}. This does not look like a Thanos bucket${names.some((n) => n === "federated" || n === "finops-agent") ? " (it looks like a Kubecost ETL or FinOps-agent bucket)" : ""}.`
      : `${where} is empty: no Thanos block was ever uploaded here.`,
    fix: "Check the Thanos bucket name and prefix in the status config against the sidecars' objstore config (bucket, prefix); Thanos writes <ULID>/meta.json under the prefix (https://thanos.io/tip/thanos/storage.md/).",
    durationMs: 0,
  };
}
