import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ClusterStep, GeneratedCommand, GeneratedFile, Step } from "../types";
import { toYaml } from "../yaml";
import { clusterDir, clustersPrimaryFirst, kubectlContext, primaryCluster } from "../common/naming";
import { costAnalyzerChart } from "../common/helm";
import { THANOS_SECRET } from "../thanos/bundled-values";
import { generateFederatedEtl } from "../etl";
import { generateFederatedStorage } from "../federated-storage";
import { bucketLs, clusterStep, planOnLine, releaseCheck, saveValuesCommand, statusNote, withChecks } from "./common";
import { fromInstalled, mergeChartFiles, type ValuesRule } from "./installed-values";
import { requireInputFile } from "../common/inputs";
import { chartRefOf } from "../federated-storage/steps";

// Kubecost 1.108 with bundled Thanos -> 2.x Federated ETL (or straight to 3.x). Agents first: on
// 2.x each uploads federated/<cluster_id>/ with the id its Thanos blocks carried, and its sidecar
// goes away with the 1.x chart. The primary last, with ETL utils converting the Thanos history
// into the same layout, as in Kubecost's guide
// https://github.com/kubecost/docs/blob/365ee21f1fe25b57925449d17f624f01831953ee/install-and-configure/install/multi-cluster/federated-etl/migrate-from-thanos-to-kubecost-2.0.md

const HISTORY_FILE = "thanos-history.yaml";
/** The admin's word that the converted history shows: the clean-up stage stops until it exists. */
export const HISTORY_CHECKED = "thanos-history-checked";

const byId = (steps: Step[], id: string) => {
  const s = steps.find((x) => x.id === id);
  if (!s) throw new Error(`generator step ${id} missing`);
  return s;
};

/** What a 1.108 install with bundled Thanos has that no later line may keep: helm merges the
 * saved values under the generated ones, so without these the 2.x Prometheus would still run the
 * Thanos sidecar (values-thanos.yaml adds it through prometheus.server.sidecarContainers, with its
 * objstore volume in extraVolumes: https://github.com/kubecost/kubecost/blob/v1.108.1/cost-analyzer/values-thanos.yaml). */
export const THANOS_SOURCE_RULES: readonly ValuesRule[] = [
  { path: "global.thanos", kind: "remove", why: "No Thanos after 1.108: the Grafana and cost-model settings that read Thanos go" },
  { path: "prometheus.server.sidecarContainers", kind: "remove", why: "The Thanos sidecar (values-thanos.yaml): add back any sidecar of your own by hand" },
  { path: "prometheus.server.extraVolumes", kind: "remove", why: "The sidecar's objstore Secret volume (values-thanos.yaml): add back any volume of your own by hand" },
];

function beforeStep(from: FederationPlan, prerequisites: Step, mergeChart: GeneratedFile[]): Step {
  return {
    ...prerequisites,
    id: "upgrade-before",
    kind: "save-values",
    title: "Before you start: tools, access and today's values",
    files: [...prerequisites.files, ...mergeChart],
    commands: [...prerequisites.commands, ...clustersPrimaryFirst(from).flatMap((c) => [releaseCheck(from, c), saveValuesCommand(from, c)])],
    note: [
      prerequisites.note,
      `Each cluster's upgrade starts from its own values: its step saves helm get values again, merges the generated keys on top with helm itself (the small chart in upgrade/), removes the Thanos sidecar and the keys the target refuses (listed in each step), shows a preview and records the revision to roll back to. The clusters/<id>/before-upgrade.yaml files are your copy of where you started; check them with the config doctor (the console's /doctor page).`,
    ].filter(Boolean).join(" "),
  };
}

function agentStep(plan: FederationPlan, install: ClusterStep, c: Cluster, historyKept: boolean): ClusterStep {
  const step = fromInstalled(plan, c, install, plan.kubecost.chartLine, chartRefOf(plan), { source: THANOS_SOURCE_RULES });
  return {
    ...step,
    id: `upgrade-${install.id}`,
    kind: "upgrade",
    title: `Agent ${c.id} to Kubecost ${plan.kubecost.chartVersion}`,
    each: {
      title: `Every cluster to Kubecost ${plan.kubecost.chartVersion}: the agents first, the primary last${historyKept ? " converting the Thanos history" : ""}`,
      why: `The ${plan.kubecost.chartVersion} chart has no Thanos: each cluster's sidecar goes with the 1.x chart; the blocks already in the bucket stay.`,
    },
    commands: [...step.commands, bucketLs(plan, `federated/${c.id}/`, `Check (after its first ETL build, about an hour): ${c.id}/ has etl/ inside`)],
    note: [
      `The ${plan.kubecost.chartVersion} chart has no Thanos: this upgrade removes the cluster's sidecar, so it stops uploading blocks. Its blocks already in the bucket stay${historyKept ? " and the primary converts them in a later step" : ""}.`,
      "Agents move first; the 1.x primary keeps serving the Thanos view until it moves.",
      step.note,
    ].filter(Boolean).join(" "),
  };
}

