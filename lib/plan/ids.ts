// The rules about cluster ids and the federated store's key, in one place. The plan schema, the
// status config and links, the generators, install.sh (which spells the rule in bash), the doctor
// and the agent probe all read them from here.

/** Cluster ids: they end up in bucket paths (federated/<id>/, finops-agent/<id>/), Prometheus
 * labels and install.sh's folder names. The same text is a JavaScript regex and a bash ERE. */
export const CLUSTER_ID_RULE = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";
export const CLUSTER_ID = new RegExp(CLUSTER_ID_RULE);
export const CLUSTER_ID_MESSAGE = "Cluster ids are letters, digits, '.', '_' or '-' (no spaces), start with a letter or digit, at most 63 characters";

/** The charts' default cluster id: every cluster left on it writes into one folder, and the charts
 * refuse it as soon as clusters federate. */
export const DEFAULT_CLUSTER_ID = "cluster-one";

/** The key the charts mount from the federated-store Secret (3.x: unless
 * global.federatedStorage.fileName names another). */
export const FEDERATED_STORE_KEY = "federated-store.yaml";

/** The Secret every cluster mounts the federated store from; referenced by name in helm values
 * (2.x kubecostModel.federatedStorageConfigSecret, 3.x global.federatedStorage.existingSecret),
 * never inlined. The wizard creates it and the doctor's rewrites name it. */
export const FEDERATED_STORE_SECRET = "federated-store";

/** The FinOps agent's own service account: it writes, reads back and deletes (write test at start,
 * expired heartbeats and diagnostics) under its own cluster id in the bucket. */
export const AGENT_SERVICE_ACCOUNT = "kubecost-finops-agent";
