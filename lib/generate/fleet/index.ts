import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { clusterRegion, clustersPrimaryFirst, kubeContextOf } from "../common/naming";
import { renderScript, variablesRead, variablesSet, type ShellCommand } from "../shell";
import type { ClusterStep, GeneratedCommand, GeneratedFile, GeneratedPlan, GlobalStep } from "../types";
import { clusterListCompactor, compactStep } from "./compact-text";
import { CLUSTERS_TSV, DEFAULT_PARALLEL, DRIVER_FILE, driverScript, HELM_RELEASE_MARK, STEP_SCRIPT_DIR } from "./driver";
import { installOrder, type InstallOrder } from "@/lib/plan/install-order";

// Issue 12: output that does not grow with the fleet. Sits on top of every generator: each run of
// per-cluster steps (step.clusterId set), and each global step's commands that target one cluster
// for every cluster (kube access, OIDC providers), become a *stage*: one script per cluster and
// step kind, clusters/<id>/steps/<SS>-<NN>-<kind>.sh, rendered by the one quoting function, run
// by install.sh for the clusters in clusters.tsv. The stage shows as one step, so STEPS.md has
// the same number of steps for 3 clusters and for 5,000.

export interface StageScript {
  /** Step kind, e.g. "install": the generator's, the same on every cluster. */
  kind: string;
  title: string;
}

export interface FleetStage {
  number: number;
  scripts: StageScript[];
  /** Per cluster (primary first): the stage's step scripts and the files those steps wrote. */
  clusterFiles: Map<string, GeneratedFile[]>;
}

/** A step of the fleet plan: every per-cluster step has become part of a stage. */
export type FleetStep = GlobalStep & {
  /** Set on a step that runs a stage on every cluster. */
  stage?: FleetStage;
};

export interface FleetPlan {
  method: string;
  title: string;
  steps: FleetStep[];
  /** clusters.tsv and install.sh (also listed on every stage step). */
  driverFiles: GeneratedFile[];
}

const pad = (n: number) => String(n).padStart(2, "0");

const KIND = /^[a-z0-9][a-z0-9-]{0,70}$/;

/** The step's kind, which names its scripts: a generator's kind is data, never read from an id. */
function scriptKind(kind: string): string {
  if (!KIND.test(kind)) throw new Error(`Step kind "${kind}" cannot name a script: use lowercase letters, digits and '-', at most 71 characters`);
  return kind;
}

export function stepScriptPath(clusterId: string, stage: number, index: number, kind: string): string {
  return `clusters/${clusterId}/${STEP_SCRIPT_DIR}/${pad(stage)}-${pad(index + 1)}-${kind}.sh`;
}

function stepScript(title: string, why: string, note: string | undefined, commands: GeneratedCommand[]): string {
  // Written from the commands' HelmReleases: install.sh --skip-helm skips a script with this line.
  const releases = commands.flatMap((c) => (c.intent?.kind === "helm-release" ? [`${HELM_RELEASE_MARK}${c.intent.release.release} (${c.intent.release.chartName} ${c.intent.release.version})`] : []));
  const header = [`#!/usr/bin/env bash`, `# ${title}`, `# ${why}`, ...releases, ...(note ? wrapComment(note) : []), "set -euo pipefail", "", ""].join("\n");
  return header + renderScript(commands.map((c) => ({ comment: c.comment, command: c })));
}

const wrapComment = (text: string) => text.split("\n").map((l) => `# ${l}`);

export function clustersTsv(plan: FederationPlan): string {
  // "-" for an empty field: bash `read` with IFS=tab folds consecutive tabs together.
  const rows = clustersPrimaryFirst(plan).map((c: Cluster) =>
    [c.id, c.role, kubeContextOf(c), clusterRegion(plan, c), c.eksClusterName ?? "-", plan.auth.mode !== "access-keys" ? (plan.auth.roleArn ?? "-") : "-"].join("\t"),
  );
  return ["id\trole\tcontext\tregion\teks_name\trole_arn", ...rows].join("\n") + "\n";
}

const ON_EACH = " on each cluster";
/** One part: its own title ("Install Kubecost on each cluster"). Several: "On every cluster: " and
 * the parts, each without its own "on each cluster" (said once, not three times). */
