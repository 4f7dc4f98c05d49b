import { derivedSidecarHost, type Cluster, type FederationPlan } from "@/lib/plan/schema";
import type { ChartRef } from "../types";

// Names the standalone setup (seed: AWS blog "Multi-cluster monitoring with Amazon EKS, Thanos
// and kube-prometheus-stack") fixes, so files, commands and tests agree on them.

export const MONITORING_NAMESPACE = "monitoring";

export const KPS_RELEASE = "kube-prometheus-stack";
export const KPS_CHART: ChartRef = { chart: "kube-prometheus-stack", version: "88.5.3" };
export const KPS_REPO = { name: "prometheus-community", url: "https://prometheus-community.github.io/helm-charts" };
/** kube-prometheus-stack.fullname is the release name when it contains the chart name. */
export const KPS_PROMETHEUS_SERVICE = `${KPS_RELEASE}-prometheus`;
export const KPS_THANOS_DISCOVERY_SERVICE = `${KPS_RELEASE}-thanos-discovery`;

export const THANOS_RELEASE = "thanos";
export const THANOS_CHART: ChartRef = { chart: "bitnami-thanos", version: "17.6.0" };
export const THANOS_OCI = "oci://registry-1.docker.io/bitnamicharts/thanos";
/** bitnami thanos 17.6.0 runs Thanos 0.39.2 (FACTS.md §1); the sidecars use the same version,
 * and objstore keys are linted against it. */
export const STANDALONE_THANOS_VERSION = "v0.39.2";
export const SIDECAR_IMAGE = `quay.io/thanos/thanos:${STANDALONE_THANOS_VERSION}`;
/** bitnami service `<fullname>-query`, port query.service.ports.http (9090). */
export const THANOS_QUERY_URL = `http://${THANOS_RELEASE}-query.${MONITORING_NAMESPACE}.svc.cluster.local:9090`;

/** One Secret for the sidecar (existingSecret) and bitnami (existingObjstoreSecret mounts key
 * objstore.yml at /conf). */
export const OBJSTORE_SECRET = "thanos-objstore";
export const OBJSTORE_KEY = "objstore.yml";

export const CA_KEY = "ca.crt";
export const CA_DIR = "/etc/ssl/kubecost-ca";

export const ENVOY_NAME = "thanos-envoy";
export const ENVOY_IMAGE = "envoyproxy/envoy:v1.32.3";
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
