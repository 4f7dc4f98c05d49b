import type { ShellCommand, ShellWord } from "./shell";
import type { ChartRef } from "@/lib/charts/data";

// What the generators produce: ordered steps, each with a one-line why, its files and commands.
// The wizard renders these, the CLI writes them, STEPS.md narrates them: one source.

export type Phase = "prerequisites" | "bucket-iam" | "secrets" | "install" | "verify";

export interface GeneratedFile {
  /** Relative path inside the download/CLI output, e.g. "clusters/prod-1/values.yaml". */
  path: string;
  content: string;
  language: "yaml" | "json" | "shell" | "text" | "markdown";
  /** One line: what the file is for. */
  description: string;
  /** When set, the chart whose values this file is: linted against that chart version's keys. */
  chartValues?: ChartRef;
  /** When set, the file is Thanos objstore config, linted against that Thanos version's keys. */
  objstore?: { thanosVersion: string };
}

export type { ChartRef } from "@/lib/charts/data";

/** Where a chart comes from: an https:// repository (added with `helm repo add <name> <url>`) or
 * an OCI registry path (oci://<url>/<chart>). */
export type HelmRepo = { kind: "https"; name: string; url: string } | { kind: "oci"; url: string };

/** A Helm release as data (model: cdk8s HelmProps). helm's argv is rendered from it once
 * (common/helm.ts helmReleaseArgv); the GitOps files read it, never the argv. */
export interface HelmRelease {
  clusterId: string;
  kubeContext: string;
  release: string;
  repo: HelmRepo;
  /** The chart's own name ("cost-analyzer"). */
  chartName: string;
  /** The chart as helm names it: "kubecost/cost-analyzer" or "oci://...". */
  chart: string;
  version: string;
  namespace: string;
  createNamespace: boolean;
  valuesFiles: string[];
  /** --set pairs in order; a value may expand a shell variable (${AMP_WORKSPACE_ID}). */
  sets: { name: string; value: ShellWord }[];
  /** The chart whose keys every values file and --set must exist in. */
  chartRef: ChartRef;
}

/** What a command is, for the layers that read commands (fleet, GitOps, install.sh): they read
 * this, never the argv. */
export type CommandIntent =
  | { kind: "helm-release"; release: HelmRelease }
  | { kind: "helm-repo"; repo: HelmRepo & { kind: "https" } }
  | { kind: "cluster-access" }
  | { kind: "kubectl" }
  | { kind: "eksctl" }
  | { kind: "aws" }
  | { kind: "check" }
  /** The head of a step that reads a file the admin supplies: the preflight checks every one. */
  | { kind: "input-file"; input: AdminInput };

/** A file the admin supplies before running the bundle (the Enterprise key, access keys, a CA
 * bundle). `placeholder`: text the generated file holds until the admin fills it in. */
export interface AdminInput {
  path: string;
  /** What it is, for a person: "your Kubecost Enterprise key as {\"key\": \"<key>\"}". */
  what: string;
  placeholder?: string;
}

export interface GeneratedCommand extends ShellCommand {
  /** Shown above the command as a comment line (never after a continuation). */
  comment?: string;
  /** For helm commands: the chart whose keys every --set flag must exist in. */
  chartValues?: ChartRef;
  /** The one cluster the command acts on, set by the builder that was given the cluster. A
   * global step whose commands name every cluster this way runs them through install.sh. */
  clusterId?: string;
  intent?: CommandIntent;
}

interface StepCommon {
  id: string; // stable, kebab-case, unique within a plan
  /** What the step does, the same on every cluster it runs on ("install", "secrets"): names the
   * per-cluster step scripts. A global step's kind is its id when not given. */
  kind?: string;
  title: string;
  why: string; // one line
  phase: Phase;
  files: GeneratedFile[];
  commands: GeneratedCommand[];
  /** Extra guidance shown under the commands (plain text, one paragraph). */
  note?: string;
}

/** A step run once, from the admin's machine. */
export interface GlobalStep extends StepCommon {
  clusterId?: undefined;
  each?: undefined;
}

/** A step for one cluster. `title` and `why` speak of this cluster ("Install Kubecost on prod-1");
 * `each` says the same for every cluster at once ("Install Kubecost on each cluster"), written by
 * the generator so nothing rewrites prose. */
export interface ClusterStep extends StepCommon {
  kind: string;
  clusterId: string;
  each: { title: string; why: string };
}

export type Step = GlobalStep | ClusterStep;

export interface GeneratedPlan {
  method: string;
  title: string;
  steps: Step[];
}
