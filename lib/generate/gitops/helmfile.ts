import type { FederationPlan } from "@/lib/plan/schema";
import { installOrder, installWave } from "@/lib/plan/install-order";
import type { GeneratedFile } from "../types";
import { toYaml } from "../yaml";
import type { HelmRelease } from "./releases";

// helmfile (https://helmfile.readthedocs.io/en/latest/): one release per cluster and chart, each
// with its kubeContext, so `helmfile apply` (or `helmfile -l cluster=<id> apply`) runs the same
// helm upgrades install.sh does. A shell variable in a --set value becomes requiredEnv, which
// only a .gotmpl helmfile renders.

export const HELMFILE_DOCS = "https://helmfile.readthedocs.io/en/latest/";
export const HELMFILE_NEEDS_DOCS = "https://helmfile.readthedocs.io/en/latest/#dag-aware-installationdeletion-ordering-with-needs";

/** helmfile names a release in `needs` as KUBECONTEXT/NAMESPACE/NAME when it has both. */
export const helmfileReleaseId = (r: HelmRelease) => `${r.kubeContext}/${r.namespace}/${r.release}`;

/** The install order as `needs`: a release needs the one before it on its cluster (the order its
 * step scripts run in); the first release of a cluster in the second wave needs the last release
 * of every cluster in the first (lib/plan/install-order.ts). */
export function helmfileNeeds(plan: FederationPlan, releases: HelmRelease[]): Map<HelmRelease, string[]> {
  const cluster = new Map(plan.clusters.map((c) => [c.id, c]));
  const lastOn = new Map<string, HelmRelease>();
  const needs = new Map<HelmRelease, string[]>();
  for (const r of releases) {
    const before = lastOn.get(r.clusterId);
    needs.set(r, before ? [helmfileReleaseId(before)] : []);
    lastOn.set(r.clusterId, r);
  }
  const firstWaveLasts = [...lastOn.values()].filter((r) => installWave(plan, cluster.get(r.clusterId)!) === 1).map(helmfileReleaseId);
  for (const r of releases) {
    if (installWave(plan, cluster.get(r.clusterId)!) === 2 && needs.get(r)!.length === 0) needs.set(r, firstWaveLasts);
  }
  return needs;
}

export function helmfileFile(plan: FederationPlan, releases: HelmRelease[]): GeneratedFile {
  const needs = helmfileNeeds(plan, releases);
  const templated = releases.some((r) => r.sets.some((s) => typeof s.value !== "string"));
  const repositories = new Map<string, Record<string, unknown>>();
  for (const r of releases) {
    if (r.repo.kind === "https") repositories.set(r.repo.name, { name: r.repo.name, url: r.repo.url });
  }
  const doc = {
    ...(repositories.size ? { repositories: [...repositories.values()] } : {}),
    releases: releases.map((r) => ({
      name: r.release,
      namespace: r.namespace,
      ...(r.createNamespace ? { createNamespace: true } : {}),
      chart: r.chart,
      version: r.version,
      kubeContext: r.kubeContext,
      labels: { cluster: r.clusterId },
      ...(needs.get(r)!.length ? { needs: needs.get(r) } : {}),
      ...(r.valuesFiles.length ? { values: r.valuesFiles } : {}),
      ...(r.sets.length
        ? {
            set: r.sets.map((s) => ({
              name: s.name,
              value: typeof s.value === "string" ? s.value : s.value.template.replace(/\$\{(\w+)\}/g, (_, v: string) => `{{ requiredEnv "${v}" }}`),
            })),
          }
        : {}),
    })),
  };
  const header = [
    `helmfile: the same helm releases install.sh installs (${HELMFILE_DOCS}).`,
    "Run from this folder: helmfile apply (one cluster: helmfile -l cluster=<id> apply).",
    `Order: ${installOrder(plan.method).first === "primary" ? "the primary before the agents" : "the agents before the primary"}, as install.sh runs them, through needs (${HELMFILE_NEEDS_DOCS}); a -l selector skips needs unless --include-needs is given.`,
    "The Secret and IAM steps stay prerequisites: run STEPS.md with --skip-helm on each install.sh line.",
    ...(templated ? ["Reads shell variables from an earlier step through requiredEnv: export them first."] : []),
  ].join("\n");
  return {
    path: templated ? "helmfile.yaml.gotmpl" : "helmfile.yaml",
    content: toYaml(doc, header),
    language: "yaml",
    description: "helmfile: every helm release, one per cluster and chart",
  };
}
