import type { FederationPlan } from "@/lib/plan/schema";
import { primaryCluster } from "../common/naming";
import { installOrder, installWave, type InstallWave } from "@/lib/plan/install-order";
import type { ShellWord } from "../shell";
import type { GeneratedFile } from "../types";
import { toYamlDocuments } from "../yaml";
import type { HelmRelease } from "./releases";

// Argo CD ApplicationSets (https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/):
// one list generator + one template per release shape (release, chart, version, namespace, value
// file pattern, --set names), so per-cluster data lives in the elements and the bundle's values
// files, and the template is written once however many clusters there are.

export const APPLICATIONSET_FILE = "gitops/argocd-applicationset.yaml";
export const ARGOCD_DOCS = "https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/";
/** Replace with the Git repository that holds this bundle (its root). */
export const BUNDLE_REPO_PLACEHOLDER = "https://git.example.com/platform/kubecost-federation.git";
const BUNDLE_REF = "bundle";

// The install order (lib/plan/install-order.ts) as Progressive Syncs, not sync-wave annotations:
// a sync wave orders resources inside one Application, and the Applications an ApplicationSet
// generates are not resources of another Application, so a wave on them would order nothing. A
// RollingSync strategy syncs the Applications of one ApplicationSet step by step, each step once
// the one before is Healthy (https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Progressive-Syncs/).
// It needs the controller flag --enable-progressive-syncs and orders only inside one
// ApplicationSet, so every Application also carries its wave as a label: without the flag, or
// across ApplicationSets, `argocd app sync -l <label>=1` and then `=2` follow the same order.
export const PROGRESSIVE_SYNCS_DOCS = "https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Progressive-Syncs/";
export const INSTALL_WAVE_LABEL = "kubecost-federation/install-wave";

/** RollingSync steps for the waves an ApplicationSet's Applications are in: one step per wave, in order. */
function rollingSync(waves: InstallWave[]): Record<string, unknown> | undefined {
  const present = [...new Set(waves)].sort();
  if (present.length < 2) return undefined;
  return { type: "RollingSync", rollingSync: { steps: present.map((w) => ({ matchExpressions: [{ key: INSTALL_WAVE_LABEL, operator: "In", values: [String(w)] }] })) } };
}

/** A shell word as a plain string for a YAML field: ${VAR} stays as text to be filled in. */
export const wordText = (w: ShellWord) => (typeof w === "string" ? w : w.template);

/** Application names are Kubernetes names: lowercase, '-', at most 63 characters. */
function appName(release: string, clusterId: string, used: Set<string>): string {
  const base = `${release}-${clusterId}`.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").slice(0, 57).replace(/-$/, "");
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}

const shapeOf = (r: HelmRelease) =>
  JSON.stringify([r.release, r.chart, r.version, r.namespace, r.createNamespace, r.valuesFiles.map((f) => templatePath(f, r.clusterId)), r.sets.map((s) => s.name)]);

/** clusters/<id>/values.yaml -> clusters/{{.cluster}}/values.yaml: the same pattern for every cluster. */
const templatePath = (file: string, clusterId: string) => file.split(`clusters/${clusterId}/`).join("clusters/{{.cluster}}/");

export function applicationSetFile(plan: FederationPlan, releases: HelmRelease[]): GeneratedFile {
  const groups = new Map<string, HelmRelease[]>();
  for (const r of releases) groups.set(shapeOf(r), [...(groups.get(shapeOf(r)) ?? []), r]);
  const used = new Set<string>();
  const primary = primaryCluster(plan).id;
  const waveOf = new Map(plan.clusters.map((c) => [c.id, installWave(plan, c)]));
  const names = new Set<string>();
  const docs = [...groups.values()].map((group, gi) => {
    const first = group[0];
    const onlyPrimary = group.every((r) => r.clusterId === primary);
    let name = groups.size === 1 ? first.release : onlyPrimary ? `${first.release}-primary` : `${first.release}-${gi + 1}`;
    name = appName(name, "", names).replace(/-$/, "");
    // OCI charts: Argo CD takes the registry path without oci:// and the chart name apart.
    const source: Record<string, unknown> = { repoURL: first.repo.url, chart: first.chartName, targetRevision: first.version };
    const helm: Record<string, unknown> = { releaseName: first.release };
    if (first.valuesFiles.length) helm.valueFiles = first.valuesFiles.map((f) => `$${BUNDLE_REF}/${templatePath(f, first.clusterId)}`);
    if (first.sets.length) helm.parameters = first.sets.map((s, i) => ({ name: s.name, value: `{{.p${i}}}` }));
    source.helm = helm;
    const strategy = rollingSync(group.map((r) => waveOf.get(r.clusterId)!));
    return {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "ApplicationSet",
      metadata: { name, namespace: "argocd" },
      spec: {
        goTemplate: true,
        goTemplateOptions: ["missingkey=error"],
        generators: [
          {
            list: {
              elements: group.map((r) => ({
                cluster: r.clusterId,
                name: appName(r.release, r.clusterId, used),
                // The Argo CD cluster name: register each cluster under its kube context.
                destination: r.kubeContext,
                wave: String(waveOf.get(r.clusterId)),
                ...Object.fromEntries(r.sets.map((s, i) => [`p${i}`, wordText(s.value)])),
              })),
            },
          },
        ],
        ...(strategy ? { strategy } : {}),
        template: {
          metadata: { name: "{{.name}}", labels: { "kubecost-federation/cluster": "{{.cluster}}", [INSTALL_WAVE_LABEL]: "{{.wave}}" } },
          spec: {
            project: "default",
            sources: [source, { repoURL: BUNDLE_REPO_PLACEHOLDER, targetRevision: "HEAD", ref: BUNDLE_REF }],
            destination: { name: "{{.destination}}", namespace: first.namespace },
            syncPolicy: first.createNamespace ? { syncOptions: ["CreateNamespace=true"] } : {},
          },
        },
      },
    };
  });
  const vars = [...new Set(releases.flatMap((r) => r.sets.flatMap((s) => (typeof s.value === "string" ? [] : [...s.value.template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1])))))];
  const header = [
    `Argo CD ApplicationSets: the same helm releases install.sh installs (${ARGOCD_DOCS}).`,
    `Before applying: push this bundle to Git and set ${BUNDLE_REPO_PLACEHOLDER} to that repository; register each cluster in Argo CD under its kube context name (argocd cluster add <context> --name <context>).`,
    "The Secret and IAM steps stay prerequisites: run STEPS.md with --skip-helm on each install.sh line.",
    `Order: ${installOrder(plan.method).first === "primary" ? "the primary" : "the agents"} (label ${INSTALL_WAVE_LABEL}=1) before ${installOrder(plan.method).first === "primary" ? "the agents" : "the primary"} (=2). With --enable-progressive-syncs on the ApplicationSet controller, each ApplicationSet's RollingSync strategy syncs them in that order (${PROGRESSIVE_SYNCS_DOCS}); otherwise, and between ApplicationSets, sync by label: argocd app sync -l ${INSTALL_WAVE_LABEL}=1, then -l ${INSTALL_WAVE_LABEL}=2.`,
    ...(vars.length ? [`Replace ${vars.map((v) => `\${${v}}`).join(", ")} with the value the earlier step printed (echo "$${vars[0]}"), or regenerate once it is known.`] : []),
  ].join("\n");
  return { path: APPLICATIONSET_FILE, content: toYamlDocuments(docs, header), language: "yaml", description: "Argo CD ApplicationSets: one template per release shape, one element per cluster" };
}
