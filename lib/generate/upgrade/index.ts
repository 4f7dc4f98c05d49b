import { kubecostLine } from "@/lib/plan/kubecost-lines";
import { upgradeKind, type UpgradeRequest } from "@/lib/plan/upgrade";
import { toYaml } from "../yaml";
import type { GeneratedFile, GeneratedPlan, Step } from "../types";
import { renderStepsMarkdown } from "../steps-markdown";
import { etlTo3xSteps } from "./etl-to-3x";
import { thanosTo3xSteps, thanosToEtlSteps } from "./from-thanos";
import { decisionStep } from "./decision";
import { planWithoutSecrets } from "@/lib/plan/schema";
import { toFleetPlan, type FleetPlan } from "../fleet";
import { withSchemaHeaders, withValuesSchemas } from "@/lib/charts/schema";

// Upgrade plans: today's setup and the target line in, the ordered migration out (the same
// GeneratedPlan shape the wizard renders and STEPS.md narrates). Pure; browser and CLI.

export const UPGRADE_FILE = "upgrade.yaml";

/** The upgrade's typed steps, one per cluster where a step acts on one (ClusterStep): what the
 * phases are made of. */
export function generateUpgradeSteps(req: UpgradeRequest): GeneratedPlan {
  const kind = upgradeKind(req.from, req.to.chartLine);
  let steps: Step[];
  switch (kind) {
    case "thanos-to-etl":
      steps = thanosToEtlSteps(req.from, req.to.chartVersion);
      break;
    case "thanos-to-3x":
      steps = thanosTo3xSteps(req.from, req.to.chartVersion);
      break;
    case "bridge":
      steps = etlTo3xSteps(req.from, req.to.chartVersion, true);
      break;
    case "etl-to-3x":
      steps = etlTo3xSteps(req.from, req.to.chartVersion, false);
      break;
    default:
      throw new Error("validated upgrade requests have a path");
  }
  steps = [decisionStep(kind, req.from), ...steps];
  // Values files name their chart version's schema, as install bundles do (lib/charts/schema.ts).
  return withSchemaHeaders({
    method: `upgrade-${kind}`,
    title: `Upgrade ${req.from.clusters.length} cluster${req.from.clusters.length === 1 ? "" : "s"} from Kubecost ${req.from.kubecost.chartVersion} (${req.from.method}) to ${kubecostLine(req.to.chartLine).label.replace(/ \(.*\)$/, "")} ${req.to.chartVersion}`,
    steps,
  });
}

/** Every upgrade moves the agents before the primary (the 3.x primary, which must come first, is
 * a phase of its own: each kind is its own stage). */
const UPGRADE_FIRST = "agents" as const;

/** The upgrade as phases: every run of per-cluster steps of one kind becomes an install.sh stage
 * over clusters.tsv (lib/generate/fleet, the runner installs use), so STEPS.md has as many steps
 * for 150 clusters as for 3. What the upgrade page shows and STEPS.md narrates. */
export function generateUpgrade(req: UpgradeRequest): FleetPlan {
  return toFleetPlan(req.from, generateUpgradeSteps(req), { first: UPGRADE_FIRST, stagePerKind: true });
}

/** STEPS.md, install.sh with clusters.tsv and every step script, every file once, and
 * upgrade.yaml (the request, without access keys). */
export function buildUpgradeBundle(req: UpgradeRequest, fleet: FleetPlan = generateUpgrade(req)): GeneratedFile[] {
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
  fleet.driverFiles.forEach(add);
  if (byPath.has(UPGRADE_FILE)) throw new Error(`A generator wrote ${UPGRADE_FILE}, which the upgrade bundle reserves for the request`);
  const request: GeneratedFile = {
    path: UPGRADE_FILE,
    content: toYaml({ ...planWithoutSecrets(req.from), upgradeTo: req.to }, `Today's plan and the line it moves to (access keys are never written here).\nRegenerate: npm run upgrade -- ${UPGRADE_FILE} <out-dir>`),
    language: "yaml",
    description: "The upgrade request, for Git and the CLI (no access keys)",
  };
  return withValuesSchemas([
    { path: "STEPS.md", content: renderStepsMarkdown(fleet), language: "markdown", description: "Every step in order, with its commands" },
    request,
    ...[...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  ]);
}
