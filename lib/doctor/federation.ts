import { AGENT_SERVICE_ACCOUNT, FEDERATED_STORE_KEY, FEDERATED_STORE_SECRET } from "@/lib/plan/ids";
import type { KubecostLine } from "@/lib/plan/kubecost-lines";
import { CLUSTER_ID_PATHS, DEFAULT_CLUSTER_ID } from "./migrations";
import { isPlaceholder } from "./placeholders";
import { getAt, hasAt, setAt, type Values } from "./tree";

// Keeping a cluster in its federation across lines. A 2.x (or 1.x) file federated through
// Federated ETL, AMP or Thanos; on 2.9 and 3.x the FinOps agent writes the cluster's data to the
// federated-store bucket. The rewrite becomes a member the way the wizard's federated-storage
// generator writes one (lib/generate/federated-storage/values.ts: global.clusterId,
// global.federatedStorage.existingSecret, the agent's own service account with the IRSA role),
// or says what is missing.

export type FederatedThrough = "federated-etl" | "amp" | "thanos";
export type Role = "primary" | "agent" | "unknown";

export interface Federation {
  /** How the original file federated; undefined when it did not. */
  through?: FederatedThrough;
  role: Role;
  /** Whether the target federates through the FinOps agent and the federated-store bucket. */
  viaAgent: boolean;
  /** What the rewrite cannot know: without it the cluster is not a member. */
  missing: string[];
  /** What the admin must do besides installing the file (a Secret to create, a role to trust). */
  todo: string[];
}

const IRSA = "eks.amazonaws.com/role-arn";
const truthy = (v: unknown) => v === true || v === "true";
const falsy = (v: unknown) => v === false || v === "false";
const seg = (p: string) => p.split(".");

/** How a values file federated (the 2.x and 1.x ways). */
export function federatedThrough(values: Values): FederatedThrough | undefined {
  if (truthy(getAt(values, seg("global.amp.enabled")))) return "amp";
  if (truthy(getAt(values, seg("global.thanos.enabled")))) return "thanos";
  const etl = truthy(getAt(values, seg("federatedETL.federatedCluster"))) ||
    ["kubecostModel.federatedStorageConfigSecret", "kubecostModel.federatedStorageConfig"].some((p) => typeof getAt(values, seg(p)) === "string");
  return etl ? "federated-etl" : undefined;
}

/** Primary (serves the combined view) or agent, from the keys each method's agents set. */
export function roleOf(values: Values): Role {
  const deploy = getAt(values, seg("kubecostAggregator.deployMethod"));
  if (truthy(getAt(values, seg("federatedETL.agentOnly"))) || deploy === "disabled" || falsy(getAt(values, seg("aggregator.enabled")))) return "agent";
  if (falsy(getAt(values, seg("thanos.query.enabled"))) || falsy(getAt(values, seg("kubecostFrontend.enabled")))) return "agent";
  if (deploy === "statefulset" || deploy === "singlepod" || truthy(getAt(values, seg("aggregator.enabled")))) return "primary";
  if (truthy(getAt(values, seg("federatedETL.readOnlyPrimary"))) || truthy(getAt(values, seg("thanos.query.enabled")))) return "primary";
  return "unknown";
}

/** The cluster id the original file gives, when it is a real one. */
export function originalClusterId(values: Values): { id?: string; placeholder?: string } {
  for (const p of CLUSTER_ID_PATHS) {
    const v = getAt(values, seg(p));
    if (typeof v !== "string" || !v) continue;
    if (isPlaceholder(v)) return { placeholder: `${p} is ${v}` };
    if (v !== DEFAULT_CLUSTER_ID) return { id: v };
  }
  return {};
}

const THROUGH: Record<FederatedThrough, string> = { "federated-etl": "Federated ETL", amp: "Amazon Managed Prometheus", thanos: "Thanos" };

