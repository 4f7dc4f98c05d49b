import { derivedSidecarHost, type Cluster, type FederationPlan } from "@/lib/plan/schema";
import type { ChartRef } from "../types";
import { COMPANION_CHARTS } from "@/lib/plan/kubecost-lines";

// Names the standalone setup (seed: AWS blog "Multi-cluster monitoring with Amazon EKS, Thanos
// and kube-prometheus-stack") fixes, so files, commands and tests agree on them.

export const MONITORING_NAMESPACE = "monitoring";

export const KPS_RELEASE = "kube-prometheus-stack";
export const KPS_CHART: ChartRef = { chart: "kube-prometheus-stack", version: COMPANION_CHARTS["kube-prometheus-stack"].version };
export const KPS_REPO = { kind: "https", name: "prometheus-community", url: "https://prometheus-community.github.io/helm-charts" } as const;
/** kube-prometheus-stack.fullname is the release name when it contains the chart name. */
export const KPS_PROMETHEUS_SERVICE = `${KPS_RELEASE}-prometheus`;
export const KPS_THANOS_DISCOVERY_SERVICE = `${KPS_RELEASE}-thanos-discovery`;

export const THANOS_RELEASE = "thanos";
/** Query, store gateway and compactor come from stevehipwell/thanos: it runs the upstream image
 * quay.io/thanos/thanos and follows Thanos releases (https://github.com/stevehipwell/helm-charts/tree/main/charts/thanos).
 * bitnami/thanos 17.6.0 defaults to docker.io/bitnami/thanos:0.39.2-debian-12-r2, frozen in
 * bitnamilegacy since 2025-08-28 (https://github.com/bitnami/containers/issues/83267), and fails
 * to render another registry without global.security.allowInsecureImages. */
export const THANOS_CHART: ChartRef = { chart: "stevehipwell-thanos", version: COMPANION_CHARTS["stevehipwell-thanos"].version };
/** The Thanos chart's OCI registry path (the chart is oci://<this>/thanos). */
export const THANOS_OCI = { kind: "oci", url: "ghcr.io/stevehipwell/helm-charts" } as const;
/** The chart's appVersion and kube-prometheus-stack 88.5.3's sidecar (prometheusOperator.thanosImage):
 * one Thanos version everywhere; objstore keys are linted against it. */
export const STANDALONE_THANOS_VERSION = "v0.42.4";
/** Service `<fullname>-query` (fullname = release name "thanos"), port query.service.httpPort. */
export const THANOS_QUERY_URL = `http://${THANOS_RELEASE}-query.${MONITORING_NAMESPACE}.svc.cluster.local:10902`;

/** One Secret for the sidecar (existingSecret) and the Thanos chart (objstoreConfig.name, key
 * mounted at /etc/thanos/objstore.yaml). */
export const OBJSTORE_SECRET = "thanos-objstore";
export const OBJSTORE_KEY = "objstore.yml";

export const CA_KEY = "ca.crt";
export const CA_DIR = "/etc/ssl/kubecost-ca";

export const ENVOY_NAME = "thanos-envoy";
export const ENVOY_IMAGE = "envoyproxy/envoy:v1.32.3";
/** The Prometheus TSDB volume: blocks not yet uploaded (up to 2 h, more while the bucket is
 * unreachable) must survive a restart (seed: the AWS blog's 30Gi storageSpec). */
export const PROMETHEUS_VOLUME_SIZE = "30Gi";
export const ENVOY_FIRST_PORT = 10001;

/** The shared external label every monitored cluster carries next to its own cluster_id. */
export const SHARED_LABEL = "kubecost_federation";

export const sidecarHostOf = (plan: FederationPlan, c: Cluster): string => {
  if (c.sidecarHost) return c.sidecarHost;
  if (!plan.thanosDomain) throw new Error("validated standalone plans have a sidecar host or a domain");
  // '_' is legal in cluster ids but not in host names (ACM, ALB): it becomes '-'.
  return derivedSidecarHost(c.id, plan.thanosDomain);
};

/** Clusters the observer reaches through Envoy: every cluster but the primary, whose own sidecar
 * is found in-cluster by DNS discovery (no round trip through its load balancer). */
export const remoteClusters = (plan: FederationPlan) => plan.clusters.filter((c) => c.role !== "primary");

export interface EnvoyListener {
  clusterId: string;
  name: string;
  port: number;
  upstreamHost: string;
}

export function envoyListeners(plan: FederationPlan): EnvoyListener[] {
  return remoteClusters(plan).map((c, i) => ({ clusterId: c.id, name: `sidecar-${c.id}`, port: ENVOY_FIRST_PORT + i, upstreamHost: sidecarHostOf(plan, c) }));
}

/** What Thanos query dials for each listener. */
export const envoyStoreAddress = (l: EnvoyListener) => `${ENVOY_NAME}.${MONITORING_NAMESPACE}.svc.cluster.local:${l.port}`;
