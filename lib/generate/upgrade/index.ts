import { kubecostLine } from "@/lib/plan/kubecost-lines";
import { upgradeKind, type UpgradeRequest } from "@/lib/plan/upgrade";
import { toYaml } from "../yaml";
import type { GeneratedFile, GeneratedPlan, Step } from "../types";
import { renderStepsMarkdown } from "../steps-markdown";
import { etlTo3xSteps } from "./etl-to-3x";
import { thanosTo3xSteps, thanosToEtlSteps } from "./from-thanos";
import { decisionStep } from "./decision";
import { planWithoutSecrets } from "@/lib/plan/schema";
import { withSchemaHeaders, withValuesSchemas } from "@/lib/charts/schema";

// Upgrade plans: today's setup and the target line in, the ordered migration out (the same
// GeneratedPlan shape the wizard renders and STEPS.md narrates). Pure; browser and CLI.

export const UPGRADE_FILE = "upgrade.yaml";

export function generateUpgrade(req: UpgradeRequest): GeneratedPlan {
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

/** STEPS.md, every file once, and upgrade.yaml (the request, without access keys). */
export function buildUpgradeBundle(req: UpgradeRequest): GeneratedFile[] {
  const generated = generateUpgrade(req);
  const byPath = new Map<string, GeneratedFile>();
  for (const f of generated.steps.flatMap((s) => s.files)) {
    const prev = byPath.get(f.path);
    if (prev && prev.content !== f.content) throw new Error(`Two different files named ${f.path}`);
    byPath.set(f.path, f);
  }
  const request: GeneratedFile = {
    path: UPGRADE_FILE,
    content: toYaml({ ...planWithoutSecrets(req.from), upgradeTo: req.to }, `Today's plan and the line it moves to (access keys are never written here).\nRegenerate: npm run upgrade -- ${UPGRADE_FILE} <out-dir>`),
    language: "yaml",
    description: "The upgrade request, for Git and the CLI (no access keys)",
  };
  return withValuesSchemas([
    // Upgrade steps stay per cluster (agents first, a 48 h wait, the primary last): the order
    // between clusters is the point, so they are not folded into install.sh stages.
    { path: "STEPS.md", content: renderStepsMarkdown(generated), language: "markdown", description: "Every step in order, with its commands" },
    request,
    ...[...byPath.values()].sort((a, b) => a.path.localeCompare(b.path)),
  ]);
}
