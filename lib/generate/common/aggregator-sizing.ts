import type { FederationPlan } from "@/lib/plan/schema";
import type { Values } from "./values";

// The primary's Aggregator sized from the cluster count (issue 20: a 150-cluster primary got the
// chart's defaults although the wizard warns that 20+ clusters need more memory and fast storage).
// Kubecost publishes two sizes, by unique containers per day, not by clusters
// (https://docs.kubecost.com/install-and-configure/install/multi-cluster/federated-etl/aggregator):
// the basic configuration (the chart defaults) for fewer than 20k containers a day, and an
// optimized one for fewer than 60k (requests 4 CPU / 12Gi, limits 6 CPU / 16Gi, a 128Gi database
// volume on fast SSD storage). A plan knows its clusters, not their containers, so the tiers below
// are our own mapping, chosen to err large: more than 20 clusters (the wizard's own threshold) get
// the optimized size. Beyond 60k containers Kubecost publishes no figure; above 100 clusters the
// database volume is 512Gi (the size Kubecost's earlier Aggregator page showed for larger
// deployments) and the comment says to check /diagnostics and raise memory from a measured baseline.

export const AGGREGATOR_SIZING_DOCS = "https://docs.kubecost.com/install-and-configure/install/multi-cluster/federated-etl/aggregator";

export interface AggregatorTier {
  id: "chart-defaults" | "optimized" | "fleet";
  /** The largest cluster count of the tier. */
  upTo: number;
  resources?: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  /** The Aggregator's database volume (aggregatorDbStorage.storageRequest). */
  storageRequest?: string;
}

const OPTIMIZED_RESOURCES = { requests: { cpu: "4", memory: "12Gi" }, limits: { cpu: "6", memory: "16Gi" } };

export const AGGREGATOR_TIERS: AggregatorTier[] = [
  { id: "chart-defaults", upTo: 20 },
  { id: "optimized", upTo: 100, resources: OPTIMIZED_RESOURCES, storageRequest: "128Gi" },
  { id: "fleet", upTo: Number.POSITIVE_INFINITY, resources: OPTIMIZED_RESOURCES, storageRequest: "512Gi" },
];

export const aggregatorTier = (clusterCount: number): AggregatorTier => AGGREGATOR_TIERS.find((t) => clusterCount <= t.upTo)!;

/** The primary's Aggregator values under `key` (3.x `aggregator`, 2.x `kubecostAggregator`);
 * nothing for the chart-defaults tier. The storage class stays the cluster's default (named in
 * the comment): which class is fast differs per provider. */
export function aggregatorSizingValues(plan: FederationPlan, key: "aggregator" | "kubecostAggregator"): Values {
  const tier = aggregatorTier(plan.clusters.length);
  if (!tier.resources) return {};
  return { [key]: { resources: tier.resources, aggregatorDbStorage: { storageRequest: tier.storageRequest } } };
}

/** The values file's comment lines on the sizing, for the primary. */
export function aggregatorSizingComment(plan: FederationPlan): string {
  const n = plan.clusters.length;
  const tier = aggregatorTier(n);
  if (!tier.resources) return `Aggregator: the chart's default size, Kubecost's basic configuration (fewer than 20k containers a day) for ${n} clusters (${AGGREGATOR_SIZING_DOCS}).`;
  const r = tier.resources;
  return [
    `Aggregator sized for ${n} clusters: requests ${r.requests.cpu} CPU / ${r.requests.memory}, limits ${r.limits.cpu} CPU / ${r.limits.memory}, a ${tier.storageRequest} database volume.`,
    `Kubecost's optimized configuration (fewer than 60k containers a day): ${AGGREGATOR_SIZING_DOCS}. Kubecost sizes by containers, not clusters: this mapping is our own.`,
    ...(tier.id === "fleet" ? ["Beyond 60k containers a day Kubecost publishes no figure: check /diagnostics and raise memory from a baseline measured over a few days."] : []),
    "Disk speed governs the Aggregator: set aggregatorDbStorage.storageClass to a fast SSD class (gp3 on EKS) if the default class is slower.",
  ].join("\n");
}
