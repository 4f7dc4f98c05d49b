import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { CA_MOUNT_DIR, CA_VOLUME, FEDERATED_STORE_SECRET } from "./constants";

import { mergeValues, type Values } from "../common/values";
import { aggregatorSizingValues } from "../common/aggregator-sizing";

export { mergeValues, type Values };

/** clusterName and the cluster_id external label must be equal and unique per cluster
 * (https://github.com/kubecost/kubecost/pull/1505): the Aggregator keys federated/<cluster_id>/ on the label. */
export function clusterIdentityValues(cluster: Cluster): Values {
  return {
    kubecostProductConfigs: { clusterName: cluster.id },
    prometheus: { server: { global: { external_labels: { cluster_id: cluster.id } } } },
  };
}

/** The internal CA ConfigMap as a volume plus its mount, in the shape pod specs take. */
function caVolume(plan: FederationPlan) {
  const ca = plan.storage?.internalCa;
  if (!ca) return undefined;
  return {
    volumes: [{ name: CA_VOLUME, configMap: { name: ca.configMapName } }],
    mounts: [{ name: CA_VOLUME, mountPath: CA_MOUNT_DIR, readOnly: true }],
  };
}

/** Federated ETL settings for one cluster (chart 2.x). Every cluster uploads
 * (federatedCluster); the primary runs the Aggregator as a StatefulSet that reads every
 * federated/<cluster_id>/ folder; agents run no Aggregator and no UI (agentOnly; the chart fails
 * on agentOnly + statefulset). `useMultiClusterDB` is for a shared Prometheus (AMP): agents filter
 * the shared metrics to their own cluster_id, the primary does not (https://github.com/kubecost/kubecost/blob/v2.8.7/cost-analyzer/values-amp.yaml). */
export function federatedEtlValues(plan: FederationPlan, cluster: Cluster, opts: { sharedPrometheus?: boolean } = {}): Values {
  const primary = cluster.role === "primary";
  const federatedETL: Values = { federatedCluster: true };
  if (!primary) federatedETL.agentOnly = true;
  if (opts.sharedPrometheus) federatedETL.useMultiClusterDB = !primary;
  const values: Values = mergeValues(
    {
      federatedETL,
      kubecostModel: { federatedStorageConfigSecret: FEDERATED_STORE_SECRET },
      kubecostAggregator: { deployMethod: primary ? "statefulset" : "disabled" },
    },
    primary ? aggregatorSizingValues(plan, "kubecostAggregator") : {},
  );
  const ca = caVolume(plan);
  if (!ca) return values;
  // The cost-model uploads; on the primary the Aggregator and the cloud-cost pod read the bucket
  // too, and each takes its own extraVolumes (chart 2.4.2 templates).
  const withCa: Values = { extraVolumes: ca.volumes, extraVolumeMounts: ca.mounts };
  if (primary) {
    withCa.kubecostAggregator = {
      extraVolumes: ca.volumes,
      extraVolumeMounts: ca.mounts,
      cloudCost: { extraVolumes: ca.volumes, extraVolumeMounts: ca.mounts },
    };
  }
  return mergeValues(values, withCa);
}