/** Makes `out` (the rewritten values) a federation member for 2.9 / 3.x; returns what it could not do. */
export function keepInFederation(original: Values, out: Values, line: KubecostLine, add: (path: string, value: unknown, why: string) => void): Federation {
  const through = federatedThrough(original);
  const role = roleOf(original);
  const fed: Federation = { through, role, viaAgent: line.id === "3.x" || line.id === "2.9", missing: [], todo: [] };
  if (!through || line.id === "1.x") return fed;
  if (line.id === "2.x") {
    // 2.x runs Federated ETL and AMP as 1.x did; Thanos is gone (the upgrade planner moves it).
    if (through === "thanos") fed.missing.push(`a way to federate: Kubecost ${line.verified.split(".").slice(0, 2).join(".")} has no Thanos, and this file sets up neither Federated ETL nor AMP`);
    return fed;
  }

  const id = originalClusterId(original);
  const current = getAt(out, seg("global.clusterId"));
  if (!id.id && (typeof current !== "string" || isPlaceholder(current) || current === DEFAULT_CLUSTER_ID)) {
    fed.missing.push(id.placeholder
      ? `a cluster id: ${id.placeholder}, a placeholder; the rewrite does not carry it into global.clusterId`
      : "a cluster id: the file sets none, and every cluster left on the chart default writes into the same folder");
  }

  if (!hasAt(out, seg("global.federatedStorage.existingSecret")) && !hasAt(out, seg("global.federatedStorage.config"))) {
    add("global.federatedStorage.existingSecret", FEDERATED_STORE_SECRET, `the cluster federated through ${THROUGH[through]}; on ${line.id} the agent writes to the federated-store bucket`);
    fed.todo.push(through === "federated-etl"
      ? `Create the Secret ${FEDERATED_STORE_SECRET} with the key ${FEDERATED_STORE_KEY} holding the bucket config the file used`
      : `${THROUGH[through]} kept this cluster's data outside any bucket Kubecost ${line.id} reads: create a bucket, and the Secret ${FEDERATED_STORE_SECRET} with the key ${FEDERATED_STORE_KEY} holding its config, in every cluster of the federation`);
  }
  if (line.storeFileNameValue) add("global.federatedStorage.fileName", FEDERATED_STORE_KEY, "the Secret's key the agent mounts, named as the wizard names it");

  if (role === "agent" && line.id === "3.x") add("aggregator.enabled", false, "this cluster was an agent: it sends its data, the primary serves the view");
  if (role === "unknown" && line.id === "3.x" && !hasAt(out, seg("aggregator.enabled"))) {
    fed.todo.push("The file does not say whether this cluster is the primary or an agent: the rewrite keeps 3.x's default (aggregator on, a primary). On an agent set aggregator.enabled: false");
  }
  agentAccount(original, out, add, fed);
  return fed;
}

/** The FinOps agent's own account, as the wizard writes it: with the IRSA role the file gave
 * Kubecost's account, or Kubecost's existing account when eksctl made it (its role carries over). */
function agentAccount(original: Values, out: Values, add: (path: string, value: unknown, why: string) => void, fed: Federation) {
  if (hasAt(out, seg("finopsagent.serviceAccount"))) return;
  const sa = getAt(original, ["serviceAccount"]) as Values | undefined;
  if (!sa || typeof sa !== "object") return;
  const role = getAt(sa, ["annotations", IRSA]);
  if (typeof role === "string" && role) {
    add("finopsagent.serviceAccount.create", true, "the agent's own account, as the wizard makes it");
    add("finopsagent.serviceAccount.name", AGENT_SERVICE_ACCOUNT, "the agent's own account, as the wizard makes it");
    const annotations = getAt(out, seg("finopsagent.serviceAccount.annotations"));
    if (annotations && typeof annotations === "object") setAt(out, ["finopsagent", "serviceAccount", "annotations", IRSA], role);
    else add("finopsagent.serviceAccount.annotations", { [IRSA]: role }, "the IRSA role moves with the agent, which writes the bucket");
    fed.todo.push(`Let the IAM role ${role} trust the service account ${AGENT_SERVICE_ACCOUNT} (its trust policy names system:serviceaccount:<namespace>:${AGENT_SERVICE_ACCOUNT})`);
  } else if (sa.create === false && typeof sa.name === "string" && sa.name) {
    add("finopsagent.serviceAccount.create", false, "the account exists already: eksctl or the 2.x install made it");
    add("finopsagent.serviceAccount.name", sa.name, `the agent runs as ${sa.name}, whose role already reaches the bucket`);
  }
}
