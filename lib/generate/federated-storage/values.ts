import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { kubecostLine } from "@/lib/plan/kubecost-lines";
import { mergeValues, type Values } from "../etl/values";
import { podIdentityAccount } from "../common/pod-identity";
import { PRODUCT_KEY_VALUES } from "../etl/constants";
import { aggregatorSizingValues } from "../common/aggregator-sizing";
import { FEDERATED_STORE_KEY, FEDERATED_STORE_SECRET, PRODUCT_KEY_SECRET, freshAccounts, namesStoreKey, usesGlobalAgent, type Accounts, type Release } from "./constants";

// helm values for federated storage, per release role. Shapes follow the chart's own examples
// (https://github.com/kubecost/kubecost/tree/v3.2.1/examples: federatedStorage/helmValues-kubecost-primary.yaml,
// agentOnly/helmValues-kubecost-aws.yaml; https://github.com/kubecost/kubecost/blob/v2.9.7/examples/README.md).
// The bucket config stays in the Secret: existingSecret, never `config` with keys inline.

/** IRSA: eksctl created the account (create: false), or the chart creates it annotated with the
 * plan's role. EKS Pod Identity: the chart creates it, no annotation (its association gives the
 * role). Access keys: the chart's default account, no annotation. */
function serviceAccount(plan: FederationPlan, name: string): Values | undefined {
  if (plan.auth.mode === "pod-identity") return podIdentityAccount(name);
  if (plan.auth.mode !== "irsa") return undefined;
  return plan.auth.roleArn ? { create: true, name, annotations: { "eks.amazonaws.com/role-arn": plan.auth.roleArn } } : { create: false, name };
}

function globalValues(plan: FederationPlan, cluster: Cluster): Values {
  const federatedStorage: Values = { existingSecret: FEDERATED_STORE_SECRET };
  if (namesStoreKey(plan)) federatedStorage.fileName = FEDERATED_STORE_KEY;
  return { global: { clusterId: cluster.id, federatedStorage } };
}

/** The agent's account; when it is Kubecost's own and Kubecost's pods run in this release,
 * Kubecost's chart (or eksctl) makes it: two templates creating one name would collide. A 3.x
 * agent runs no Kubecost pod, and kubecost 3.2.1 then creates no Kubecost account
 * (templates/kubecost-service-account.yaml renders only with the aggregator or cloud cost on): the
 * agent subchart makes it instead, or a chart-made account of 2.9 would be deleted by the upgrade. */
const agentValues = (plan: FederationPlan, enabled: boolean, a: Accounts, kubecostMakesAccount: boolean): Values => {
  const own = enabled ? serviceAccount(plan, a.agent) : undefined;
  const sa = own && a.agent === a.kubecost && kubecostMakesAccount ? { create: false, name: a.agent } : own;
  return { finopsagent: sa ? { enabled, serviceAccount: sa } : { enabled } };
};

/** kubecost 3.2.1's cluster controller runs Kubecost Actions (request sizing, turndown) and keeps
 * their records in the federated bucket: it mounts the federated-store Secret
 * (templates/cluster-controller/cluster-controller-deployment.yaml) but runs as its own account
 * <release>-cluster-controller, which IRSA roles or Pod Identity associations made for Kubecost and
 * the agent do not cover. A federation does not need it, so with either it is off (its storage calls would have no
 * credentials); with access keys the Secret carries them and it stays on. */
export const clusterControllerRuns = (plan: FederationPlan) => plan.auth.mode === "access-keys";
const clusterControllerValues = (plan: FederationPlan): Values => (clusterControllerRuns(plan) ? {} : { clusterController: { enabled: false } });

/** cost-analyzer 2.9.7 and its finops-agent v1.0.20 subchart both render a ConfigMap named
 * pricing-configs (https://github.com/kubecost/kubecost/blob/v2.9.7/cost-analyzer/templates/cost-analyzer-pricing-configmap.yaml#L5,
 * https://github.com/kubecost/finops-agent-chart/blob/v1.0.20/charts/finops-agent/templates/kubecost-configmap.yaml#L10):
 * which one survives depends on apply order. The chart's own pricingConfigmapName gives
 * cost-analyzer's (with clusterName) another name and tells the cost-model (PRICING_CONFIGMAP_NAME). */