function stageTitle(titles: string[]): string {
  if (titles.length === 1) return titles[0];
  return `On every cluster: ${titles.map((t) => (t.endsWith(ON_EACH) ? t.slice(0, -ON_EACH.length) : t)).join("; ")}`;
}

export interface FleetOptions {
  /** Which clusters each stage runs first; default: the plan method's install order. */
  first?: InstallOrder["first"];
  /** Each step kind its own stage, never folded with its neighbours: an upgrade's phases (every
   * cluster finishes one before the next starts: agents to 2.9, the gate, the primary, the agents). */
  stagePerKind?: boolean;
}

export function toFleetPlan(plan: FederationPlan, generated: GeneratedPlan, options: FleetOptions = {}): FleetPlan {
  const order = clustersPrimaryFirst(plan).map((c) => c.id);
  const first = options.first ?? installOrder(plan.method).first;
  const driverFiles: GeneratedFile[] = [
    { path: DRIVER_FILE, content: driverScript(first), language: "shell", description: "Runs the per-cluster step scripts: install.sh <cluster-id>|--all [--stage N] [--parallel N]" },
    { path: CLUSTERS_TSV, content: clustersTsv(plan), language: "text", description: "Every cluster install.sh knows: id, role, kube context, region, EKS name, role ARN" },
  ];
  const steps: FleetStep[] = [];
  /** Variables set by commands that stay global, so far: a stage may read only these. */
  const globalVars = new Set<string>();
  let stageCount = 0;

  const makeStage = (parts: StagePart[]): FleetStage => {
    const number = ++stageCount;
    const clusterFiles = new Map<string, GeneratedFile[]>();
    for (const id of order) {
      const files: GeneratedFile[] = [];
      parts.forEach((p, i) => {
        const mine = p.byCluster.get(id);
        if (!mine) return;
        for (const cmd of mine.commands) {
          const set = variablesSet(cmd);
          if (set.length) throw new Error(`A per-cluster command sets ${set.join(", ")}; each step script runs in its own shell, so install.sh cannot pass it on`);
          for (const v of simpleReads(cmd)) if (!globalVars.has(v)) throw new Error(`A per-cluster command on ${id} reads \${${v}}, which no earlier global step sets`);
        }
        // The script speaks of its own cluster: its step's own title and why.
        files.push(...mine.files, {
          path: stepScriptPath(id, number, i, p.kind),
          content: stepScript(mine.title, mine.why, mine.note, mine.commands),
          language: "shell",
          description: mine.title,
        });
      });
      // A stage may run on some clusters only (an upgrade's primary phase): those have a part.
      if (files.length) clusterFiles.set(id, files);
    }
    return { number, scripts: parts.map((p) => ({ kind: p.kind, title: p.title })), clusterFiles };
  };

  const runCommands = (stage: FleetStage, reads: Set<string>): GeneratedCommand[] => [
    ...[...reads].sort().map((v) => ({
      argv: ["export", { template: `${v}=\${${v}}` }],
      comment: `The step scripts run in their own shells: pass on ${v} from the earlier step`,
    })),
    {
      argv: ["bash", DRIVER_FILE, "--all", "--stage", String(stage.number), "--parallel", String(DEFAULT_PARALLEL)],
      comment: `Every cluster in ${CLUSTERS_TSV}${stage.clusterFiles.size < order.length ? ` that has a part in this stage` : ""}, ${first === "primary" ? `the primary first, then the agents ${DEFAULT_PARALLEL} at a time` : `the agents ${DEFAULT_PARALLEL} at a time, then the primary`}; one cluster: bash ${DRIVER_FILE} <cluster-id> --stage ${stage.number}\nRerun after a failure: finished steps are skipped; logs/<cluster-id>.log has each cluster's output`,
    },
  ];

  let run: ClusterStep[] = [];
  const flushRun = () => {
    if (run.length === 0) return;
    const kinds: string[] = [];
    const parts = new Map<string, StagePart>();
    run.forEach((s) => {
      const kind = scriptKind(s.kind);
      let part = parts.get(kind);
      if (!part) {
        kinds.push(kind);
        part = { kind, title: s.each.title, why: s.each.why, byCluster: new Map() };
        parts.set(kind, part);
      }
      // An agent's wording reads for every cluster; the primary's often says "the primary".
      if (s.clusterId !== order[0] && part.byCluster.size === 1) {
        part.title = s.each.title;
        part.why = s.each.why;
      }
      const prev = part.byCluster.get(s.clusterId);
      if (prev) throw new Error(`Two ${kind} steps for ${s.clusterId} in one run`);
      part.byCluster.set(s.clusterId, { title: s.title, why: s.why, commands: s.commands, note: s.note, files: s.files });
    });
    const list = kinds.map((k) => parts.get(k)!);
    const reads = new Set(run.flatMap((s) => s.commands.flatMap(simpleReads)));
    const stage = makeStage(list);
    const notes = [...new Set(run.map((s) => s.note).filter((n): n is string => !!n))];
    steps.push({
      id: `every-cluster-${stage.number}`,
      title: stageTitle(list.map((p) => p.title)),
      why: `${list.map((p) => p.why).join(" ")} One script per cluster and step (clusters/<id>/steps/${pad(stage.number)}-*.sh), run by ${DRIVER_FILE} for each cluster in ${CLUSTERS_TSV}.`,
      phase: run[0].phase,
      files: driverFiles,
      commands: runCommands(stage, reads),
      note: notes.length === 0 ? undefined : notes.length <= 2 && plan.clusters.length <= 2 ? notes.join(" ") : `${notes[0]}${notes.length > 1 ? " (Each cluster's notes are at the top of its step scripts.)" : ""}`,
      stage,
    });
    run = [];
  };

  const orders = [order, plan.clusters.map((c) => c.id)];
  const compact = clusterListCompactor(orders);
  for (const original of generated.steps) {
    if (original.clusterId !== undefined) {
      if (options.stagePerKind && run.length && run[run.length - 1].kind !== original.kind) flushRun();
      run.push(original);
      continue;
    }
    flushRun();
    const { step } = compactStep(original, orders, compact);
    const hoisted = hoistPerCluster(step, order);
    if (!hoisted) {
      steps.push(step);
      step.commands.forEach((c) => variablesSet(c).forEach((v) => globalVars.add(v)));
      continue;
    }
    hoisted.before.forEach((c) => variablesSet(c).forEach((v) => globalVars.add(v)));
    const stage = makeStage([{ kind: scriptKind(step.kind ?? step.id), title: step.title, why: step.why, byCluster: hoisted.byCluster }]);
    steps.push({ ...step, commands: [...hoisted.before, ...runCommands(stage, hoisted.reads), ...hoisted.after], stage });
    hoisted.after.forEach((c) => variablesSet(c).forEach((v) => globalVars.add(v)));
  }
  flushRun();
  return { method: generated.method, title: generated.title, steps, driverFiles };
}

