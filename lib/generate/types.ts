import type { ShellCommand } from "./shell";
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

export interface GeneratedCommand extends ShellCommand {
  /** Shown above the command as a comment line (never after a continuation). */
  comment?: string;
  /** For helm commands: the chart whose keys every --set flag must exist in. */
  chartValues?: ChartRef;
}

export interface Step {
  id: string; // stable, kebab-case, unique within a plan
  title: string;
  why: string; // one line
  phase: Phase;
  /** Per-cluster steps name the cluster id; the UI groups them, primary first. */
  clusterId?: string;
  files: GeneratedFile[];
  commands: GeneratedCommand[];
  /** Extra guidance shown under the commands (plain text, one paragraph). */
  note?: string;
}

export interface GeneratedPlan {
  method: string;
  title: string;
  steps: Step[];
}
