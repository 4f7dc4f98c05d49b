import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { IRSA_SERVICE_ACCOUNT, ROLE_ARN_ANNOTATION, helmFullname, usesEksctl } from "./common";
import { mergeValues, type Values } from "./values";
import { withImages } from "../common/images";
import { costAnalyzerChart } from "../common/helm";
import { primaryCluster } from "../common/naming";
import {
  CA_DIR, CA_KEY, KPS_CHART, KPS_PROMETHEUS_SERVICE, KPS_THANOS_DISCOVERY_SERVICE, MONITORING_NAMESPACE, OBJSTORE_KEY, OBJSTORE_SECRET,
  PROMETHEUS_VOLUME_SIZE, SHARED_LABEL, THANOS_CHART, THANOS_QUERY_URL, envoyListeners, envoyStoreAddress, sidecarHostOf,
} from "./standalone-names";

// Values for the three charts of the standalone setup. Keys are today's: kube-prometheus-stack
// reads prometheusSpec.thanos.objectStorageConfig.existingSecret, not the 2021 blog's name/key
// (https://github.com/prometheus-community/helm-charts/blob/kube-prometheus-stack-88.5.3/charts/kube-prometheus-stack/values.yaml),
// checked by all-plans.test.ts against data/charts.

const caVolume = (plan: FederationPlan) => {
  const ca = plan.storage?.internalCa;
  return ca ? { volume: { name: ca.configMapName, configMap: { name: ca.configMapName } }, mount: { name: ca.configMapName, mountPath: CA_DIR, readOnly: true } } : undefined;
};
export const standaloneCaFile = (plan: FederationPlan) => (plan.storage?.internalCa ? `${CA_DIR}/${CA_KEY}` : undefined);

/** IRSA service account: eksctl made it (create: false), or the chart creates it with the role. */
function irsaAccount(plan: FederationPlan): Values | undefined {
  if (plan.auth.mode !== "irsa") return undefined;
  if (usesEksctl(plan)) return { create: false, name: IRSA_SERVICE_ACCOUNT };
  return { create: true, name: IRSA_SERVICE_ACCOUNT, annotations: { [ROLE_ARN_ANNOTATION]: plan.auth.roleArn } };
}

/** Kubecost's cost-model metrics, scraped by every cluster's Prometheus (Kubecost docs "Bring
 * your own Prometheus": job kubecost, honor_labels, port 9003). */
function kubecostScrapeJob(plan: FederationPlan): Values {
  const service = helmFullname(plan.kubecost.releaseName, "cost-analyzer");
  return {
    job_name: "kubecost",
    honor_labels: true,
    scrape_interval: "1m",
    scrape_timeout: "10s",
    metrics_path: "/metrics",
    scheme: "http",
    dns_sd_configs: [{ names: [`${service}.${plan.kubecost.namespace}`], type: "A", port: 9003 }],
  };
}

/** The gRPC ingress of the seed blog: an ALB terminating TLS (ACM certificate found by host name)
 * and speaking gRPC to the sidecar's discovery service. The StoreAPI has no authentication and
 * serves every metric of the cluster, so the ALB is internal, or internet-facing for the
 * observer's egress addresses only (AWS Load Balancer Controller annotations scheme and
 * inbound-cidrs: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/). */
function sidecarIngress(plan: FederationPlan, cluster: Cluster): Values {
  const cidrs = primaryCluster(plan).egressCidrs;
  const exposure = cidrs
    ? { "alb.ingress.kubernetes.io/scheme": "internet-facing", "alb.ingress.kubernetes.io/inbound-cidrs": cidrs.join(",") }
    : { "alb.ingress.kubernetes.io/scheme": "internal" };
  return {
    enabled: true,
    ingressClassName: "alb",
    annotations: {
      ...exposure,
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/backend-protocol-version": "GRPC",
      "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTPS: 443 }]),
    },
    hosts: [sidecarHostOf(plan, cluster)],
    paths: ["/"],
    pathType: "Prefix",
  };
}

