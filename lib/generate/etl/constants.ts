// Names the Kubecost 2.x chart and the status probes agree on (FACTS.md §1).

/** The Secret every cluster mounts at /var/configs/etl/federated; referenced by name through
 * kubecostModel.federatedStorageConfigSecret, never inlined into helm values. */
export const FEDERATED_STORE_SECRET = "federated-store";
/** The chart's install-time `lookup` fails unless the Secret holds exactly this key (FACTS.md §1, §7.1). */
export const FEDERATED_STORE_KEY = "federated-store.yaml";
/** Where the generated objstore document lands in the bundle. */
export const FEDERATED_STORE_FILE = "federated-store.yaml";

/** Internal CA bundle: ConfigMap key, volume name and the directory it is mounted at. The whole
 * ConfigMap is mounted as a directory (no subPath) so a rotated bundle reaches running pods. */
export const CA_BUNDLE_KEY = "ca-certificates.crt";
export const CA_VOLUME = "kubecost-ca-bundle";
export const CA_MOUNT_DIR = "/etc/kubecost-ca";
export const CA_FILE_IN_POD = `${CA_MOUNT_DIR}/${CA_BUNDLE_KEY}`;

/** IRSA service account the cost-model and the Aggregator share on each cluster (the Aggregator
 * and cloud-cost pods default to the cost-analyzer service account in chart 2.4.2). */
export const ETL_SERVICE_ACCOUNT = "kubecost-cost-analyzer-etl";

/** Kubecost 2.x reads federated-store.yaml with opencost's storage package: the Thanos objstore
 * layout, parsed with UnmarshalStrict, top-level `prefix` accepted. Linted against the Thanos key
 * set that matches it (FACTS.md §2). */
export const FEDERATED_STORE_LINT_VERSION = "v0.34.0";
