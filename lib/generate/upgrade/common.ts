import { planSchema, type Cluster, type FederationPlan } from "@/lib/plan/schema";
import { KUBECOST_LINES, kubecostLine, type ChartLine } from "@/lib/plan/kubecost-lines";
import type { ClusterStep, GeneratedCommand, Step } from "../types";
import { clusterDir, helmContext } from "../common/naming";
import { withHelmRelease } from "../common/helm";
import { requireStorage } from "../common/storage";
import { statusLinkPath } from "../common/status-link";
import { statusLinkQuery } from "@/lib/plan/url";
import { serviceAccountCheck } from "../federated-storage/steps";

// Pieces every upgrade path shares: the plan on the next line, bucket listings that prove a step
// worked, and the status link that watches the same bucket.

/** The same federation on another line: same clusters, ids, bucket, auth and release (helm
 * upgrades in place); the line's method, version and (when it was a line default) repository. */
export function planOnLine(from: FederationPlan, line: ChartLine, version = kubecostLine(line).verified): FederationPlan {
  const l = kubecostLine(line);
  const defaultRepo = KUBECOST_LINES.some((x) => x.repo === from.kubecost.chartRepo);
  return planSchema.parse({
    ...from,
    method: l.methods[0],
    kubecost: { ...from.kubecost, chartLine: line, chartVersion: version, chartRepo: defaultRepo ? l.repo : from.kubecost.chartRepo },
    thanosDomain: undefined,
    amp: undefined,
    clusters: from.clusters.map((c) => ({ ...c, sidecarHost: undefined })),
  });
}

export function bucketLs(plan: FederationPlan, path: string, comment: string): GeneratedCommand {
  const s = requireStorage(plan);
  const argv = ["aws", "s3", "ls", `s3://${s.bucket}/${s.prefix ? `${s.prefix}/` : ""}${path}`, "--region", s.region];
  if (s.endpoint) argv.push("--endpoint-url", `https://${s.endpoint}`);
  return { argv, comment };
}

/** Where `helm get values` keeps a cluster's values from before the upgrade. */
export const beforeUpgradeFile = (c: Cluster) => `${clusterDir(c)}/before-upgrade.yaml`;

/** `helm get values`: what a release runs today, kept before a step changes it. */
export function saveValuesCommand(plan: FederationPlan, c: Cluster, file = beforeUpgradeFile(c)): GeneratedCommand {
  return {
    clusterId: c.id,
    argv: ["helm", "get", "values", plan.kubecost.releaseName, "--namespace", plan.kubecost.namespace, ...helmContext(c), "--output", "yaml"],
    stdoutTo: file,
    comment: `Keep ${c.id}'s current values (your own settings beyond the plan: run the config doctor on this file)`,
  };
}

/** Up to this many clusters a step's status link names them; beyond, 150 ids made a 2,000-character
 * link in one sentence of STEPS.md (issue 20), and the gate command names the clusters instead. */
const LINK_NAMES_CLUSTERS_UP_TO = 10;

/** The status page watching the target plan's bucket (the console's /status, see lib/plan/url.ts). */
export function statusNote(plan: FederationPlan, what: string): string {
  if (plan.clusters.length <= LINK_NAMES_CLUSTERS_UP_TO) return `Status page: ${statusLinkPath(plan)} (after the console's base path) shows ${what}.`;
  const query = Object.entries(statusLinkQuery(plan)).filter(([k]) => k !== "clusters");
  return `Status page: /status?${new URLSearchParams(query).toString()} (after the console's base path) shows ${what}; the link leaves out the ${plan.clusters.length} cluster ids (clusters.tsv has them): the page lists every cluster it finds in the bucket.`;
}

/** An install step whose values file is named for its version (values-2.9.7.yaml), so the two
 * phases of an upgrade keep both files side by side. */
export function versionedValues(step: Step, version: string): Step {
  const rename = (p: string) => p.replace(/values\.yaml$/, `values-${version}.yaml`);
  return {
    ...step,
    files: step.files.map((f) => (f.chartValues ? { ...f, path: rename(f.path) } : f)),
    commands: step.commands.map((c) => withHelmRelease(c, (r) => ({ ...r, valuesFiles: r.valuesFiles.map(rename) }))),
  };
}

/** Reused setup steps (bucket, service accounts) with the check that they worked appended. */
export function withChecks(plan: FederationPlan, step: Step): Step {
  const checks: GeneratedCommand[] = [];
  const cluster = plan.clusters.find((c) => c.id === step.clusterId);
  for (const cmd of step.commands) {
    const w = cmd.argv.map(String);
    if (cluster && w[0] === "eksctl" && w[2] === "iamserviceaccount") checks.push(serviceAccountCheck(cluster, w[w.indexOf("--namespace") + 1], w[w.indexOf("--name") + 1]));
  }
  if (step.phase === "bucket-iam" && !cluster) checks.push(bucketLs(plan, "", "Check: the bucket lists (with Thanos: its <ULID>/ block folders)"));
  return checks.length ? { ...step, commands: [...step.commands, ...checks] } : step;
}

/** The release each cluster runs now, to compare with the plan before changing it. */
export function releaseCheck(plan: FederationPlan, c: Cluster): GeneratedCommand {
  return {
    clusterId: c.id,
    argv: ["helm", "list", "--namespace", plan.kubecost.namespace, ...helmContext(c), "--filter", `^${plan.kubecost.releaseName}$`],
    comment: `Check: ${c.id} runs ${plan.kubecost.releaseName} with chart ${kubecostLine(plan.kubecost.chartLine).chart}-${plan.kubecost.chartVersion}`,
  };
}

/** A generator's per-cluster step, which an upgrade phase reshapes: fails loudly on a global one. */
export function clusterStep(step: Step): ClusterStep {
  if (step.clusterId === undefined) throw new Error(`Step ${step.id} runs once, not per cluster: an upgrade phase needs a per-cluster step`);
  return step;
}
