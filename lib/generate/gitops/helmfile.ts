import type { GeneratedFile } from "../types";
import { toYaml } from "../yaml";
import type { HelmRelease } from "./releases";

// helmfile (https://helmfile.readthedocs.io/en/latest/): one release per cluster and chart, each
// with its kubeContext, so `helmfile apply` (or `helmfile -l cluster=<id> apply`) runs the same
// helm upgrades install.sh does. A shell variable in a --set value becomes requiredEnv, which
// only a .gotmpl helmfile renders.

export const HELMFILE_DOCS = "https://helmfile.readthedocs.io/en/latest/";

export function helmfileFile(releases: HelmRelease[]): GeneratedFile {
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
