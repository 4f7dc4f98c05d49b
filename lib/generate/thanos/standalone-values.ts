import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { IRSA_SERVICE_ACCOUNT, ROLE_ARN_ANNOTATION, helmFullname, usesEksctl } from "./common";
import { mergeValues, type Values } from "./values";
import {
  CA_DIR, CA_KEY, KPS_PROMETHEUS_SERVICE, KPS_THANOS_DISCOVERY_SERVICE, MONITORING_NAMESPACE, OBJSTORE_KEY, OBJSTORE_SECRET, SHARED_LABEL,
  SIDECAR_IMAGE, THANOS_QUERY_URL, envoyListeners, envoyStoreAddress, sidecarHostOf,
} from "./standalone-names";

// Values for the three charts of the standalone setup. Keys are today's (FACTS.md §1:
// kube-prometheus-stack reads objectStorageConfig.existingSecret, not the 2021 blog's name/key;
// thanos.image replaces baseImage/version), checked by all-plans.test.ts against data/charts.

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
 * and speaking gRPC to the sidecar's discovery service. */
function sidecarIngress(plan: FederationPlan, cluster: Cluster): Values {
  return {
    enabled: true,
    ingressClassName: "alb",
    annotations: {
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
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
  const thanos: Values = {
    image: SIDECAR_IMAGE,
    objectStorageConfig: { existingSecret: { name: OBJSTORE_SECRET, key: OBJSTORE_KEY } },
    ...(ca ? { volumeMounts: [ca.mount] } : {}),
  };
  return {
    prometheus: {
      ...(account ? { serviceAccount: account } : {}),
      // The discovery service: Thanos query finds the primary's sidecar through it, and the
      // agents' ingresses route to it.
      thanosService: { enabled: true },
      ...(cluster.role === "primary" ? {} : { thanosIngress: sidecarIngress(plan, cluster) }),
      prometheusSpec: {
        externalLabels: { cluster_id: cluster.id, [SHARED_LABEL]: plan.storage?.bucket ?? "kubecost" },
        thanos,
        ...(ca ? { volumes: [ca.volume] } : {}),
        additionalScrapeConfigs: [kubecostScrapeJob(plan)],
      },
    },
  };
}

/** bitnami Thanos on the observer: query (local sidecar by DNS discovery, remote sidecars through
 * the Envoy listeners, the store gateway), store gateway, and the one compactor. */
export function bitnamiThanosValues(plan: FederationPlan): Values {
  const ca = caVolume(plan);
  const account = irsaAccount(plan);
  // The kube-prometheus-stack release on the observer creates the account when the chart must.
  const readerAccount = account ? { serviceAccount: { create: false, name: IRSA_SERVICE_ACCOUNT } } : {};
  const caMounts = ca ? { extraVolumes: [ca.volume], extraVolumeMounts: [ca.mount] } : {};
  return {
    existingObjstoreSecret: OBJSTORE_SECRET,
    query: {
      enabled: true,
      replicaLabel: ["prometheus_replica"],
      dnsDiscovery: { enabled: true, sidecarsService: KPS_THANOS_DISCOVERY_SERVICE, sidecarsNamespace: MONITORING_NAMESPACE },
      stores: envoyListeners(plan).map(envoyStoreAddress),
    },
    queryFrontend: { enabled: false },
    storegateway: { enabled: true, persistence: { enabled: true, size: "10Gi" }, ...readerAccount, ...caMounts },
    compactor: {
      enabled: true,
      retentionResolutionRaw: "30d",
      retentionResolution5m: "120d",
      retentionResolution1h: "1y",
      persistence: { enabled: true, size: "50Gi" },
      ...readerAccount,
      ...caMounts,
    },
  };
}

/** Kubecost on every cluster without its bundled Prometheus: agents read their local
 * kube-prometheus-stack, the primary reads Thanos query (all clusters). 2.x gets no thanos.* key
 * (its chart fails on them, FACTS.md §1); 1.x's primary also sets global.thanos.queryService,
 * which turns on its multi-cluster Thanos mode without the bundled subchart. */
export function standaloneKubecostValues(plan: FederationPlan, cluster: Cluster): Values {
  const primary = cluster.role === "primary";
  const fqdn = primary ? THANOS_QUERY_URL : `http://${KPS_PROMETHEUS_SERVICE}.${MONITORING_NAMESPACE}.svc.cluster.local:9090`;
  const base: Values = {
    global: { prometheus: { enabled: false, fqdn } },
    kubecostProductConfigs: { clusterName: cluster.id },
    // Becomes CLUSTER_ID in the cost-model even without the bundled Prometheus (FACTS.md §1).
    prometheus: {
      server: { global: { external_labels: { cluster_id: cluster.id } } },
      // kube-prometheus-stack already runs node-exporter on every node.
      nodeExporter: { enabled: false },
      serviceAccounts: { nodeExporter: { create: false } },
    },
  };
  const thanos1x: Values | undefined = primary && plan.kubecost.chartLine === "1.x" ? { global: { thanos: { queryService: THANOS_QUERY_URL } } } : undefined;
  return mergeValues(base, thanos1x);
}
