import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { GeneratedCommand, GeneratedFile, Step } from "../types";
import { toYaml } from "../yaml";
import { clusterDir, clustersPrimaryFirst, kubectlContext, primaryCluster } from "../common/naming";
import { costAnalyzerChart } from "../common/helm";
import { THANOS_SECRET } from "../thanos/bundled-values";
import { generateFederatedEtl } from "../etl";
import { generateFederatedStorage } from "../federated-storage";
import { bucketLs, planOnLine, releaseCheck, saveValuesCommand, statusNote, withChecks } from "./common";

// Kubecost 1.108 with bundled Thanos -> 2.x Federated ETL (or straight to 3.x). Agents first: on
// 2.x each uploads federated/<cluster_id>/ with the id its Thanos blocks carried, and its sidecar
// goes away with the 1.x chart. The primary last, with ETL utils converting the Thanos history
// into the same layout, as in Kubecost's guide
// https://github.com/kubecost/docs/blob/365ee21f1fe25b57925449d17f624f01831953ee/install-and-configure/install/multi-cluster/federated-etl/migrate-from-thanos-to-kubecost-2.0.md

const HISTORY_FILE = "thanos-history.yaml";

const byId = (steps: Step[], id: string) => {
  const s = steps.find((x) => x.id === id);
  if (!s) throw new Error(`generator step ${id} missing`);
  return s;
};

function beforeStep(from: FederationPlan, prerequisites: Step): Step {
  return {
    ...prerequisites,
    id: "upgrade-before",
    title: "Before you start: tools, access and today's values",
    commands: [...prerequisites.commands, ...clustersPrimaryFirst(from).flatMap((c) => [releaseCheck(from, c), saveValuesCommand(from, c, `before-upgrade-${c.id}.yaml`)])],
    note: [prerequisites.note, "Check each saved file with the config doctor (the console's /doctor page) for settings beyond the plan that the new line still reads."].filter(Boolean).join(" "),
  };
}

function agentStep(plan: FederationPlan, install: Step, c: Cluster, historyKept: boolean): Step {
  return {
    ...install,
    id: `upgrade-${install.id}`,
    title: `Agent ${c.id} to Kubecost ${plan.kubecost.chartVersion}`,
    commands: [...install.commands, bucketLs(plan, `federated/${c.id}/`, `Check (after its first ETL build, about an hour): ${c.id}/ has etl/ inside`)],
    note: [
      `The ${plan.kubecost.chartVersion} chart has no Thanos: this upgrade removes ${c.id}'s sidecar, so it stops uploading blocks. Its blocks already in the bucket stay${historyKept ? " and the primary converts them in a later step" : ""}.`,
      "Agents move first; the 1.x primary keeps serving the Thanos view until it moves.",
      install.note,
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

function primaryStep(plan: FederationPlan, install: Step, c: Cluster): Step {
  const history = historyFile(plan, c);
  const [helm, ...rest] = install.commands;
  return {
    ...install,
    id: `upgrade-${install.id}`,
    title: `Primary ${c.id} to Kubecost ${plan.kubecost.chartVersion}, converting the Thanos history`,
    files: [...install.files, history],
    commands: [
      withValues(helm, history.path),
      ...rest,
      { argv: ["kubectl", "rollout", "status", `deployment/${plan.kubecost.releaseName}-etl-utils`, "--namespace", plan.kubecost.namespace, ...kubectlContext(c), "--timeout", "10m"], comment: "Check: ETL utils runs (it reads the Thanos bucket and writes the federated layout)" },
    ],
    note: `The primary moves last: its Aggregator then reads every agent's federated/<cluster_id>/, and ETL utils fills in the months Thanos held. Its own sidecar, query and compactor go with the 1.x chart. ${install.note ?? ""}`.trim(),
  };
}

function cleanupStep(plan: FederationPlan, install: Step, c: Cluster): Step {
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
    files: [],
    commands: [
      { ...install.commands[0], comment: `The primary without ${HISTORY_FILE}: ETL utils stops` },
      { argv: ["kubectl", "delete", "secret", THANOS_SECRET, "--namespace", plan.kubecost.namespace, ...kubectlContext(c), "--ignore-not-found"], comment: "The 1.x Thanos objstore Secret (repeat on each cluster that has it)" },
      { argv: ["kubectl", "get", "deployments", "--namespace", plan.kubecost.namespace, ...kubectlContext(c)], comment: `Check: no ${plan.kubecost.releaseName}-etl-utils in the list any more` },
    ],
    note: `Keep the Thanos blocks (the <ULID>/ folders at the bucket's top) until you have compared a few months in the UI; then delete them, or let a lifecycle rule expire them. Kubecost ${plan.kubecost.chartVersion} never reads them. ${statusNote(plan, "each cluster's federated/<cluster_id>/ freshness")}`,
  };
}

export function thanosToEtlSteps(from: FederationPlan, version: string): Step[] {
  const plan = planOnLine(from, "2.x", version);
  const steps = generateFederatedEtl(plan).steps;
  const primary = primaryCluster(plan);
  const agents = clustersPrimaryFirst(plan).filter((c) => c.role !== "primary");
  return [
    beforeStep(from, byId(steps, "prerequisites")),
    ...steps.filter((s) => s.phase === "bucket-iam" || s.phase === "secrets").map((s) => withChecks(plan, s)),
    ...agents.map((c) => agentStep(plan, byId(steps, `install-${c.id.toLowerCase()}`), c, true)),
    primaryStep(plan, byId(steps, `install-${primary.id.toLowerCase()}`), primary),
    byId(steps, "verify"),
    cleanupStep(plan, byId(steps, `install-${primary.id.toLowerCase()}`), primary),
  ];
}

export function thanosTo3xSteps(from: FederationPlan, version: string): Step[] {
  const plan = planOnLine(from, "3.x", version);
  const steps = generateFederatedStorage(plan).steps;
  const installs = steps.filter((s) => s.phase === "install");
  return [
    beforeStep(from, byId(steps, "prerequisites")),
    ...steps.filter((s) => s.phase === "bucket-iam" || s.phase === "secrets").map((s) => withChecks(plan, s)),
    ...installs.map((s) => {
      const c = plan.clusters.find((x) => x.id === s.clusterId)!;
      return {
        ...s,
        id: `upgrade-${s.id}`,
        note: [
          `The ${plan.kubecost.chartVersion} chart (kubecost) replaces the 1.x cost-analyzer release in place: ${c.id}'s Prometheus and Thanos sidecar go with it.`,
          c.role === "primary" ? "Kubecost 3.x cannot read Thanos blocks and has no ETL utils (the 3.2.1 chart fails on etlUtils): the Thanos history stays in the bucket but does not appear in 3.x. To keep it, move to 2.x first, let ETL utils convert it, then take the 2.x -> 2.9 -> 3.x path." : "",
          s.note,
        ].filter(Boolean).join(" "),
      };
    }),
    byId(steps, "verify"),
  ];
}
