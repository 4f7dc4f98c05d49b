import type { ChartRef } from "@/lib/generate/types";

// Every image each chart version pulls, where its values set it, and its default, derived from
// the charts' own values.yaml at these tags (kubecost/kubecost v1.108.1, v2.4.2, v2.8.7, v2.9.7,
// v3.2.1 with kubecost/finops-agent-chart v1.0.20; prometheus-community/helm-charts
// kube-prometheus-stack-88.5.3 with kube-state-metrics-8.4.0 and prometheus-node-exporter-4.56.1;
// stevehipwell/helm-charts thanos-1.24.1; bitnami/charts thanos 17.6.0).

/** How a chart reads one image:
 * - `repository-tag`: `<path>.repository` (registry included) and `<path>.tag`;
 * - `registry-repository-tag`: `<path>.registry`, `.repository`, `.tag`;
 * - `reference`: `<path>` is the whole `registry/repository:tag`;
 * - `name`: `<path>` is `registry/repository`; the chart adds the tag itself (Kubecost's
 *   cost-model and frontend: `prod-<appVersion>` before 2.8, `<appVersion>` since). */
export type ImageForm = "repository-tag" | "registry-repository-tag" | "reference" | "name";

export interface ChartImage {
  path: string;
  form: ImageForm;
  /** The reference the chart renders by default. */
  image: string;
  /** Value paths that must all be true for the chart to run this image. */
  when?: string[];
}

/** Defaults of the `when` switches (from the same values files). */
export type Switches = Record<string, boolean>;

export interface ChartImages {
  images: ChartImage[];
  switches: Switches;
}

const img = (path: string, form: ImageForm, image: string, ...when: string[]): ChartImage => ({ path, form, image, ...(when.length ? { when } : {}) });

const PROM = "global.prometheus.enabled";
const GRAFANA = "global.grafana.enabled";

/** cost-analyzer 2.x pieces that did not change 2.4 -> 2.9 (add-ons off by default). */
const costAnalyzerAddOns = (gmpTag: string): ChartImage[] => [
  img("global.gmp.gmpProxy.image", "reference", `gke.gcr.io/prometheus-engine/frontend:${gmpTag}`, "global.gmp.enabled"),
  img("sigV4Proxy.image", "reference", "public.ecr.aws/aws-observability/aws-sigv4-proxy:latest", "global.amp.enabled"),
  img("awsstore.imageNameAndVersion", "reference", "gcr.io/kubecost1/awsstore:latest", "awsstore.useAwsStore"),
  img("grafana.downloadDashboardsImage", "repository-tag", "curlimages/curl:latest", GRAFANA),
];

const costAnalyzer2Switches: Switches = {
  [PROM]: true, [GRAFANA]: true, "global.gmp.enabled": false, "global.amp.enabled": false, "awsstore.useAwsStore": false,
  "prometheus.alertmanager.enabled": false, "prometheus.nodeExporter.enabled": false, "prometheus.configmapReload.prometheus.enabled": false,
  "networkCosts.enabled": false, "clusterController.enabled": false, "forecasting.enabled": true, "grafana.sidecar.dashboards.enabled": true,
};

function costAnalyzer2(v: {
  kubecost: string; tagPrefix: string; modeling: ChartImage; networkCosts: string; clusterController: string;
  prometheus: string; alertmanager: string; reloader: string; nodeExporter: string; grafana: string; sidecar: string; gmpTag: string;
}): ChartImages {
  return {
    switches: costAnalyzer2Switches,
    images: [
      img("kubecostModel.image", "name", `${v.kubecost}/cost-model:${v.tagPrefix}`),
      img("kubecostFrontend.image", "name", `${v.kubecost}/frontend:${v.tagPrefix}`),
      v.modeling,
      img("networkCosts.image", "repository-tag", v.networkCosts, "networkCosts.enabled"),
      img("clusterController.image", "repository-tag", v.clusterController, "clusterController.enabled"),
      img("prometheus.server.image", "repository-tag", v.prometheus, PROM),
      img("prometheus.alertmanager.image", "repository-tag", v.alertmanager, PROM, "prometheus.alertmanager.enabled"),
      img("prometheus.configmapReload.prometheus.image", "repository-tag", v.reloader, PROM, "prometheus.configmapReload.prometheus.enabled"),
      img("prometheus.nodeExporter.image", "repository-tag", v.nodeExporter, PROM, "prometheus.nodeExporter.enabled"),
      img("grafana.image", "repository-tag", v.grafana, GRAFANA),
      img("grafana.sidecar.image", "repository-tag", v.sidecar, GRAFANA, "grafana.sidecar.dashboards.enabled"),
      ...costAnalyzerAddOns(v.gmpTag),
    ],
  };
}

