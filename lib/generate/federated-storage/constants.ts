import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { kubecostLine } from "@/lib/plan/kubecost-lines";

// Names the Kubecost 2.9 / 3.x charts and the FinOps agent agree on, as rendered from
// https://github.com/kubecost/kubecost/tree/v3.2.1/kubecost and the finops-agent subchart
// (https://github.com/kubecost/finops-agent-chart/tree/v1.0.20, charts/finops-agent).

export { FEDERATED_STORE_SECRET, FEDERATED_STORE_FILE, FEDERATED_STORE_LINT_VERSION, PRODUCT_KEY_FILE, PRODUCT_KEY_SECRET, PRODUCT_KEY_WHAT } from "../etl/constants";

/** The Secret's key. The agent mounts the Secret with subPath = global.federatedStorage.fileName
 * (default federated-store.yaml), and the 3.x chart's own check does not look at the key
 * (https://github.com/kubecost/kubecost/issues/4573): the generator names it in both places. */
export { FEDERATED_STORE_KEY } from "@/lib/plan/ids";

/** IRSA service account of the primary's Kubecost pods (aggregator, cloud cost, frontend). */
export const KUBECOST_SERVICE_ACCOUNT = "kubecost-federated-storage";
/** IRSA service account of the FinOps agent (lib/plan/ids.ts). */
import { AGENT_SERVICE_ACCOUNT } from "@/lib/plan/ids";
export { AGENT_SERVICE_ACCOUNT };

/** Which service accounts the releases run as. A fresh install gets one for Kubecost and one for
 * the agent; an upgrade keeps the account the 2.x pods already use for both, so its IAM role
 * carries over (https://github.com/kubecost/kubecost/blob/v2.9.7/examples/README.md, step 3). */
export interface Accounts {
  kubecost: string;
  agent: string;
  /** Whether agent clusters name Kubecost's account too (its pods read or write the bucket, or
   * the account must stay because the chart created it before). */
  kubecostOnAgents: boolean;
}

export const freshAccounts = (plan: FederationPlan): Accounts => ({
  kubecost: KUBECOST_SERVICE_ACCOUNT,
  agent: AGENT_SERVICE_ACCOUNT,
  kubecostOnAgents: kubecostLine(plan.kubecost.chartLine).chart === "cost-analyzer",
});

/** The global agent's release, next to Kubecost's own. */
export const agentRelease = (plan: FederationPlan) => `${plan.kubecost.releaseName}-agent`;

/** A separate agent release runs on every cluster when the plan names an agent namespace. */
export const usesGlobalAgent = (plan: FederationPlan) => plan.kubecost.agentNamespace !== undefined;

/** The namespace the FinOps agent of a cluster runs in. */
export const agentNamespace = (plan: FederationPlan) => plan.kubecost.agentNamespace ?? plan.kubecost.namespace;

/** The releases one cluster gets, in install order: [release, namespace, role]. */
export type Release = { name: string; namespace: string; role: "primary" | "agent" };
export function releasesOf(plan: FederationPlan, c: Cluster): Release[] {
  const kubecost: Release = { name: plan.kubecost.releaseName, namespace: plan.kubecost.namespace, role: c.role };
  if (!usesGlobalAgent(plan)) return [kubecost];
  const agent: Release = { name: agentRelease(plan), namespace: agentNamespace(plan), role: "agent" };
  return c.role === "primary" ? [agent, kubecost] : [agent];
}

/** Whether the chart line takes the Secret's key from global.federatedStorage.fileName. */
export const namesStoreKey = (plan: FederationPlan) => kubecostLine(plan.kubecost.chartLine).storeFileNameValue === true;