/** The primary's extra values while it converts the Thanos history (etlUtils reads the 1.x
 * Thanos Secret, which the 1.x install created in the same namespace). */
function historyFile(plan: FederationPlan, c: Cluster): GeneratedFile {
  return {
    path: `${clusterDir(c)}/${HISTORY_FILE}`,
    content: toYaml({ etlUtils: { enabled: true, thanosSourceBucketSecret: THANOS_SECRET } }, `Kubecost ${plan.kubecost.chartVersion}: convert the Thanos history of every cluster into federated/<cluster_id>/ (remove after the UI shows it)`),
    language: "yaml",
    description: "ETL utils: Thanos history into the Federated ETL layout",
    chartValues: costAnalyzerChart(plan),
  };
}

function withValues(cmd: GeneratedCommand, extra: string): GeneratedCommand {
  const argv = [...cmd.argv];
  const last = argv.lastIndexOf("--values");
  argv.splice(last + 2, 0, "--values", extra);
  return { ...cmd, argv };
}

function primaryStep(plan: FederationPlan, install: ClusterStep, c: Cluster, each: ClusterStep["each"]): ClusterStep {
  const history = historyFile(plan, c);
  const [helm, ...rest] = install.commands;
  const withHistory = { ...install, files: [...install.files, history], commands: [withValues(helm, history.path), ...rest] };
  const step = fromInstalled(plan, c, withHistory, plan.kubecost.chartLine, chartRefOf(plan), { source: THANOS_SOURCE_RULES });
  return {
    ...step,
    id: `upgrade-${install.id}`,
    kind: "upgrade",
    each,
    title: `Primary ${c.id} to Kubecost ${plan.kubecost.chartVersion}, converting the Thanos history`,
    commands: [
      ...step.commands,
      { argv: ["kubectl", "rollout", "status", `deployment/${plan.kubecost.releaseName}-etl-utils`, "--namespace", plan.kubecost.namespace, ...kubectlContext(c), "--timeout", "10m"], comment: "Check: ETL utils runs (it reads the Thanos bucket and writes the federated layout)" },
    ],
    note: `The primary moves last: its Aggregator then reads every agent's federated/<cluster_id>/, and ETL utils fills in the months Thanos held. Its own sidecar, query and compactor go with the 1.x chart. ${step.note ?? ""}`.trim(),
  };
}

/** ETL utils off again: the merge of the primary's values then sets etlUtils.enabled: false (the
 * saved values hold it on, from the step before). */
function historyOffFile(plan: FederationPlan, c: Cluster): GeneratedFile {
  return {
    path: `${clusterDir(c)}/thanos-history-off.yaml`,
    content: toYaml({ etlUtils: { enabled: false } }, `Kubecost ${plan.kubecost.chartVersion}: ETL utils off once the UI shows the Thanos history`),
    language: "yaml",
    description: "ETL utils off after the history is converted",
    chartValues: costAnalyzerChart(plan),
  };
}

