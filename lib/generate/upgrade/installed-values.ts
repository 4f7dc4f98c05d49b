import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ChartLine } from "@/lib/plan/kubecost-lines";
import { MOVES, type Move } from "@/lib/doctor/migrations";
import { refusedKeys } from "@/lib/doctor/chart-data";
import type { ChartRef, GeneratedCommand, GeneratedFile, Step } from "../types";
import { clusterDir, helmContext, kubectlContext } from "../common/naming";

// Issue 20: each cluster's upgrade starts from what it runs. Per cluster and phase: `helm get
// values` saved, the keys the target refuses moved or removed by the config doctor's rules
// (lib/doctor/migrations.ts MOVES, and the target chart's refused keys), the generated federation
// values merged on top, a preview, and the revision to roll back to, recorded before the change.
//
// The merge runs on the admin's machine with what the bundle already needs: bash and helm. helm
// renders a tiny local chart (upgrade/merge-values-<version>/) whose one template takes the saved
// and the generated values (helm merges -f files in order, later wins) and applies the doctor's
// rules with helm's own template functions (unset, set, merge), printing the result. No yq, jq or
// node on the admin's machine; the rules are generated from the doctor's table, never copied.

export interface ValuesRule {
  path: string;
  /** "remove": dropped; "move": to `to` unless the generated values set it; "copy": kept and
   * copied (2.9 reads both places); "subtree": merged under `to`. */
  kind: "remove" | "move" | "copy" | "subtree";
  to?: string;
  why: string;
}

/** The rules for one target line and chart version, in the doctor's words; `source` adds what
 * the source install had that the target must not keep (1.108's Thanos sidecar). */
export function valuesRules(line: ChartLine, target: ChartRef, source: readonly ValuesRule[] = []): ValuesRule[] {
  const rules: ValuesRule[] = MOVES.filter((m) => m.lines.includes(line)).map((m: Move): ValuesRule => {
    if (m.keepOn?.includes(line)) return { path: m.from, kind: "copy", to: m.to!, why: m.why };
    // A move with a computed value (federatedETL.agentOnly -> aggregator.enabled): the generated
    // values set the new key, so the old one only goes.
    if (m.to === null || m.value) return { path: m.from, kind: "remove", why: m.why };
    return { path: m.from, kind: m.subtree ? "subtree" : "move", to: m.to, why: m.why };
  });
  for (const r of source) if (!rules.some((x) => x.path === r.path)) rules.push(r);
  for (const [path, message] of Object.entries(refusedKeys(target))) {
    if (!rules.some((r) => r.path === path || path.startsWith(`${r.path}.`))) rules.push({ path, kind: "remove", why: message.split("\n")[0].trim() });
  }
  return rules;
}

const lit = (s: string) => JSON.stringify(s);

/** Template lines leaving $m at the map that holds the last segment of `path` (or an empty dict). */
function walkTo(variable: string, segments: string[], create: boolean): string {
  const steps = segments.map((k) =>
    create
      ? `{{- if not (kindIs "map" (get ${variable} ${lit(k)})) }}{{- $_ := set ${variable} ${lit(k)} dict }}{{- end }}{{- ${variable} = get ${variable} ${lit(k)} }}`
      : `{{- if and (kindIs "map" ${variable}) (hasKey ${variable} ${lit(k)}) }}{{- ${variable} = get ${variable} ${lit(k)} }}{{- else }}{{- ${variable} = dict }}{{- end }}`,
  );
  return [`{{- ${variable} = $v }}`, ...steps].join("\n");
}

