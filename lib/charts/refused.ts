import refused321 from "@/data/charts/kubecost-3.2.1.refused-2.x-keys.json";
import type { ChartRef } from "@/lib/generate/types";
import { referenceVersionFor } from "./keys";
import { getPath } from "@/lib/values/tree";

// Values a chart version refuses at install time with `fail`, and the chart's own message. One
// table for the generators' tests, the doctor and the 3.x generator.

export interface Refusal {
  /** The value path the chart refuses (or whose value it refuses). */
  path: string;
  /** The chart's own message, then where it comes from. */
  message: string;
}

const get = getPath;
const present = (values: unknown, path: string) => get(values, path) !== undefined && get(values, path) !== null;

interface RefusalRule {
  path: string;
  refused: (values: unknown) => boolean;
  message: string;
}

const CLUSTER_ID = "prometheus.server.global.external_labels.cluster_id";
/** cluster-one is the chart default: a cluster that sets no id has it. */
const defaultClusterId = (values: unknown) => (get(values, CLUSTER_ID) ?? "cluster-one") === "cluster-one";
const off = (values: unknown, path: string) => get(values, path) === false;

const DIAGNOSTICS_CLUSTER_ONE =
  "Error: The 'cluster_id' is set to default 'cluster-one'. Please update so that the diagnostics service can uniquely identify data coming from this cluster.";

/** 1.108.1 templates/diagnostics-deployment.yaml: diagnostics (on by default) with Thanos or a
 * federated store refuses the default id (https://github.com/kubecost/kubecost/blob/v1.108.1/cost-analyzer/templates/diagnostics-deployment.yaml). */
const diagnostics1: RefusalRule = {
  path: CLUSTER_ID,
  refused: (v) => !off(v, "diagnostics.enabled") && (get(v, "global.thanos.enabled") === true || present(v, "kubecostModel.federatedStorageConfigSecret")) && defaultClusterId(v),
  message: `${DIAGNOSTICS_CLUSTER_ONE} (https://github.com/kubecost/kubecost/blob/v1.108.1/cost-analyzer/templates/diagnostics-deployment.yaml)`,
};

const federatedStore2 = (v: unknown) => present(v, "kubecostModel.federatedStorageConfigSecret") || present(v, "kubecostModel.federatedStorageConfig");

/** 2.x NOTES.txt "clusterIDCheck" and diagnostics-deployment.yaml (v2.4.2 to v2.9.7). */
const clusterId2 = (tag: string): RefusalRule[] => [
  {
    path: CLUSTER_ID,
    refused: (v) => federatedStore2(v) && !present(v, "prometheus.server.clusterIDConfigmap") && defaultClusterId(v),
    message: `When using multi-cluster Kubecost, you must specify a unique \`.Values.prometheus.server.global.external_labels.cluster_id\` for each cluster. (https://github.com/kubecost/kubecost/blob/${tag}/cost-analyzer/templates/_helpers.tpl, clusterIDCheck)`,
  },
  {
    path: "thanos.store.enabled",
    refused: (v) => get(v, "thanos.store.enabled") === true,
    message: `You are attempting to upgrade to Kubecost 2.x. Kubecost no longer includes Thanos by default. (https://github.com/kubecost/kubecost/blob/${tag}/cost-analyzer/templates/_helpers.tpl)`,
  },
];

/** 3.2.1: the 2.x keys its "kubecost.v3-preconditions" refuse, with the message helm printed
 * (data/charts/kubecost-3.2.1.refused-2.x-keys.json). `global` itself is checked key by key. */
const rules321: RefusalRule[] = Object.entries(refused321.refused as Record<string, string>)
  .filter(([path]) => path !== "global" && path !== "extraObjects")
  .map(([path, text]) => ({
    path,
    refused: (v: unknown) => present(v, path),
    message: `${text.slice(text.indexOf("Error:"))} (https://github.com/kubecost/kubecost/blob/v3.2.1/kubecost/templates/_helpers.tpl)`,
  }));

const RULES: Partial<Record<ChartRef["chart"], Record<string, RefusalRule[]>>> = {
  "cost-analyzer": { "1.108.1": [diagnostics1], "2.4.2": clusterId2("v2.4.2"), "2.8.7": clusterId2("v2.8.7"), "2.9.7": clusterId2("v2.9.7") },
  kubecost: { "3.2.1": rules321 },
};

/** What the chart version would refuse in these values, with its own message. Empty: installs. */
export function refusedKeys(ref: ChartRef, values: unknown): Refusal[] {
  const rules = RULES[ref.chart]?.[referenceVersionFor(ref)] ?? [];
  return rules.filter((r) => r.refused(values)).map(({ path, message }) => ({ path, message }));
}
