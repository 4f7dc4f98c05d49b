import type { ChartLine } from "@/lib/plan/kubecost-lines";

// Where a values key went between Kubecost lines: one row per move, read by the doctor's report
// and its rewrite. Sources: the charts' own checks, which fail the install with these messages —
// "kubecost.v3-preconditions" and "kubecost.clusterId.check" in
// https://github.com/kubecost/kubecost/blob/v3.2.1/kubecost/templates/_helpers.tpl, and
// "kc29FailConditions" / "mustHaveGlobalFederatedStoreCheck" in
// https://github.com/kubecost/kubecost/blob/v2.9.7/cost-analyzer/templates/_helpers.tpl.

export interface Move {
  /** The old path (a whole subtree when `subtree`). */
  from: string;
  /** The new path, or null when nothing replaces it. */
  to: string | null;
  /** The subtree keeps its shape below the new path (kubecostAggregator.* -> aggregator.*). */
  subtree?: boolean;
  /** A fixed value to write at `to` instead of the old value (federatedETL.agentOnly -> aggregator.enabled: false). */
  value?: (old: unknown) => unknown;
  /** The target lines this move applies to. */
  lines: readonly ChartLine[];
  /** Target lines that still read the old key and need it equal to the new one (a copy, not a move). */
  keepOn?: readonly ChartLine[];
  /** The target lines whose chart fails the install while the old key is set. */
  failsOn: readonly ChartLine[];
  /** What to tell the admin, in the chart's words where it has some. */
  why: string;
}

const V3: readonly ChartLine[] = ["3.x"];
const V29_V3: readonly ChartLine[] = ["2.9", "3.x"];

export const MOVES: readonly Move[] = [
  { from: "prometheus.server.global.external_labels.cluster_id", to: "global.clusterId", lines: V29_V3, keepOn: ["2.9"], failsOn: V3, why: "The cluster id is global.clusterId from 2.9 on; 2.9 needs both equal, 3.x fails on the old key" },
  { from: "kubecostProductConfigs.clusterName", to: "global.clusterId", lines: V3, failsOn: V3, why: "In Kubecost 3.0, `.Values.kubecostProductConfigs.clusterName` has been moved to `.Values.global.clusterId`" },
  { from: "kubecostModel.federatedStorageConfigSecret", to: "global.federatedStorage.existingSecret", lines: V29_V3, failsOn: V29_V3, why: "The federated store moved to global.federatedStorage; 2.9 and 3.x fail on the old key" },
  { from: "kubecostModel.federatedStorageConfig", to: "global.federatedStorage.config", lines: V29_V3, failsOn: V29_V3, why: "The federated store moved to global.federatedStorage; 2.9 and 3.x fail on the old key" },
  { from: "prometheus.server.clusterIDConfigmap", to: null, lines: V29_V3, failsOn: V29_V3, why: "2.9 fails on it: set global.clusterId instead" },
  { from: "federatedETL.federatedCluster", to: "finopsagent.enabled", value: (v) => v === true, lines: V3, failsOn: V3, why: "In 3.x the FinOps agent writes the bucket (finopsagent.enabled)" },
  { from: "federatedETL.agentOnly", to: "aggregator.enabled", value: (v) => v !== true, lines: V3, failsOn: V3, why: "A 3.x agent is Kubecost with the aggregator off" },
  { from: "federatedETL.readOnlyPrimary", to: "finopsagent.enabled", value: (v) => v !== true, lines: V3, failsOn: V3, why: "A 3.x read-only primary runs no FinOps agent" },
  { from: "kubecostAggregator.deployMethod", to: "aggregator.enabled", value: (v) => v !== "disabled", lines: V3, failsOn: V3, why: "3.x turns the aggregator on or off with aggregator.enabled" },
  { from: "kubecostAggregator", to: "aggregator", subtree: true, lines: V3, failsOn: V3, why: "`.Values.kubecostAggregator` is no longer supported. Please use `.Values.aggregator` instead." },
  { from: "kubecostFrontend", to: "frontend", subtree: true, lines: V3, failsOn: V3, why: "`.Values.kubecostFrontend` is no longer supported. Please use `.Values.frontend` instead." },
  { from: "service", to: "frontend.service", subtree: true, lines: V3, failsOn: V3, why: "Service configuration is now handled by `.Values.frontend.service`." },
  { from: "kubecostProductConfigs.cloudIntegrationSecret", to: "cloudCost.cloudIntegrationSecret", lines: V3, failsOn: V3, why: "Please use `.Values.cloudCost.cloudIntegrationSecret` instead." },
  { from: "kubecostProductConfigs.cloudIntegrationJSON", to: "cloudCost.cloudIntegrationJSON", lines: V3, failsOn: V3, why: "Please use `.Values.cloudCost.cloudIntegrationJSON` instead." },
  // `global` is read whole by 3.2.1 (so the key lint accepts any global.*), but no 3.2.1 template
  // reads global.thanos: it is silently ignored.
  { from: "global.thanos", to: null, lines: V3, failsOn: [], why: "Kubecost 3.x has no Thanos (no 3.2.1 template reads global.thanos): remove it" },
  { from: "thanos", to: null, lines: ["2.x", "2.9", "3.x"], failsOn: [], why: "The bundled Thanos subchart ended with 1.108: remove it" },
  { from: "pricingCsv", to: null, lines: V3, failsOn: V3, why: "Please use `.Values.enterpriseCustomPricing` instead (a different shape: rewrite it by hand)." },
];

/** The move that covers a path for a target line (the longest `from` wins). */
export function moveFor(path: string, line: ChartLine): Move | undefined {
  return MOVES.filter((m) => m.lines.includes(line) && (path === m.from || (path.startsWith(`${m.from}.`) && (m.subtree || m.to === null))))
    .sort((a, b) => b.from.length - a.from.length)[0];
}

/** Where a path lands under a move. */
export function movedPath(path: string, m: Move): string | null {
  if (m.to === null) return null;
  return m.subtree ? m.to + path.slice(m.from.length) : m.to;
}

/** The cluster id's places, newest first: the doctor reads the first that is set. */
export const CLUSTER_ID_PATHS = ["global.clusterId", "prometheus.server.global.external_labels.cluster_id", "kubecostProductConfigs.clusterName"] as const;

// The chart default cluster id and the federated-store Secret's key (lib/plan/ids.ts).
export { DEFAULT_CLUSTER_ID, FEDERATED_STORE_KEY as DEFAULT_STORE_KEY } from "@/lib/plan/ids";
