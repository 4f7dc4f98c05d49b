import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { IRSA_SERVICE_ACCOUNT, ROLE_ARN_ANNOTATION, usesEksctl } from "./common";
import { mergeValues, type Values } from "./values";
import { imageThroughMirror } from "@/lib/charts/images";
import { withImages } from "../common/images";
import { costAnalyzerChart } from "../common/helm";

// Per-cluster values for Kubecost 1.x with its bundled Thanos, following the chart's own
// values-thanos.yaml (https://github.com/kubecost/kubecost/blob/v1.108.1/cost-analyzer/values-thanos.yaml). Every key here is
// read by the 1.108.1 templates (checked by all-plans.test.ts against data/charts).

/** The Secret holding object-store.yaml: thanos.storeSecretName and the sidecar's volume must
 * name the same one (values-thanos.yaml says so next to both keys). */
export const THANOS_SECRET = "kubecost-thanos";
export const OBJSTORE_KEY = "object-store.yaml";
/** The sidecar image values-thanos.yaml pins for 1.108.1; objstore keys are linted against it. */
export const BUNDLED_THANOS_VERSION = "v0.32.5";
export const BUNDLED_SIDECAR_IMAGE = `thanosio/thanos:${BUNDLED_THANOS_VERSION}`;
/** The thanos subchart mounts a CA ConfigMap here (selfsignedCertConfigMapName, key my-cert.pem);
 * the sidecar mounts it at the same path so one object-store.yaml works in every pod. */
export const CA_MOUNT_PATH = "/etc/ssl/certs/my-cert.pem";
export const CA_KEY = "my-cert.pem";

const OBJSTORE_VOLUME = "object-store-volume";
/** values-thanos.yaml gives store, query and query-frontend these to return memory sooner. */
const GO_MEMORY_ENV = [
  { name: "GOGC", value: "100" },
  { name: "GODEBUG", value: "madvdontneed=1" },
];

function sidecarContainer(plan: FederationPlan): Values {
  const ca = plan.storage?.internalCa;
  return {
    name: "thanos-sidecar",
    image: imageThroughMirror(BUNDLED_SIDECAR_IMAGE, plan.kubecost.imageMirror),
    // Uploads 2 h blocks and answers the last 3 h: light, but unset it can be evicted first.
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
    args: [
      "sidecar",
      "--log.level=info",
      "--tsdb.path=/data/",
      "--prometheus.url=http://127.0.0.1:9090",
      `--objstore.config-file=/etc/config/${OBJSTORE_KEY}`,
      // Serve only the last 3 h from the sidecar; older data comes from the bucket via the store.
      "--min-time=-3h",
    ],
    env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
    ports: [
      { name: "http", containerPort: 10902 },
      { name: "grpc", containerPort: 10901 },
      { name: "cluster", containerPort: 10900 },
    ],
    volumeMounts: [
      { name: "config-volume", mountPath: "/etc/prometheus" },
      { name: "storage-volume", mountPath: "/data", subPath: "" },
      { name: OBJSTORE_VOLUME, mountPath: "/etc/config" },
      ...(ca ? [{ name: ca.configMapName, mountPath: CA_MOUNT_PATH, subPath: CA_KEY, readOnly: true }] : []),
    ],
  };
}

/** cluster_id external label and clusterName: equal and unique per cluster (identical external
 * labels overlap blocks and halt the compactor: https://github.com/thanos-io/thanos/issues/2093). */
function identity(cluster: Cluster): Values {
  return {
    kubecostProductConfigs: { clusterName: cluster.id },
    prometheus: { server: { global: { external_labels: { cluster_id: cluster.id } } } },
  };
}

function prometheusWithSidecar(plan: FederationPlan): Values {
  const ca = plan.storage?.internalCa;
  return {
    global: { thanos: { enabled: true } },
    kubecostModel: { maxQueryConcurrency: 5, maxSourceResolution: "5m" },
    prometheus: {
      server: {
        // 2 h blocks: the sidecar uploads only blocks Prometheus has finished
        // (https://thanos.io/tip/components/sidecar.md/). Retention through the chart's own key:
        // an extraArgs retention next to its default (15d) renders the flag twice.
        extraArgs: {
          "storage.tsdb.min-block-duration": "2h",
          "storage.tsdb.max-block-duration": "2h",
        },
        retention: "2w",
        extraVolumes: [
          { name: OBJSTORE_VOLUME, secret: { secretName: THANOS_SECRET } },
          ...(ca ? [{ name: ca.configMapName, configMap: { name: ca.configMapName } }] : []),
        ],
        sidecarContainers: [sidecarContainer(plan)],
      },
    },
  };
}

/** Only the primary queries and compacts; exactly one compactor may run per bucket (a second one
 * overlaps blocks and halts compaction: https://github.com/thanos-io/thanos/issues/4778). */