const costAnalyzer1108: ChartImages = {
  switches: {
    [PROM]: true, [GRAFANA]: true, "global.thanos.enabled": false, "global.gmp.enabled": false, "global.amp.enabled": false,
    "prometheus.alertmanager.enabled": false, "prometheus.nodeExporter.enabled": true, "prometheus.configmapReload.prometheus.enabled": true,
    "networkCosts.enabled": false, "clusterController.enabled": false, "grafana.sidecar.dashboards.enabled": true, "awsstore.useAwsStore": false,
    "remoteWrite.postgres.enabled": false,
  },
  images: [
    img("kubecostModel.image", "name", "gcr.io/kubecost1/cost-model:prod-1.108.1"),
    img("kubecostFrontend.image", "name", "gcr.io/kubecost1/frontend:prod-1.108.1"),
    img("networkCosts.image", "reference", "gcr.io/kubecost1/kubecost-network-costs:v0.17.2", "networkCosts.enabled"),
    img("clusterController.image", "reference", "gcr.io/kubecost1/cluster-controller:v0.13.0", "clusterController.enabled"),
    img("remoteWrite.postgres.initImage", "reference", "gcr.io/kubecost1/sql-init:latest", "remoteWrite.postgres.enabled"),
    img("prometheus.server.image", "repository-tag", "quay.io/prometheus/prometheus:v2.48.1", PROM),
    img("prometheus.alertmanager.image", "repository-tag", "quay.io/prometheus/alertmanager:v0.25.0", PROM, "prometheus.alertmanager.enabled"),
    img("prometheus.configmapReload.prometheus.image", "repository-tag", "quay.io/prometheus-operator/prometheus-config-reloader:v0.69.1", PROM, "prometheus.configmapReload.prometheus.enabled"),
    img("prometheus.nodeExporter.image", "repository-tag", "prom/node-exporter:v1.7.0", PROM, "prometheus.nodeExporter.enabled"),
    img("thanos.image", "repository-tag", "thanosio/thanos:v0.32.5", "global.thanos.enabled"),
    img("grafana.image", "repository-tag", "grafana/grafana:9.4.7", GRAFANA),
    img("grafana.sidecar.image", "repository-tag", "kiwigrid/k8s-sidecar:1.25.2", GRAFANA, "grafana.sidecar.dashboards.enabled"),
    img("global.gmp.gmpProxy.image", "reference", "gke.gcr.io/prometheus-engine/frontend:v0.4.1-gke.0", "global.gmp.enabled"),
    img("sigV4Proxy.image", "reference", "public.ecr.aws/aws-observability/aws-sigv4-proxy:latest", "global.amp.enabled"),
    img("awsstore.imageNameAndVersion", "reference", "gcr.io/kubecost1/awsstore:latest", "awsstore.useAwsStore"),
  ],
};

const costAnalyzer242 = costAnalyzer2({
  kubecost: "gcr.io/kubecost1", tagPrefix: "prod-2.4.2",
  modeling: img("forecasting.fullImageName", "reference", "gcr.io/kubecost1/kubecost-modeling:v0.1.16", "forecasting.enabled"),
  networkCosts: "gcr.io/kubecost1/kubecost-network-costs:v0.17.6", clusterController: "gcr.io/kubecost1/cluster-controller:v0.16.9",
  prometheus: "cgr.dev/chainguard/prometheus:latest", alertmanager: "cgr.dev/chainguard/prometheus-alertmanager:latest",
  reloader: "cgr.dev/chainguard/prometheus-config-reloader:latest", nodeExporter: "prom/node-exporter:v1.8.2",
  grafana: "cgr.dev/chainguard/grafana:latest", sidecar: "cgr.dev/chainguard/k8s-sidecar:latest", gmpTag: "v0.4.1-gke.0",
});

