import { planWithoutSecrets, type FederationPlan } from "@/lib/plan/schema";
import { toYaml } from "./yaml";
import type { GeneratedPlan, GeneratedFile } from "./types";
import { GENERATORS } from "./methods";
import { renderStepsMarkdown } from "./steps-markdown";
import { toFleetPlan, type FleetPlan } from "./fleet";
import { gitopsFiles } from "./gitops";
import { watchFederationStep } from "./watch-step";
import { preflightStep } from "./common/preflight";
import { withSchemaHeaders, withValuesSchemas } from "@/lib/charts/schema";

export type { GeneratedPlan, GeneratedFile, Step } from "./types";
export type { FleetPlan, FleetStep } from "./fleet";

export const PLAN_FILE = "plan.yaml";

/** Plan -> ordered steps with files and commands. Pure; runs in the browser and the CLI. */
export function generatePlan(plan: FederationPlan): GeneratedPlan {
  return GENERATORS[plan.method](plan);
}

export interface GeneratedOutput {
  /** The steps as the wizard and STEPS.md show them: per-cluster work runs through install.sh. */
  fleet: FleetPlan;
  /** Argo CD ApplicationSet and helmfile: the helm releases of the scripts, for GitOps. */
  gitops: GeneratedFile[];
}

/** What the wizard shows and the bundle holds: the generators' steps with every per-cluster run
 * turned into one install.sh stage (lib/generate/fleet), the optional watch step, plus the
 * GitOps files. */
export function generateOutput(plan: FederationPlan): GeneratedOutput {
  // Values files name their chart version's schema (lib/charts/schema.ts; the bundle carries it).
  const generated = withSchemaHeaders(generatePlan(plan));
  const fleet = toFleetPlan(plan, generated);
  // Last, optional: the console itself next to the primary, watching this federation.
  // First: what the admin supplies, checked by preflight.sh before anything changes (install.sh runs it too).
  return { fleet: { ...fleet, steps: [preflightStep(plan, generated), ...fleet.steps, watchFederationStep(plan)] }, gitops: gitopsFiles(plan, generated) };
}

/** Every file once (a file shared by several steps is written once), plus STEPS.md and the plan
 * itself (plan.yaml, without access keys) so the download can go into Git and be regenerated
 * with the CLI. This is exactly what the CLI writes and what the wizard's "download all" zips. */
export function buildBundle(plan: FederationPlan, output: GeneratedOutput = generateOutput(plan)): GeneratedFile[] {
  const { fleet, gitops } = output;
  const byPath = new Map<string, GeneratedFile>();
  const add = (f: GeneratedFile) => {
    const prev = byPath.get(f.path);
    if (prev && prev.content !== f.content) throw new Error(`Two different files named ${f.path}`);
    byPath.set(f.path, f);
  };
  for (const step of fleet.steps) {
    step.files.forEach(add);
    for (const files of step.stage?.clusterFiles.values() ?? []) files.forEach(add);
  }
  gitops.forEach(add);
  const steps: GeneratedFile = {
    path: "STEPS.md",
    content: renderStepsMarkdown(fleet, gitops),
    language: "markdown",
    description: "Every step in order, with its commands",
  };
  if (byPath.has(PLAN_FILE)) throw new Error(`A generator wrote ${PLAN_FILE}, which the bundle reserves for the plan`);
  const planFile: GeneratedFile = {
    path: PLAN_FILE,
    content: toYaml(
      planWithoutSecrets(plan),
      `The federation plan these files were generated from (access keys are never written here).\nRegenerate: npm run generate -- ${PLAN_FILE} <out-dir>`,
    ),
    language: "yaml",
    description: "The plan, for Git and the CLI (no access keys)",
  };
  // The schema of each chart version the values files target (lib/charts/schema.ts).
  return withValuesSchemas([steps, planFile, ...[...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))]);
}