function thanosComponents(plan: FederationPlan, cluster: Cluster): Values {
  const primary = cluster.role === "primary";
  const ca = plan.storage?.internalCa?.configMapName;
  const withCa = (v: Values): Values => (ca ? { ...v, selfsignedCertConfigMapName: ca } : v);
  if (!primary) {
    return {
      // The chart's Grafana reads Thanos query-frontend when global.thanos.enabled, which only the
      // primary runs (v1.108.1 charts/grafana/templates/configmap.yaml): agents read their own
      // Prometheus instead.
      grafana: { datasources: { "datasources.yaml": agentDatasources(plan) } },
      thanos: {
        storeSecretName: THANOS_SECRET,
        store: { enabled: false },
        query: { enabled: false },
        queryFrontend: { enabled: false },
        compact: { enabled: false },
        bucket: { enabled: false },
      },
    };
  }
  return {
    thanos: {
      storeSecretName: THANOS_SECRET,
      // The primary's settings from the chart's values-thanos.yaml (1.108.1). Left out because
      // the 1.108.1 templates read no such key: query.maxConcurrentSelect and
      // prometheus.server.enableAdminApi (the lint in all-plans.test.ts would flag them).
      sidecar: { enabled: true },
      store: withCa({ enabled: true, grpcSeriesMaxConcurrency: 20, blockSyncConcurrency: 20, extraEnv: GO_MEMORY_ENV, resources: { requests: { cpu: "250m", memory: "2.5Gi" } } }),
      query: { enabled: true, timeout: "3m", maxConcurrent: 8, autoDownsampling: false, extraEnv: GO_MEMORY_ENV, resources: { requests: { cpu: "250m", memory: "2.5Gi" } } },
      queryFrontend: {
        enabled: true,
        compressResponses: true,
        downstreamTripper: {
          enabled: true,
          idleConnectionTimeout: "90s",
          responseHeaderTimeout: "2m",
          tlsHandshakeTimeout: "10s",
          expectContinueTimeout: "1s",
          maxIdleConnections: 200,
          maxIdleConnectionsPerHost: 100,
          maxConnectionsPerHost: 0,
        },
        responseCache: { enabled: true, maxSize: "1.25GB", maxSizeItems: 0, validity: "2m" },
        extraEnv: GO_MEMORY_ENV,
        resources: { requests: { cpu: "100m", memory: "1.5Gi" } },
      },
      compact: withCa({
        enabled: true,
        dataVolume: { persistentVolumeClaim: { claimName: "compact-data-volume", storage: "100Gi" } },
        // Compaction downloads and rewrites whole blocks: without a request it is scheduled
        // anywhere and OOM-killed mid-block.
        resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
      }),
      bucket: withCa({ enabled: true, resources: { requests: { cpu: "50m", memory: "128Mi" } } }),
    },
  };
}

/** IRSA: one service account per cluster for Kubecost (ETL backup, diagnostics), Prometheus (the
 * sidecar runs in its pod) and the Thanos components, which the subchart never creates (seed:
 * kubecost docs long-term-storage-aws "Attach IAM role to Service Account"). With an existing
 * role the chart creates the account with the role annotation; eksctl creates it otherwise. */
function irsaValues(plan: FederationPlan, cluster: Cluster): Values | undefined {
  if (plan.auth.mode !== "irsa") return undefined;
  const roleArn = plan.auth.roleArn;
  const external = { create: false, name: IRSA_SERVICE_ACCOUNT };
  const prometheusServer = usesEksctl(plan) ? external : { create: true, name: IRSA_SERVICE_ACCOUNT, annotations: { [ROLE_ARN_ANNOTATION]: roleArn } };
  const thanos: Values = {};
  if (cluster.role === "primary") {
    // Only these read the bucket; query and query-frontend talk gRPC/HTTP only.
    for (const component of ["store", "compact", "bucket"]) thanos[component] = { serviceAccount: IRSA_SERVICE_ACCOUNT };
  }
  return {
    serviceAccount: external,
    prometheus: { serviceAccounts: { server: prometheusServer } },
    ...(cluster.role === "primary" ? { thanos } : {}),
  };
}

/** With an internal CA the cost-model container cannot mount it in 1.108.1 (no
 * kubecostModel.extraVolumeMounts), so the ETL backup and diagnostics that would read
 * object-store.yaml there are turned off rather than left failing. */
function internalCaOptOut(plan: FederationPlan): Values | undefined {
  if (!plan.storage?.internalCa) return undefined;
  return { kubecostModel: { etlBucketConfigSecret: "" }, diagnostics: { enabled: false } };
}

/** Grafana's datasource on an agent: the cluster's own Prometheus server
 * (cost-analyzer.prometheus.server.name: <release>-prometheus-server). */
function agentDatasources(plan: FederationPlan): Values {
  const url = `http://${plan.kubecost.releaseName}-prometheus-server.${plan.kubecost.namespace}.svc`;
  return { apiVersion: 1, datasources: [{ name: "Prometheus", type: "prometheus", access: "proxy", isDefault: true, url, jsonData: { httpMethod: "POST", timeInterval: "1m" } }] };
}

export function bundledClusterValues(plan: FederationPlan, cluster: Cluster): Values {
  const values = mergeValues(prometheusWithSidecar(plan), identity(cluster), thanosComponents(plan, cluster), irsaValues(plan, cluster), internalCaOptOut(plan));
  return withImages(plan, costAnalyzerChart(plan), values);
}