const icr2 = (version: string) =>
  costAnalyzer2({
    kubecost: "icr.io/kubecost", tagPrefix: version,
    modeling: img("forecasting.image", "repository-tag", "icr.io/kubecost/modeling:v0.1.34", "forecasting.enabled"),
    networkCosts: "icr.io/kubecost/network-costs:v0.18.2", clusterController: "icr.io/kubecost/cluster-controller:v0.16.32",
    prometheus: "quay.io/prometheus/prometheus:v3.9.1", alertmanager: "quay.io/prometheus/alertmanager:v0.28.1",
    reloader: "quay.io/prometheus-operator/prometheus-config-reloader:v0.86.1", nodeExporter: "prom/node-exporter:v1.9.1",
    grafana: "grafana/grafana:12.3.1", sidecar: "ghcr.io/kiwigrid/k8s-sidecar:2.2.3", gmpTag: "v0.15.4-gke.0",
  });

const kubecost321: ChartImages = {
  switches: {
    "frontend.enabled": true, "localStore.enabled": true, "aggregator.enabled": true, "cloudCost.enabled": true, "finopsagent.enabled": true,
    "networkCosts.enabled": true, "clusterController.enabled": true, "forecasting.enabled": true, "httpRoute.enabled": false,
  },
  images: [
    img("frontend.image", "registry-repository-tag", "icr.io/kubecost/frontend:3.2.1", "frontend.enabled"),
    img("localStore.image", "registry-repository-tag", "icr.io/kubecost/cost-model:3.2.1", "localStore.enabled"),
    img("aggregator.image", "registry-repository-tag", "icr.io/kubecost/cost-model:3.2.1", "aggregator.enabled"),
    img("cloudCost.image", "registry-repository-tag", "icr.io/kubecost/cost-model:3.2.1", "cloudCost.enabled"),
    img("networkCosts.image", "registry-repository-tag", "icr.io/kubecost/network-costs:v0.19.0", "networkCosts.enabled"),
    img("forecasting.image", "registry-repository-tag", "icr.io/kubecost/modeling:v0.1.36", "forecasting.enabled"),
    img("clusterController.image", "registry-repository-tag", "icr.io/kubecost/cluster-controller:v0.16.37", "clusterController.enabled"),
    img("finopsagent.image", "registry-repository-tag", "icr.io/ibm-finops/agent:v1.0.20", "finopsagent.enabled"),
    img("httprouteTest.image", "reference", "bitnami/kubectl:1.31", "httpRoute.enabled"),
  ],
};

const KPS_OPERATOR = "v0.93.1";
const kubePrometheusStack8853: ChartImages = {
  switches: {
    "alertmanager.enabled": true, "kubeStateMetrics.enabled": true, "nodeExporter.enabled": true, "grafana.enabled": true,
    "prometheusOperator.admissionWebhooks.enabled": true, "prometheusOperator.admissionWebhooks.patch.enabled": true, "crds.upgradeJob.enabled": false,
  },
  images: [
    img("prometheusOperator.image", "registry-repository-tag", `quay.io/prometheus-operator/prometheus-operator:${KPS_OPERATOR}`),
    img("prometheusOperator.prometheusConfigReloader.image", "registry-repository-tag", `quay.io/prometheus-operator/prometheus-config-reloader:${KPS_OPERATOR}`),
    img("prometheusOperator.thanosImage", "registry-repository-tag", "quay.io/thanos/thanos:v0.42.4"),
    img("prometheusOperator.admissionWebhooks.patch.image", "registry-repository-tag", "ghcr.io/jkroepke/kube-webhook-certgen:1.8.7", "prometheusOperator.admissionWebhooks.enabled", "prometheusOperator.admissionWebhooks.patch.enabled"),
    img("prometheus.prometheusSpec.image", "registry-repository-tag", "quay.io/prometheus/prometheus:v3.14.0-distroless"),
    img("alertmanager.alertmanagerSpec.image", "registry-repository-tag", "quay.io/prometheus/alertmanager:v0.34.0", "alertmanager.enabled"),
    img("kube-state-metrics.image", "registry-repository-tag", "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0", "kubeStateMetrics.enabled"),
    img("prometheus-node-exporter.image", "registry-repository-tag", "quay.io/prometheus/node-exporter:v1.12.1", "nodeExporter.enabled"),
    // The grafana subchart (grafana-community 12.11.1) takes its tag from its appVersion, which is
    // not pinned here: the standalone setup turns it off (Kubecost's own UI is the view).
    img("grafana.image", "registry-repository-tag", "docker.io/grafana/grafana:unpinned", "grafana.enabled"),
  ],
};