function cleanupStep(plan: FederationPlan, install: ClusterStep, c: Cluster): ClusterStep {
  const off = historyOffFile(plan, c);
  const [helm] = install.commands;
  const again = fromInstalled(plan, c, { ...install, files: [off], commands: [{ ...withValues(helm, off.path), comment: `The primary with ETL utils off` }] }, plan.kubecost.chartLine, chartRefOf(plan), {
    source: THANOS_SOURCE_RULES,
    label: `${plan.kubecost.chartVersion}-history-off`,
  });
  return {
    id: "upgrade-thanos-cleanup",
    kind: "thanos-cleanup",
    title: "Once the UI shows the old months: turn ETL utils off and retire Thanos",
    why: "ETL utils is needed only once; the Thanos blocks and Secret are not read by anything after it.",
    each: {
      title: "Once the UI shows the old months: turn ETL utils off and retire Thanos",
      why: "ETL utils is needed only once; the Thanos blocks and Secret are not read by anything after it.",
    },
    phase: "verify",
    clusterId: c.id,
    files: again.files,
    commands: [
      // install.sh --all runs every stage in order: this one waits for the admin's word, a file.
      requireInputFile(HISTORY_CHECKED, "an empty file you create once the Kubecost UI shows the months Thanos held: this step then turns ETL utils off"),
      ...again.commands,
      { argv: ["kubectl", "delete", "secret", THANOS_SECRET, "--namespace", plan.kubecost.namespace, ...kubectlContext(c), "--ignore-not-found"], comment: "The 1.x Thanos objstore Secret (repeat on each cluster that has it)" },
      { argv: ["kubectl", "get", "deployments", "--namespace", plan.kubecost.namespace, ...kubectlContext(c)], comment: `Check: no ${plan.kubecost.releaseName}-etl-utils in the list any more` },
    ],
    note: `Create the empty file ${HISTORY_CHECKED} next to STEPS.md once the UI shows the old months: until then this stage stops (so install.sh --all ends here, naming it). Keep the Thanos blocks (the <ULID>/ folders at the bucket's top) until you have compared a few months in the UI; then delete them, or let a lifecycle rule expire them. Kubecost ${plan.kubecost.chartVersion} never reads them. ${statusNote(plan, "each cluster's federated/<cluster_id>/ freshness")} ${again.note}`,
  };
}

export function thanosToEtlSteps(from: FederationPlan, version: string): Step[] {
  const plan = planOnLine(from, "2.x", version);
  const steps = generateFederatedEtl(plan).steps;
  const primary = primaryCluster(plan);
  const agents = clustersPrimaryFirst(plan).filter((c) => c.role !== "primary");
  const agentSteps = agents.map((c) => agentStep(plan, clusterStep(byId(steps, `install-${c.id.toLowerCase()}`)), c, true));
  const primaryInstall = clusterStep(byId(steps, `install-${primary.id.toLowerCase()}`));
  const each = agentSteps[0]?.each ?? { title: `The primary to Kubecost ${plan.kubecost.chartVersion}, converting the Thanos history`, why: "ETL utils converts the Thanos history into the federated layout." };
  return [
    beforeStep(from, byId(steps, "prerequisites"), mergeChartFiles(plan.kubecost.chartLine, chartRefOf(plan), THANOS_SOURCE_RULES)),
    ...steps.filter((s) => s.phase === "bucket-iam" || s.phase === "secrets").map((s) => withChecks(plan, s)),
    ...agentSteps,
    primaryStep(plan, primaryInstall, primary, each),
    byId(steps, "verify"),
    cleanupStep(plan, primaryInstall, primary),
  ];
}

export function thanosTo3xSteps(from: FederationPlan, version: string): Step[] {
  const plan = planOnLine(from, "3.x", version);
  const steps = generateFederatedStorage(plan).steps;
  const installs = steps.filter((s) => s.phase === "install").map(clusterStep);
  return [
    beforeStep(from, byId(steps, "prerequisites"), mergeChartFiles("3.x", chartRefOf(plan), THANOS_SOURCE_RULES)),
    ...steps.filter((s) => s.phase === "bucket-iam" || s.phase === "secrets").map((s) => withChecks(plan, s)),
    ...installs.map((install): ClusterStep => {
      const c = plan.clusters.find((x) => x.id === install.clusterId)!;
      const s = fromInstalled(plan, c, install, "3.x", chartRefOf(plan), { source: THANOS_SOURCE_RULES });
      return {
        ...s,
        id: `upgrade-${s.id}`,
        kind: `upgrade${install.kind === "install" ? "" : install.kind.slice("install".length)}`,
        each: { title: `Every cluster to Kubecost ${plan.kubecost.chartVersion}: the agents first, the primary last`, why: `The ${plan.kubecost.chartVersion} chart (kubecost) replaces each 1.x cost-analyzer release in place: its Prometheus and Thanos sidecar go with it.` },
        note: [
          `The ${plan.kubecost.chartVersion} chart (kubecost) replaces the 1.x cost-analyzer release in place: the cluster's Prometheus and Thanos sidecar go with it.`,
          c.role === "primary" ? "Kubecost 3.x cannot read Thanos blocks and has no ETL utils (the 3.2.1 chart fails on etlUtils): the Thanos history stays in the bucket but does not appear in 3.x. To keep it, move to 2.x first, let ETL utils convert it, then take the 2.x -> 2.9 -> 3.x path." : "",
          s.note,
        ].filter(Boolean).join(" "),
      };
    }),
    byId(steps, "verify"),
  ];
}