export function kubePrometheusStackValues(plan: FederationPlan, cluster: Cluster): Values {
  const ca = caVolume(plan);
  const account = irsaAccount(plan);
  // The sidecar image is the chart's own (prometheusOperator.thanosImage, quay.io/thanos/thanos).
  const thanos: Values = {
    objectStorageConfig: { existingSecret: { name: OBJSTORE_SECRET, key: OBJSTORE_KEY } },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
    ...(ca ? { volumeMounts: [ca.mount] } : {}),
  };
  const values: Values = {
    // Kubecost's UI is the view; the chart's Grafana would be one more image to pull and patch.
    grafana: { enabled: false },
    prometheus: {
      ...(account ? { serviceAccount: account } : {}),
      // The discovery service: Thanos query finds the primary's sidecar through it, and the
      // agents' ingresses route to it.
      thanosService: { enabled: true },
      ...(cluster.role === "primary" ? {} : { thanosIngress: sidecarIngress(plan, cluster) }),
      prometheusSpec: {
        externalLabels: { cluster_id: cluster.id, [SHARED_LABEL]: plan.storage?.bucket ?? "kubecost" },
        thanos,
        // Without a volume the TSDB is an emptyDir: blocks not yet uploaded die with the pod.
        storageSpec: {
          volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: PROMETHEUS_VOLUME_SIZE } } } },
        },
        ...(ca ? { volumes: [ca.volume] } : {}),
        additionalScrapeConfigs: [kubecostScrapeJob(plan)],
      },
    },
  };
  return withImages(plan, KPS_CHART, values);
}

/** The PVCs take the cluster's default StorageClass: null deletes the chart's "standard" (absent on
 * EKS), as helm does for any null value. */
const persistence = (size: string) => ({ enabled: true, size, storageClass: null });

/** Thanos on the observer (stevehipwell/thanos): query (the local sidecar by DNS SRV discovery,
 * the remote sidecars through the Envoy listeners, the store gateway), store gateway, and the one
 * compactor. */
export function thanosValues(plan: FederationPlan): Values {
  const ca = caVolume(plan);
  const account = irsaAccount(plan);
  // The kube-prometheus-stack release on the observer creates the account when the chart must.
  const readerAccount = account ? { serviceAccount: { create: false, name: IRSA_SERVICE_ACCOUNT } } : {};
  const caMounts = ca ? { extraVolumes: [ca.volume], extraVolumeMounts: [ca.mount] } : {};
  const values: Values = {
    objstoreConfig: { create: false, name: OBJSTORE_SECRET, key: OBJSTORE_KEY },
    additionalReplicaLabels: ["prometheus_replica"],
    additionalEndpoints: [`dnssrv+_grpc._tcp.${KPS_THANOS_DISCOVERY_SERVICE}.${MONITORING_NAMESPACE}.svc.cluster.local`, ...envoyListeners(plan).map(envoyStoreAddress)],
    query: { enabled: true, resources: { requests: { cpu: "250m", memory: "1Gi" } } },
    queryFrontend: { enabled: false },
    storeGateway: { enabled: true, persistence: persistence("10Gi"), resources: { requests: { cpu: "250m", memory: "2Gi" } }, ...readerAccount, ...caMounts },
    compact: {
      enabled: true,
      extraArgs: ["--retention.resolution-raw=30d", "--retention.resolution-5m=120d", "--retention.resolution-1h=1y"],
      persistence: persistence("50Gi"),
      resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
      ...readerAccount,
      ...caMounts,
    },
  };
  return withImages(plan, THANOS_CHART, values);
}

/** Kubecost on every cluster without its bundled Prometheus: agents read their local
 * kube-prometheus-stack, the primary reads Thanos query (all clusters). 2.x gets no thanos.* key
 * (its chart fails on them: lib/charts/refused.ts); 1.x's primary also sets
 * global.thanos.queryService, which turns on its multi-cluster Thanos mode without the bundled
 * subchart. */
export function standaloneKubecostValues(plan: FederationPlan, cluster: Cluster): Values {
  const primary = cluster.role === "primary";
  const fqdn = primary ? THANOS_QUERY_URL : `http://${KPS_PROMETHEUS_SERVICE}.${MONITORING_NAMESPACE}.svc.cluster.local:9090`;
  const base: Values = {
    global: { prometheus: { enabled: false, fqdn } },
    kubecostProductConfigs: { clusterName: cluster.id },
    // Becomes CLUSTER_ID in the cost-model even without the bundled Prometheus.
    prometheus: {
      server: { global: { external_labels: { cluster_id: cluster.id } } },
      // kube-prometheus-stack already runs node-exporter on every node.
      nodeExporter: { enabled: false },
      serviceAccounts: { nodeExporter: { create: false } },
    },
  };
  const thanos1x: Values | undefined = primary && plan.kubecost.chartLine === "1.x" ? { global: { thanos: { queryService: THANOS_QUERY_URL } } } : undefined;
  return withImages(plan, costAnalyzerChart(plan), mergeValues(base, thanos1x));
}
