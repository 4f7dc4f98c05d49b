import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ShellWord } from "../shell";
import type { ChartRef, GeneratedCommand } from "../types";
import { helmContext } from "./naming";

const REPO_NAME = "kubecost";

export const costAnalyzerChart = (plan: FederationPlan): ChartRef => ({ chart: "cost-analyzer", version: plan.kubecost.chartVersion });

const isOci = (plan: FederationPlan) => plan.kubecost.chartRepo.startsWith("oci://");

/** `helm repo add` + `helm repo update` (nothing for an oci:// chart). */
export function helmRepoCommands(plan: FederationPlan): GeneratedCommand[] {
  if (isOci(plan)) return [];
  return [
    { argv: ["helm", "repo", "add", REPO_NAME, plan.kubecost.chartRepo, "--force-update"], comment: "Kubecost chart repository" },
    { argv: ["helm", "repo", "update", REPO_NAME] },
  ];
}

/** `helm upgrade --install` of any chart on one cluster, always naming its kube context. Values
 * files first, then --set pairs (linted against the chart version's keys by the tests). */
export function helmUpgradeInstall(opts: {
  release: string;
  chart: string;
  chartRef: ChartRef;
  namespace: string;
  cluster: Cluster;
  valuesFiles: string[];
  sets?: [string, ShellWord][];
  comment?: string;
}): GeneratedCommand {
  const argv: ShellWord[] = [
    "helm", "upgrade", "--install", opts.release, opts.chart,
    "--namespace", opts.namespace, "--create-namespace",
    "--version", opts.chartRef.version,
    ...helmContext(opts.cluster),
    ...opts.valuesFiles.flatMap((f) => ["--values", f]),
    ...(opts.sets ?? []).flatMap(([k, v]) => ["--set", typeof v === "string" ? `${k}=${v}` : { template: `${k}=${v.template}` }]),
  ];
  return { argv, comment: opts.comment, chartValues: opts.chartRef, headWords: 5 };
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
    chart: isOci(plan) ? plan.kubecost.chartRepo : `${REPO_NAME}/cost-analyzer`,
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