/** ${NAME}s read anywhere in a command (pipe targets and branches too). */
const simpleReads = (cmd: ShellCommand): string[] => variablesRead(cmd);

interface StagePart {
  kind: string;
  /** For every cluster at once (STEPS.md). */
  title: string;
  why: string;
  /** Each cluster's own step: its title and why head its script. */
  byCluster: Map<string, { title: string; why: string; commands: GeneratedCommand[]; note?: string; files: GeneratedFile[] }>;
}

/** A global step whose commands target one cluster each (their builders say which), for every
 * cluster: those move into a stage (in place of the first of them); the step's other commands stay. */
function hoistPerCluster(step: GlobalStep, order: string[]) {
  const byCluster: StagePart["byCluster"] = new Map();
  const before: GeneratedCommand[] = [];
  const after: GeneratedCommand[] = [];
  const reads = new Set<string>();
  for (const cmd of step.commands) {
    const id = variablesSet(cmd).length ? undefined : cmd.clusterId;
    if (id === undefined) {
      (byCluster.size ? after : before).push(cmd);
      continue;
    }
    if (!byCluster.has(id)) byCluster.set(id, { title: `${step.title} (cluster ${id})`, why: step.why, commands: [], files: [] });
    byCluster.get(id)!.commands.push(cmd);
    variablesRead(cmd).forEach((v) => reads.add(v));
  }
  if (order.some((id) => !byCluster.has(id))) return undefined;
  return { before, after, byCluster, reads };
}
