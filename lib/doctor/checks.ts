import type { KubecostLine } from "@/lib/plan/kubecost-lines";
import { CLUSTER_ID_PATHS, DEFAULT_CLUSTER_ID, DEFAULT_STORE_KEY } from "./migrations";
import { parseBoundedYaml } from "@/lib/values/parse";
import { getAt, splitPath, type Values } from "./tree";
import { objstoreProblems } from "./objstore-check";

// Checks over a whole values file: the cluster id and the federated-store Secret's key.

export type { Problem } from "@/lib/problem";
import type { Problem } from "@/lib/problem";

const seg = splitPath;

export function clusterIdProblems(values: Values, line: KubecostLine): Problem[] {
  const set = CLUSTER_ID_PATHS.map((p) => ({ path: p, value: getAt(values, seg(p)) })).filter((x) => x.value !== undefined && x.value !== "");
  if (set.length === 0) {
    return [{ path: "global.clusterId", message: `No cluster id: the chart falls back to ${DEFAULT_CLUSTER_ID}, and every cluster left there writes into the same folder. Set global.clusterId${line.chart === "cost-analyzer" && line.id !== "2.9" ? " (2.x: prometheus.server.global.external_labels.cluster_id and kubecostProductConfigs.clusterName)" : ""} to a name unique in the federation` }];
  }
  const out: Problem[] = [];
  for (const x of set) {
    if (x.value === DEFAULT_CLUSTER_ID) out.push({ path: x.path, message: `${x.path} is the chart default ${DEFAULT_CLUSTER_ID}: two clusters left on it overwrite each other's data; give each cluster its own id` });
  }
  const distinct = [...new Set(set.map((x) => String(x.value)))];
  if (distinct.length > 1) {
    out.push({ path: set[1].path, message: `The cluster id differs between ${set.map((x) => `${x.path}=${String(x.value)}`).join(", ")}: they must be equal, or the cluster's data appears under a new name (https://github.com/kubecost/kubecost/blob/v2.9.7/examples/README.md, step 1)` });
  }
  return out;
}

/** The key the target's agent and aggregator mount from the federated-store Secret. */
export function expectedStoreKey(values: Values, line: KubecostLine): string {
  const fileName = getAt(values, seg("global.federatedStorage.fileName"));
  return line.storeFileNameValue && typeof fileName === "string" && fileName ? fileName : DEFAULT_STORE_KEY;
}

export function storeProblems(values: Values, line: KubecostLine, input: { secretKey?: string }): Problem[] {
  const out: Problem[] = [];
  const fileName = getAt(values, seg("global.federatedStorage.fileName"));
  if (typeof fileName === "string" && fileName !== DEFAULT_STORE_KEY && !line.storeFileNameValue) {
    out.push({ path: "global.federatedStorage.fileName", message: `Kubecost ${line.id} mounts the Secret's key ${DEFAULT_STORE_KEY} whatever fileName says: name the key ${DEFAULT_STORE_KEY}` });
  }
  const want = expectedStoreKey(values, line);
  if (input.secretKey !== undefined && input.secretKey !== "" && input.secretKey !== want) {
    out.push({ path: "secretKey", message: `The Secret's key is ${input.secretKey}, but Kubecost ${line.id} mounts ${want}: the agent then finds no config (the 3.x chart's own check does not notice: https://github.com/kubecost/kubecost/issues/4573). Recreate the Secret with --from-file=${want}=<your file>` });
  }
  const hasStore = ["global.federatedStorage.existingSecret", "global.federatedStorage.config", "kubecostModel.federatedStorageConfigSecret", "kubecostModel.federatedStorageConfig"].some((p) => {
    const v = getAt(values, seg(p));
    return typeof v === "string" && v !== "";
  });
  if (line.id === "2.9" && !hasStore) {
    out.push({ path: "global.federatedStorage.existingSecret", message: "Kubecost 2.9 fails without a federated store (\"Missing global federated-store\"): it exists only to prepare agents for 3.x. Set global.federatedStorage.existingSecret to your federated-store Secret" });
  }
  for (const path of ["global.federatedStorage.config", "kubecostModel.federatedStorageConfig"]) {
    const inline = getAt(values, seg(path));
    if (typeof inline === "string" && inline.trim()) out.push(...inlineStoreProblems(path, inline, line));
  }
  return out;
}

/** A bucket config inlined in the values: checked like a pasted federated-store.yaml, and flagged
 * when it holds keys (anyone who reads the values, helm get values or Git, has them). */
function inlineStoreProblems(path: string, text: string, line: KubecostLine): Problem[] {
  const parsed = parseBoundedYaml(text, "The bucket config");
  if (!parsed.ok) return parsed.problems.map((p) => ({ path, message: p.message.replace(/^Not valid YAML/, "Not valid YAML inside the string") }));
  const doc = parsed.value.data;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return [{ path, message: "The bucket config is a YAML map with type: and config:" }];
  const out = objstoreProblems(doc as Values, line, {}).map((p) => ({ path: `${path} (${p.path})`, message: p.message }));
  const config = ((doc as Values).config ?? {}) as Values;
  if ([config.access_key, config.secret_key].some((k) => typeof k === "string" && k !== "")) {
    out.push({ path, message: "The bucket config in the values file holds access keys: anyone who reads the values (helm get values, Git) has them. Put it in a Secret and set global.federatedStorage.existingSecret instead" });
  }
  return out;
}
