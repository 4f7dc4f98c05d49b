import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ChartRef, GeneratedCommand, GeneratedFile, GeneratedPlan, HelmRepo, Step } from "../types";
import { toYaml } from "../yaml";
import { withMirrorStep } from "../common/images";
import { imageThroughMirror } from "@/lib/charts/images";
import { monitorNote } from "../common/status-link";
import { costAnalyzerChart, helmInstallCostAnalyzer, helmRepoAdd, helmRepoCommands, helmUpgradeInstall } from "../common/helm";
import { clusterDir, clustersPrimaryFirst, kubectlContext, primaryCluster } from "../common/naming";
import { configMapFromFile, createNamespace, secretFromFiles } from "../common/kubectl";
import { guardPlaceholders, hasKeyPlaceholders, objstoreFile, placeholderNote, requireStorage } from "../common/storage";
import { existingServiceAccountNote } from "../etl/irsa";
import { IRSA_SERVICE_ACCOUNT, eksName, eksctlServiceAccountCommands, listBlocksCommand, prerequisitesStep, thanosBucketStep, usesEksctl } from "./common";
import {
  CA_KEY, ENVOY_NAME, KPS_CHART, KPS_RELEASE, KPS_REPO, MONITORING_NAMESPACE, OBJSTORE_KEY, OBJSTORE_SECRET, STANDALONE_THANOS_VERSION,
  THANOS_CHART, THANOS_OCI, THANOS_QUERY_URL, THANOS_RELEASE, envoyListeners, sidecarHostOf,
} from "./standalone-names";
import { thanosValues, kubePrometheusStackValues, standaloneCaFile, standaloneKubecostValues } from "./standalone-values";
import { envoyConfig, envoyManifests } from "./envoy";

// Thanos standalone (seed: AWS blog "Multi-cluster monitoring with Amazon EKS, Thanos and
// kube-prometheus-stack"): every cluster runs kube-prometheus-stack with a Thanos sidecar that
// uploads to one bucket; agents expose the sidecar through a gRPC ALB ingress; the primary is the
// observer: Envoy (one listener per agent), Thanos query/store gateway/the one compactor,
// and Kubecost reading Thanos query. Kubecost on the agents reads their local Prometheus.

const label = (c: Cluster) => (c.displayName ? `${c.id} (${c.displayName})` : c.id);
const OBJSTORE_PATH = OBJSTORE_KEY;
export const kpsValuesPath = (c: Cluster) => `${clusterDir(c)}/kube-prometheus-stack.yaml`;
export const kubecostValuesPath = (c: Cluster) => `${clusterDir(c)}/kubecost.yaml`;
export const ENVOY_CONFIG_PATH = "observer/envoy.yaml";
export const ENVOY_DEPLOYMENT_PATH = "observer/envoy-deployment.yaml";
export const ENVOY_SERVICE_PATH = "observer/envoy-service.yaml";
export const THANOS_VALUES_PATH = "observer/thanos.yaml";

/** helm upgrade --install for a chart other than Kubecost's. */
function helmInstall(release: string, repo: HelmRepo, chartName: string, ref: ChartRef, cluster: Cluster, valuesPath: string, comment: string): GeneratedCommand {
  return helmUpgradeInstall({ release, repo, chartName, chartRef: ref, namespace: MONITORING_NAMESPACE, cluster, valuesFiles: [valuesPath], comment });
}

function prerequisites(plan: FederationPlan): Step {
  const step = prerequisitesStep(plan);
  step.commands.push(
    ...helmRepoAdd(KPS_REPO, "kube-prometheus-stack chart repository"),
    ...helmRepoCommands(plan),
  );
  const hosts = plan.clusters.filter((c) => c.role !== "primary").map((c) => sidecarHostOf(plan, c));
  const cidrs = primaryCluster(plan).egressCidrs;
  const reach = cidrs
    ? `The agents' sidecar load balancers are internet-facing and accept only ${cidrs.join(", ")} (the observer's egressCidrs).`
    : "The agents' sidecar load balancers are internal: the observer must reach each agent's VPC (VPC peering or a transit gateway), or set egressCidrs on the observer to make them internet-facing for its addresses only.";
  const needs = hosts.length
    ? `Each agent needs the AWS Load Balancer Controller, an ACM certificate covering its sidecar host and a DNS record for it after the ingress exists: ${hosts.join(", ")}. ${reach}`
    : "";
  step.note = [step.note, needs].filter(Boolean).join(" ") || undefined;
  return step;
}

