import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ShellWord } from "../shell";
import type { ChartRef, GeneratedCommand, HelmRelease, HelmRepo } from "../types";
import { kubeContextOf } from "./naming";

const REPO_NAME = "kubecost";

export const costAnalyzerChart = (plan: FederationPlan): ChartRef => ({ chart: "cost-analyzer", version: plan.kubecost.chartVersion });

/** The plan's Kubecost chart repository: the https:// one added as "kubecost", or the oci://
 * registry path the chart is pulled from. */
export function kubecostRepo(plan: FederationPlan): HelmRepo {
  const repo = plan.kubecost.chartRepo;
  if (!repo.startsWith("oci://")) return { kind: "https", name: REPO_NAME, url: repo };
  const ref = repo.slice("oci://".length);
  return { kind: "oci", url: ref.slice(0, ref.lastIndexOf("/")) };
}

/** The chart's own name inside the plan's repository (an oci:// reference ends with it). */
export function kubecostChartName(plan: FederationPlan, name: string): string {
  const repo = plan.kubecost.chartRepo;
  return repo.startsWith("oci://") ? repo.slice(repo.lastIndexOf("/") + 1) : name;
}

/** How helm names a chart: <repo name>/<chart> or oci://<registry path>/<chart>. */
export const helmChartWord = (repo: HelmRepo, chartName: string) => (repo.kind === "https" ? `${repo.name}/${chartName}` : `oci://${repo.url}/${chartName}`);

/** `helm repo add` + `helm repo update` for an https:// repository (nothing for OCI). */
export function helmRepoAdd(repo: HelmRepo, comment: string): GeneratedCommand[] {
  if (repo.kind !== "https") return [];
  return [
    { argv: ["helm", "repo", "add", repo.name, repo.url, "--force-update"], comment, intent: { kind: "helm-repo", repo } },
    { argv: ["helm", "repo", "update", repo.name] },
  ];
}

/** `helm repo add` + `helm repo update` of the Kubecost chart repository (nothing for an oci:// chart). */
export const helmRepoCommands = (plan: FederationPlan): GeneratedCommand[] => helmRepoAdd(kubecostRepo(plan), "Kubecost chart repository");

/** The one place a HelmRelease becomes argv. Values files first, then --set pairs (linted
 * against the chart version's keys by the tests); always naming the kube context. */
export function helmReleaseArgv(r: HelmRelease): ShellWord[] {
  return [
    "helm", "upgrade", "--install", r.release, r.chart,
    "--namespace", r.namespace, ...(r.createNamespace ? ["--create-namespace"] : []),
    "--version", r.version,
    "--kube-context", r.kubeContext,
    ...r.valuesFiles.flatMap((f) => ["--values", f]),
    ...r.sets.flatMap(({ name, value }): ShellWord[] => ["--set", typeof value === "string" ? `${name}=${value}` : { template: `${name}=${value.template}` }]),
  ];
}

/** `helm upgrade --install` of any chart on one cluster: the release as data, its argv rendered
 * from it. */
export function helmUpgradeInstall(opts: {
  release: string;
  repo: HelmRepo;
  chartName: string;
  chartRef: ChartRef;
  namespace: string;
  cluster: Cluster;
  valuesFiles: string[];
  sets?: [string, ShellWord][];
  comment?: string;
}): GeneratedCommand {
  const release: HelmRelease = {
    clusterId: opts.cluster.id,
    kubeContext: kubeContextOf(opts.cluster),
    release: opts.release,
    repo: opts.repo,
    chartName: opts.chartName,
    chart: helmChartWord(opts.repo, opts.chartName),
    version: opts.chartRef.version,
    namespace: opts.namespace,
    createNamespace: true,
    valuesFiles: opts.valuesFiles,
    sets: (opts.sets ?? []).map(([name, value]) => ({ name, value })),
    chartRef: opts.chartRef,
  };
  return { argv: helmReleaseArgv(release), comment: opts.comment, chartValues: opts.chartRef, headWords: 5, clusterId: opts.cluster.id, intent: { kind: "helm-release", release } };
}

/** The same command installing a changed release (its argv rendered again). */
export function withHelmRelease(cmd: GeneratedCommand, change: (r: HelmRelease) => HelmRelease): GeneratedCommand {
  if (cmd.intent?.kind !== "helm-release") return cmd;
  const release = change(cmd.intent.release);
  return { ...cmd, argv: helmReleaseArgv(release), intent: { kind: "helm-release", release } };
}

/** helm upgrade --install for the Kubecost cost-analyzer chart on one cluster. */
export function helmInstallCostAnalyzer(
  plan: FederationPlan,
  cluster: Cluster,
  valuesFiles: string[],
  sets: [string, ShellWord][] = [],
  comment?: string,
): GeneratedCommand {
  return helmUpgradeInstall({
    release: plan.kubecost.releaseName,
    repo: kubecostRepo(plan),
    chartName: kubecostChartName(plan, "cost-analyzer"),
    chartRef: costAnalyzerChart(plan),
    namespace: plan.kubecost.namespace,
    cluster,
    valuesFiles,
    sets,
    comment,
  });
}

/** Escapes a key segment for helm --set (dots and commas inside names like annotations). */
export const helmSetKey = (...segments: string[]) => segments.map((s) => s.replace(/([.,=\\])/g, "\\$1")).join(".");