export const COST_ANALYZER_PRICING_CONFIGMAP = "pricing-configs-cost-analyzer";

const kubecostServiceAccount = (plan: FederationPlan, a: Accounts): Values => {
  const sa = serviceAccount(plan, a.kubecost);
  return sa ? { serviceAccount: sa } : {};
};

/** The Enterprise key from its Secret (productkey.json); 3.x also needs global.acknowledged
 * with it ("kubecost.v3-preconditions" in kubecost/templates/_helpers.tpl at v3.2.1). */
function enterpriseValues(plan: FederationPlan): Values {
  const [enabled, secret] = PRODUCT_KEY_VALUES.map((k) => k.split(".").pop()!);
  const values: Values = { kubecostProductConfigs: { productKey: { [enabled]: true, [secret]: PRODUCT_KEY_SECRET } } };
  if (kubecostLine(plan.kubecost.chartLine).chart === "kubecost") values.global = { acknowledged: true };
  return values;
}

/** With a global agent the agent release on the primary runs these (both default on in the
 * chart): a second copy in the Kubecost release would double network costs and rightsizing. */
const ON_AGENT_RELEASE: Values = { clusterController: { enabled: false }, networkCosts: { enabled: false } };

/** Kubecost 3.x (chart `kubecost`). */
function kubecost3(plan: FederationPlan, cluster: Cluster, release: Release, a: Accounts): Values {
  const base = globalValues(plan, cluster);
  if (release.role === "agent") {
    return mergeValues(base, {
      aggregator: { enabled: false },
      frontend: { enabled: false },
      cloudCost: { enabled: false },
      forecasting: { enabled: false },
      localStore: { enabled: false },
    }, agentValues(plan, true, a, false), a.kubecostOnAgents && release.name === plan.kubecost.releaseName ? kubecostServiceAccount(plan, a) : {}, clusterControllerValues(plan));
  }
  return mergeValues(base, enterpriseValues(plan), {
    aggregator: { enabled: true },
    frontend: { enabled: true },
    cloudCost: { enabled: true },
    localStore: { enabled: false },
  }, aggregatorSizingValues(plan, "aggregator"), agentValues(plan, !usesGlobalAgent(plan), a, true), kubecostServiceAccount(plan, a), usesGlobalAgent(plan) ? ON_AGENT_RELEASE : clusterControllerValues(plan));
}

/** Kubecost 2.9 (chart `cost-analyzer`): the 2.x Federated ETL keys stay (the 2.x cost-model
 * still uploads; the cluster id in all three places must be equal), plus global.* and the agent. */
function kubecost29(plan: FederationPlan, cluster: Cluster, release: Release, a: Accounts): Values {
  const primary = release.role === "primary";
  return mergeValues(
    globalValues(plan, cluster),
    primary ? enterpriseValues(plan) : {},
    {
      kubecostProductConfigs: { clusterName: cluster.id },
      prometheus: { server: { global: { external_labels: { cluster_id: cluster.id } } } },
      federatedETL: primary ? { federatedCluster: true } : { federatedCluster: true, agentOnly: true },
      kubecostAggregator: { deployMethod: primary ? "statefulset" : "disabled" },
      pricingConfigmapName: COST_ANALYZER_PRICING_CONFIGMAP,
    },
    primary ? aggregatorSizingValues(plan, "kubecostAggregator") : {},
    agentValues(plan, true, a, true),
    kubecostServiceAccount(plan, a),
  );
}

const BY_CHART = { kubecost: kubecost3, "cost-analyzer": kubecost29 } as const;

/** The values file of one release on one cluster. */
export function federatedStorageValues(plan: FederationPlan, cluster: Cluster, release: Release, accounts = freshAccounts(plan)): Values {
  return BY_CHART[kubecostLine(plan.kubecost.chartLine).chart](plan, cluster, release, accounts);
}