function objstore(plan: FederationPlan): GeneratedFile {
  return objstoreFile(plan, OBJSTORE_PATH, `Thanos object storage config (the ${OBJSTORE_SECRET} Secret)`, {
    allowPrefix: true,
    thanosVersion: STANDALONE_THANOS_VERSION,
    caFile: standaloneCaFile(plan),
  });
}

const SECRETS_WHY = "Sidecars and Thanos read the bucket config from a Secret; no credentials go into helm values.";
const KUBECOST_AGENT_WHY = "Each cluster's Kubecost exports the cost metrics its Prometheus scrapes and uploads.";

function secretsStep(plan: FederationPlan, c: Cluster): Step {
  const commands: GeneratedCommand[] = [createNamespace(plan, c, MONITORING_NAMESPACE)];
  if (usesEksctl(plan)) commands.push(...eksctlServiceAccountCommands(plan, c, MONITORING_NAMESPACE));
  const ca = plan.storage?.internalCa;
  if (ca) commands.push(configMapFromFile(plan, c, ca.configMapName, CA_KEY, ca.caFile, "The internal CA that signs the S3 endpoint's certificate", MONITORING_NAMESPACE));
  commands.push(guardPlaceholders(plan, OBJSTORE_PATH, secretFromFiles(plan, c, OBJSTORE_SECRET, [{ key: OBJSTORE_KEY, path: OBJSTORE_PATH }], `The ${OBJSTORE_SECRET} Secret the sidecar${c.role === "primary" ? ", store gateway and compactor" : ""} read`, MONITORING_NAMESPACE)));
  const notes = [
    hasKeyPlaceholders(plan) ? placeholderNote(OBJSTORE_PATH) : undefined,
    usesEksctl(plan) && !c.eksClusterName ? `No EKS cluster name is set for ${c.id}; eksctl uses "${eksName(c)}": change it if the EKS name differs.` : undefined,
    usesEksctl(plan) ? existingServiceAccountNote(c, MONITORING_NAMESPACE, [IRSA_SERVICE_ACCOUNT]) : undefined,
  ].filter(Boolean);
  return {
    id: `secrets-${c.id}`,
    kind: "secrets",
    title: `Monitoring namespace and object storage Secret on ${label(c)}`,
    why: SECRETS_WHY,
    each: { title: "Monitoring namespace and object storage Secret on each cluster", why: SECRETS_WHY },
    phase: "secrets",
    clusterId: c.id,
    files: [objstore(plan)],
    commands,
    note: notes.length ? notes.join(" ") : undefined,
  };
}

function prometheusStep(plan: FederationPlan, c: Cluster): Step {
  const primary = c.role === "primary";
  const file: GeneratedFile = {
    path: kpsValuesPath(c),
    content: toYaml(kubePrometheusStackValues(plan, c), `kube-prometheus-stack ${KPS_CHART.version} on ${c.id}: Thanos sidecar, external label cluster_id=${c.id}`),
    language: "yaml",
    description: primary ? "kube-prometheus-stack values: sidecar found in-cluster by Thanos query" : "kube-prometheus-stack values: sidecar behind a gRPC ALB ingress",
    chartValues: KPS_CHART,
  };
  return {
    id: `prometheus-${c.id}`,
    kind: "prometheus",
    title: `Install kube-prometheus-stack with the Thanos sidecar on ${label(c)}`,
    why: primary
      ? "The observer's own Prometheus uploads like every cluster; its sidecar is queried in-cluster."
      : `The sidecar uploads blocks and answers recent queries through ${sidecarHostOf(plan, c)}:443.`,
    each: {
      title: "Install kube-prometheus-stack with the Thanos sidecar on each cluster",
      why: "Each agent's sidecar uploads blocks and answers recent queries through its own sidecar host on port 443.",
    },
    phase: "install",
    clusterId: c.id,
    files: [file],
    commands: [helmInstall(KPS_RELEASE, KPS_REPO, "kube-prometheus-stack", KPS_CHART, c, file.path, `kube-prometheus-stack on ${c.id}`)],
  };
}

