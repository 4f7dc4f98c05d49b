// Names the Kubecost 2.x chart and the status probes agree on (https://github.com/kubecost/kubecost/tree/v2.8.7/cost-analyzer).

/** The Secret every cluster mounts at /var/configs/etl/federated (lib/plan/ids.ts). */
export { FEDERATED_STORE_SECRET } from "@/lib/plan/ids";
/** The chart's install-time `lookup` fails unless the Secret holds exactly this key (cost-analyzer templates/_helpers.tpl, https://github.com/kubecost/kubecost/issues/4057). */
export { FEDERATED_STORE_KEY } from "@/lib/plan/ids";
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

/** The Thanos key set federated-store.yaml is linted against (lib/charts/objstore.ts). */
export { FEDERATED_STORE_LINT_VERSION } from "@/lib/charts/objstore";

/** Federated ETL is an Enterprise feature. The key goes into a Secret the chart mounts
 * (kubecostProductConfigs.productKey.secretname, file productkey.json holding {"key": ...}), so it
 * stays out of values files; chart 2.4.2 reads productKey.enabled/.secretname/.key/.mountPath. */
export const PRODUCT_KEY_SECRET = "productkeysecret";
/** The file the admin writes, and the Secret's key. */
export const PRODUCT_KEY_FILE = "productkey.json";
export const PRODUCT_KEY_WHAT = 'your Kubecost Enterprise key as {"key": "<key>"}';
export const PRODUCT_KEY_VALUES = ["kubecostProductConfigs.productKey.enabled", "kubecostProductConfigs.productKey.secretname"] as const;
export const enterpriseKeyNote = (namespace: string) =>
  `Federated ETL needs a Kubecost Enterprise key, at least on the primary (it serves the combined view): write productkey.json as {"key": "<your key>"}, run kubectl create secret generic ${PRODUCT_KEY_SECRET} --namespace ${namespace} --from-file=productkey.json with that cluster's --context, and add ${PRODUCT_KEY_VALUES[0]}: true and ${PRODUCT_KEY_VALUES[1]}: ${PRODUCT_KEY_SECRET} to its values file before installing (kubecostProductConfigs.productKey.key takes the key inline instead, but then it sits in the values file).`;
