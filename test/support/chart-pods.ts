import { at } from "./generated-plan";
import { renderedAgent } from "./chart-model";

// What cost-analyzer 2.8.7 / 2.9.7 and kubecost 3.2.1 (with the finops-agent v1.0.20 subchart)
// render for the values we emit: each pod's service account, whether it mounts the federated
// store (so it calls the bucket), the service accounts the release itself creates, and the
// ConfigMaps. Written by hand from `helm template` runs of the published charts
// (https://github.com/kubecost/kubecost/tree/v2.9.7/cost-analyzer,
// https://github.com/kubecost/kubecost/tree/v3.2.1/kubecost,
// https://github.com/kubecost/finops-agent-chart/tree/v1.0.20/charts/finops-agent); the charts
// themselves cannot enter this repository.
//
// cost-analyzer (2.8.7, 2.9.7), release R:
// - the Kubecost account is serviceAccount.name (default R-cost-analyzer), created with
//   serviceAccount.annotations unless serviceAccount.create is false;
// - R-cost-analyzer runs everywhere as it; with kubecostAggregator.deployMethod statefulset also
//   R-aggregator and R-cloud-cost; with etlUtils.enabled R-etl-utils; all mount the federated
//   store when federatedETL.federatedCluster (or, 2.9, global.federatedStorage) is set;
// - R-prometheus-server runs as prometheus.serviceAccounts.server.name (default
//   R-prometheus-server, created unless .create is false), no bucket;
// - ConfigMap pricing-configs (or pricingConfigmapName) whenever kubecostProductConfigs is set.
// kubecost 3.2.1, release R:
// - the Kubecost account (serviceAccount.name, default R) is created only when the aggregator or
//   cloud cost runs (templates/kubecost-service-account.yaml);
// - R-aggregator (aggregator.enabled, default on), R-cloud-cost (cloudCost.enabled, default on)
//   run as it and mount the store; R-frontend runs as it without the store; R-local-store
//   (localStore.enabled, default on) runs as the namespace default account and mounts the store;
// - R-cluster-controller (clusterController.enabled, default on) runs as R-cluster-controller,
//   created with clusterController.serviceAccount.annotations, else serviceAccount.annotations,
//   and mounts the store.
// finops-agent v1.0.20 (both charts, finopsagent.enabled): see chart-model.ts; it also
// renders a ConfigMap pricing-configs whenever global.federatedStorage is set.

export interface RenderedPod { name: string; serviceAccount: string; bucket: boolean }
export interface MadeAccount { name: string; annotations?: Record<string, string> }
export interface ChartRender { pods: RenderedPod[]; accounts: MadeAccount[]; configMaps: string[] }

const on = (v: unknown, dflt: boolean) => (v === undefined ? dflt : v === true);

export function renderChart(chart: "cost-analyzer" | "kubecost", values: unknown, release: string): ChartRender {
  const pods: RenderedPod[] = [];
  const accounts: MadeAccount[] = [];
  const configMaps: string[] = [];
  const sa = at(values, "serviceAccount") as { create?: boolean; name?: string; annotations?: Record<string, string> } | undefined;
  const create = sa?.create !== false;
  const agent = renderedAgent(values, release);
  const store = at(values, "global", "federatedStorage", "existingSecret") !== undefined;
  if (chart === "cost-analyzer") {
    const kubecostSa = create ? (sa?.name ?? `${release}-cost-analyzer`) : (sa?.name ?? "default");
    if (create) accounts.push({ name: kubecostSa, annotations: sa?.annotations });
    const bucket = at(values, "federatedETL", "federatedCluster") === true || store;
    pods.push({ name: `${release}-cost-analyzer`, serviceAccount: kubecostSa, bucket });
    if (at(values, "kubecostAggregator", "deployMethod") === "statefulset") {
      pods.push({ name: `${release}-aggregator`, serviceAccount: kubecostSa, bucket }, { name: `${release}-cloud-cost`, serviceAccount: kubecostSa, bucket });
    }
    if (at(values, "etlUtils", "enabled") === true) pods.push({ name: `${release}-etl-utils`, serviceAccount: kubecostSa, bucket: true });
    const prom = at(values, "prometheus", "serviceAccounts", "server") as { create?: boolean; name?: string } | undefined;
    const promSa = prom?.name ?? `${release}-prometheus-server`;
    if (prom?.create !== false) accounts.push({ name: promSa });
    pods.push({ name: `${release}-prometheus-server`, serviceAccount: promSa, bucket: false });
    if (at(values, "kubecostProductConfigs") !== undefined) configMaps.push((at(values, "pricingConfigmapName") as string | undefined) ?? "pricing-configs");
  } else {
    const kubecostSa = create ? (sa?.name ?? release) : (sa?.name ?? "default");
    const aggregator = on(at(values, "aggregator", "enabled"), true);
    const cloudCost = on(at(values, "cloudCost", "enabled"), true);
    if (create && (aggregator || cloudCost)) accounts.push({ name: kubecostSa, annotations: sa?.annotations });
    if (aggregator) pods.push({ name: `${release}-aggregator`, serviceAccount: kubecostSa, bucket: true });
    if (cloudCost) pods.push({ name: `${release}-cloud-cost`, serviceAccount: kubecostSa, bucket: true });
    if (on(at(values, "frontend", "enabled"), true)) pods.push({ name: `${release}-frontend`, serviceAccount: kubecostSa, bucket: false });
    if (on(at(values, "localStore", "enabled"), true)) pods.push({ name: `${release}-local-store`, serviceAccount: "default", bucket: true });
    if (on(at(values, "clusterController", "enabled"), true)) {
      const cc = at(values, "clusterController", "serviceAccount") as { create?: boolean; annotations?: Record<string, string> } | undefined;
      const name = `${release}-cluster-controller`;
      if (cc?.create !== false) accounts.push({ name, annotations: cc?.annotations && Object.keys(cc.annotations).length ? cc.annotations : sa?.annotations });
      pods.push({ name, serviceAccount: name, bucket: true });
    }
  }
  if (agent) {
    pods.push({ name: agent.deployment, serviceAccount: agent.serviceAccount, bucket: true });
    if (agent.createdServiceAccount) accounts.push(agent.createdServiceAccount);
    if (store) configMaps.push("pricing-configs");
  }
  return { pods, accounts, configMaps };
}