function ruleTemplate(r: ValuesRule): string {
  const from = r.path.split(".");
  const leaf = lit(from.at(-1)!);
  const lines = [`{{- /* ${r.path}: ${r.kind}${r.to ? ` -> ${r.to}` : ""} */}}`, walkTo("$m", from.slice(0, -1), false)];
  const has = `{{- if and (kindIs "map" $m) (hasKey $m ${leaf}) }}`;
  if (r.kind === "remove") return [...lines, `${has}{{- $_ := unset $m ${leaf} }}{{- end }}`].join("\n");
  const to = r.to!.split(".");
  const toLeaf = lit(to.at(-1)!);
  const place =
    r.kind === "subtree"
      ? `{{- if and (kindIs "map" (get $n ${toLeaf})) (kindIs "map" $old) }}{{- $_ := merge (get $n ${toLeaf}) $old }}{{- else if not (hasKey $n ${toLeaf}) }}{{- $_ := set $n ${toLeaf} $old }}{{- end }}`
      : `{{- if not (hasKey $n ${toLeaf}) }}{{- $_ := set $n ${toLeaf} $old }}{{- end }}`;
  return [
    ...lines,
    has,
    `{{- $old = get $m ${leaf} }}`,
    r.kind === "copy" ? "" : `{{- $_ := unset $m ${leaf} }}`,
    walkTo("$n", to.slice(0, -1), true),
    place,
    "{{- end }}",
  ].filter(Boolean).join("\n");
}

/** kubecost 3.2.1 fails while an Enterprise key is on without global.acknowledged
 * ("kubecost.v3-preconditions" in kubecost/templates/_helpers.tpl): a saved 2.x agent's values keep
 * their productKey, and the upgrade's first step is the admin's acknowledgment of what 3.x changes. */
const ACKNOWLEDGE = [
  "{{- /* an Enterprise key on: 3.2.1 needs global.acknowledged */}}",
  '{{- if dig "kubecostProductConfigs" "productKey" "enabled" false $v }}',
  '{{- if not (kindIs "map" (get $v "global")) }}{{- $_ := set $v "global" dict }}{{- end }}',
  '{{- if not (hasKey $v.global "acknowledged") }}{{- $_ := set $v.global "acknowledged" true }}{{- end }}',
  "{{- end }}",
].join("\n");

export const mergeChartDir = (target: ChartRef) => `upgrade/merge-values-${target.version}`;

/** The local chart that prints saved + generated values with the target's rules applied. */
export function mergeChartFiles(line: ChartLine, target: ChartRef, source: readonly ValuesRule[] = []): GeneratedFile[] {
  const dir = mergeChartDir(target);
  const rules = valuesRules(line, target, source);
  const template = [
    `{{- /* Values for ${target.chart} ${target.version}: the -f files merged in order (the saved values, then the generated ones), then the config doctor's rules for this version. */}}`,
    "{{- $v := fromYaml (toYaml .Values) }}",
    "{{- $m := $v }}{{- $n := $v }}{{- $old := \"\" }}",
    ...rules.map(ruleTemplate),
    ...(target.chart === "kubecost" ? [ACKNOWLEDGE] : []),
    "{{ toYaml $v }}",
    "",
  ].join("\n");
  return [
    {
      path: `${dir}/Chart.yaml`,
      content: `apiVersion: v2\nname: merge-values\nversion: 0.1.0\ndescription: Prints the values a cluster moves to Kubecost ${target.version} with (helm template; never installed)\n`,
      language: "yaml",
      description: `Local helper chart: merges a cluster's saved values with the generated ones for ${target.version}`,
    },
    { path: `${dir}/templates/values.yaml`, content: template, language: "text", description: `The config doctor's rules for ${target.version}, as a helm template` },
  ];
}

const savedPath = (id: string, label: string) => `clusters/${id}/installed-before-${label}.yaml`;
export const mergedPath = (c: Cluster, target: ChartRef, label = target.version) => `${clusterDir(c)}/upgrade-values-${label}.yaml`;
const rollbackPath = (id: string, label: string) => `clusters/${id}/rollback-before-${label}.txt`;