const ENVOY_WHY = "Thanos query reaches each agent's sidecar through its own Envoy listener, which adds TLS toward the ALB.";
const THANOS_WHY = "One compactor per bucket: a second one overlaps blocks and halts compaction.";

function envoyStep(plan: FederationPlan, observer: Cluster): Step | undefined {
  if (envoyListeners(plan).length === 0) return undefined;
  const config: GeneratedFile = {
    path: ENVOY_CONFIG_PATH,
    content: toYaml(envoyConfig(plan), "Envoy: one gRPC listener per agent, TLS to its sidecar ingress"),
    language: "yaml",
    description: "Envoy config: one listener per agent cluster",
  };
  const [deployment, service] = envoyManifests(plan);
  const manifests: GeneratedFile[] = [
    { path: ENVOY_DEPLOYMENT_PATH, content: toYaml(deployment, "Envoy Deployment (config from the thanos-envoy ConfigMap)"), language: "yaml", description: "Envoy Deployment on the observer" },
    { path: ENVOY_SERVICE_PATH, content: toYaml(service, "Envoy Service: one port per listener, dialed by Thanos query"), language: "yaml", description: "Envoy Service on the observer" },
  ];
  return {
    id: "observer-envoy",
    kind: "observer-envoy",
    title: `Run Envoy on the observer cluster ${label(observer)}`,
    why: ENVOY_WHY,
    // Runs on the observer only: its own words are the fleet's too.
    each: { title: "Run Envoy on the observer cluster", why: ENVOY_WHY },
    phase: "install",
    clusterId: observer.id,
    files: [config, ...manifests],
    commands: [
      configMapFromFile(plan, observer, ENVOY_NAME, "envoy.yaml", ENVOY_CONFIG_PATH, "Envoy's config", MONITORING_NAMESPACE),
      { argv: ["kubectl", "apply", ...kubectlContext(observer), "--filename", ENVOY_DEPLOYMENT_PATH, "--filename", ENVOY_SERVICE_PATH] },
      { argv: ["kubectl", "rollout", "restart", `deployment/${ENVOY_NAME}`, "--namespace", MONITORING_NAMESPACE, ...kubectlContext(observer)], comment: "Pick up a changed envoy.yaml" },
    ],
  };
}

function thanosStep(plan: FederationPlan, observer: Cluster): Step {
  const file: GeneratedFile = {
    path: THANOS_VALUES_PATH,
    content: toYaml(thanosValues(plan), `stevehipwell/thanos ${THANOS_CHART.version} (upstream image quay.io/thanos/thanos): query, store gateway and the only compactor on this bucket`),
    language: "yaml",
    description: "Thanos values: query over Envoy listeners, store gateway, one compactor",
    chartValues: THANOS_CHART,
  };
  return {
    id: "observer-thanos",
    kind: "observer-thanos",
    title: `Install Thanos query, store gateway and compactor on ${label(observer)}`,
    why: THANOS_WHY,
    each: { title: "Install Thanos query, store gateway and compactor on the observer cluster", why: THANOS_WHY },
    phase: "install",
    clusterId: observer.id,
    files: [file],
    commands: [helmInstall(THANOS_RELEASE, THANOS_OCI, "thanos", THANOS_CHART, observer, file.path, "Thanos chart (OCI, stevehipwell/helm-charts)")],
  };
}