const stevehipwellThanos1241: ChartImages = {
  switches: { "rule.enabled": false },
  images: [
    img("image", "repository-tag", "quay.io/thanos/thanos:v0.42.4"),
    img("rule.configReloader.image", "repository-tag", "ghcr.io/jimmidyson/configmap-reload:v0.15.0", "rule.enabled"),
  ],
};

const bitnamiThanos1760: ChartImages = {
  switches: { "volumePermissions.enabled": false },
  images: [
    img("image", "registry-repository-tag", "docker.io/bitnami/thanos:0.39.2-debian-12-r2"),
    img("volumePermissions.image", "registry-repository-tag", "docker.io/bitnami/os-shell:12-debian-12-r50", "volumePermissions.enabled"),
  ],
};

export const CHART_IMAGES: Record<ChartRef["chart"], Record<string, ChartImages>> = {
  "cost-analyzer": { "1.108.1": costAnalyzer1108, "2.4.2": costAnalyzer242, "2.8.7": icr2("2.8.7"), "2.9.7": icr2("2.9.7") },
  kubecost: { "3.2.1": kubecost321 },
  "kube-prometheus-stack": { "88.5.3": kubePrometheusStack8853 },
  "stevehipwell-thanos": { "1.24.1": stevehipwellThanos1241 },
  "bitnami-thanos": { "17.6.0": bitnamiThanos1760 },
};

/** Replacements for images whose default registry is dead, per chart version: path -> image.
 * 1.108.1 and 2.4.2: Kubecost's own images from AWS's public ECR copies, the ones the chart's own
 * values-eks-cost-monitoring.yaml names at the same tag (same names and tags); the Chainguard
 * :latest images with the ones 2.4.3 ships (kubecost/kubecost#3741, v2.4.3 values.yaml).
 * bitnami thanos: the upstream image (bitnami/containers#83267). */
export const IMAGE_REPLACEMENTS: Record<string, Record<string, string>> = {
  "cost-analyzer@1.108.1": {
    "kubecostModel.image": "public.ecr.aws/kubecost/cost-model:prod-1.108.1",
    "kubecostFrontend.image": "public.ecr.aws/kubecost/frontend:prod-1.108.1",
  },
  "cost-analyzer@2.4.2": {
    "kubecostModel.image": "public.ecr.aws/kubecost/cost-model:prod-2.4.2",
    "kubecostFrontend.image": "public.ecr.aws/kubecost/frontend:prod-2.4.2",
    "forecasting.fullImageName": "public.ecr.aws/kubecost/kubecost-modeling:v0.1.16",
    "networkCosts.image": "public.ecr.aws/kubecost/kubecost-network-costs:v0.17.6",
    "clusterController.image": "public.ecr.aws/kubecost/cluster-controller:v0.16.9",
    "prometheus.server.image": "quay.io/prometheus/prometheus:v2.55.1",
    "prometheus.alertmanager.image": "quay.io/prometheus/alertmanager:v0.27.0",
    "prometheus.configmapReload.prometheus.image": "quay.io/prometheus-operator/prometheus-config-reloader:v0.78.2",
    "grafana.image": "grafana/grafana:11.3.1",
    "grafana.sidecar.image": "ghcr.io/kiwigrid/k8s-sidecar:1.28.0",
  },
  "bitnami-thanos@17.6.0": { image: "quay.io/thanos/thanos:v0.42.4" },
};

/** Values a chart needs before it renders a replaced image: bitnami's common.errors.insecureImages
 * fails the install on any image outside docker.io/bitnami(legacy) unless this is set
 * (https://github.com/bitnami/charts/blob/main/bitnami/common/templates/_errors.tpl). */
export const REPLACED_IMAGE_SETTINGS: Record<string, Record<string, unknown>> = {
  "bitnami-thanos@17.6.0": { global: { security: { allowInsecureImages: true } } },
};