export interface FromInstalledOptions {
  /** What the source install had that the target must not keep (ValuesRule "remove"s). */
  source?: readonly ValuesRule[];
  /** Names the saved, merged and rollback files when one cluster changes twice at one version
   * (the Thanos primary: with ETL utils, then without); default the target version. */
  label?: string;
}

/** An install step that starts from the cluster's installed values: save, merge, preview, record
 * the revision, then helm with the merged file in place of the generated one. */
export function fromInstalled<S extends Step>(plan: FederationPlan, c: Cluster, step: S, line: ChartLine, target: ChartRef, options: FromInstalledOptions = {}): S {
  const label = options.label ?? target.version;
  const at = step.commands.findIndex((x) => x.argv[0] === "helm" && x.argv[1] === "upgrade" && x.chartValues?.chart === target.chart);
  if (at < 0) return step;
  const helm = step.commands[at];
  const words = helm.argv.map(String);
  const release = words[3];
  const chart = words[4];
  const generated = words.flatMap((w, i) => (words[i - 1] === "--values" ? [w] : []));
  const namespace = words[words.indexOf("--namespace") + 1];
  const where = ["--namespace", namespace, ...helmContext(c)];
  const saved = savedPath(c.id, label);
  const merged = mergedPath(c, target, label);
  const upgrade: GeneratedCommand = {
    ...helm,
    argv: ["helm", "upgrade", release, chart, ...where, "--version", target.version, "--values", merged],
    comment: `${helm.comment ?? `Kubecost on ${c.id}`}, with the merged values`,
  };
  const prepare: GeneratedCommand[] = [
    { argv: ["helm", "get", "values", release, ...where, "--output", "yaml"], stdoutTo: saved, comment: `What ${c.id} runs now: your own settings (ingress, SSO, resources, cloud integration) come along` },
    {
      argv: ["helm", "template", "merge", mergeChartDir(target), "--values", saved, ...generated.flatMap((f) => ["--values", f])],
      stdoutTo: merged,
      comment: `Your values, the generated federation keys on top, minus what ${target.chart} ${target.version} refuses (listed in this step's note): ${merged}`,
    },
    {
      argv: ["helm", "plugin", "list"],
      pipeTo: ["grep", "--quiet", "^diff"],
      then: { argv: ["helm", "diff", "upgrade", release, chart, ...where, "--version", target.version, "--values", merged] },
      // kubectl diff exits 1 when it found differences: the preview must not stop the step.
      orElse: { argv: ["helm", "template", release, chart, ...where, "--version", target.version, "--values", merged], pipeTo: ["kubectl", "diff", "--namespace", namespace, ...kubectlContext(c), "--filename", "-"], orElse: { argv: ["true"] } },
      comment: "Preview: helm diff when the plugin is installed, else the rendered chart against the cluster (kubectl diff exits 1 when there are differences: read them, then go on)",
    },
    { argv: ["helm", "history", release, ...where, "--max", "1"], stdoutTo: rollbackPath(c.id, label), comment: `The revision to go back to, kept in ${rollbackPath(c.id, label)}: helm rollback ${release} <REVISION> --namespace ${namespace} --kube-context ${helmContext(c)[1]}` },
  ];
  const rules = valuesRules(line, target, options.source);
  // Said the same way for every cluster (<id>), so a stage's note in STEPS.md is one sentence.
  return {
    ...step,
    files: [...step.files],
    commands: [...step.commands.slice(0, at), ...prepare, upgrade, ...step.commands.slice(at + 1)],
    note: [
      step.note,
      `Starts from the cluster's own values (${savedPath("<id>", label)}); the merge drops or moves what ${target.version} refuses: ${rules.map((r) => (r.kind === "remove" ? r.path : `${r.path} -> ${r.to}`)).join(", ")}. If the change goes wrong: helm rollback ${release} <the REVISION in ${rollbackPath("<id>", label)}> --namespace ${namespace} --kube-context <context>.`,
    ].filter(Boolean).join(" "),
  };
}