function kubecostStep(plan: FederationPlan, c: Cluster): Step {
  const primary = c.role === "primary";
  const file: GeneratedFile = {
    path: kubecostValuesPath(c),
    content: toYaml(standaloneKubecostValues(plan, c), `Kubecost ${plan.kubecost.chartVersion} on ${c.id}: ${primary ? "reads Thanos query (every cluster)" : "reads the local kube-prometheus-stack"}`),
    language: "yaml",
    description: primary ? "Kubecost values: Prometheus = Thanos query" : "Kubecost values: Prometheus = local kube-prometheus-stack",
    chartValues: costAnalyzerChart(plan),
  };
  return {
    id: `install-${c.id}`,
    kind: "install",
    title: `Install Kubecost on ${label(c)}`,
    why: primary ? "The primary's Kubecost sees every cluster through Thanos query." : KUBECOST_AGENT_WHY,
    each: { title: "Install Kubecost on each cluster", why: KUBECOST_AGENT_WHY },
    phase: "install",
    clusterId: c.id,
    files: [file],
    commands: [helmInstallCostAnalyzer(plan, c, [file.path], [], `Kubecost on ${c.id}`)],
  };
}

const CURL_IMAGE = "curlimages/curl:8.11.1";

/** A throwaway curl pod on the observer (the Thanos image carries no curl). */
function curlOnObserver(plan: FederationPlan, args: string[], comment: string): GeneratedCommand {
  return {
    comment,
    argv: [
      "kubectl", "run", "thanos-check", "--rm", "--stdin", "--restart=Never", "--quiet",
      `--image=${imageThroughMirror(CURL_IMAGE, plan.kubecost.imageMirror)}`, "--namespace", MONITORING_NAMESPACE, ...kubectlContext(primaryCluster(plan)), "--",
      "curl", ...args,
    ],
  };
}

function verifyStep(plan: FederationPlan): Step {
  const ids = plan.clusters.map((c) => c.id).join(", ");
  return {
    id: "verify",
    title: "Verify blocks, stores and cluster labels",
    why: "Blocks in the bucket, one store per sidecar plus the store gateway, and one cluster_id per cluster mean the federation works.",
    phase: "verify",
    files: [],
    commands: [
      listBlocksCommand(plan),
      curlOnObserver(plan, ["--silent", `${THANOS_QUERY_URL}/api/v1/stores`], `Stores: the store gateway, the observer's sidecar and one per Envoy listener (${envoyListeners(plan).length})`),
      curlOnObserver(
        plan,
        ["--silent", "--get", `${THANOS_QUERY_URL}/api/v1/query`, "--data-urlencode", "query=count by (cluster_id) (last_over_time(node_total_hourly_cost[1h]))"],
        `One result per cluster_id: ${ids}`,
      ),
    ],
    note: `A missing agent store usually means its ingress, ACM certificate or DNS record: check with kubectl logs deployment/${ENVOY_NAME} --namespace ${MONITORING_NAMESPACE} on the observer. ${monitorNote(plan)}`,
  };
}

export function generateThanosStandalone(plan: FederationPlan): GeneratedPlan {
  requireStorage(plan);
  const clusters = clustersPrimaryFirst(plan);
  const observer = primaryCluster(plan);
  const envoy = envoyStep(plan, observer);
  return {
    method: plan.method,
    title: `Thanos standalone with kube-prometheus-stack: ${clusters.length} cluster${clusters.length === 1 ? "" : "s"}; the observer is ${observer.id}`,
    steps: withMirrorStep(plan, [CURL_IMAGE], [
      prerequisites(plan),
      thanosBucketStep(plan, "Every sidecar uploads 2 h blocks here; the observer's store gateway and compactor read them.", OBJSTORE_PATH, [MONITORING_NAMESPACE]),
      ...clusters.map((c) => secretsStep(plan, c)),
      ...clusters.map((c) => prometheusStep(plan, c)),
      ...(envoy ? [envoy] : []),
      thanosStep(plan, observer),
      ...clusters.map((c) => kubecostStep(plan, c)),
      verifyStep(plan),
    ]),
  };
}
