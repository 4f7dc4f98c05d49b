import { z } from "zod";
import { CHART_LINE_IDS, kubecostLine, type ChartLine } from "./kubecost-lines";
import { planSchema, type FederationPlan } from "./schema";
import { fail, ok, problemsFromZod, type Problem, type Result } from "@/lib/problem";

// An upgrade: the plan a team runs today (its plan.yaml) and the Kubecost line it moves to. An
// upgrade file is that plan with an `upgradeTo:` block, so the same file still generates the
// current setup (`npm run generate`) and the migration (`npm run upgrade`).

export const upgradeTargetSchema = z.object({
  chartLine: z.enum(CHART_LINE_IDS),
  /** Defaults to the line's verified version. */
  chartVersion: z.string().regex(/^\d+\.\d+\.\d+$/, "Chart versions look like 3.2.1").optional(),
});
export type UpgradeTarget = z.infer<typeof upgradeTargetSchema>;

export interface UpgradeRequest { from: FederationPlan; to: { chartLine: ChartLine; chartVersion: string } }

/** The lines a setup can move to, nearest first, and what each path is. */
const PATHS: { from: (p: FederationPlan) => boolean; to: ChartLine; kind: "thanos-to-etl" | "thanos-to-3x" | "bridge" | "etl-to-3x" }[] = [
  { from: (p) => p.method === "thanos-bundled", to: "2.x", kind: "thanos-to-etl" },
  { from: (p) => p.method === "thanos-bundled", to: "3.x", kind: "thanos-to-3x" },
  { from: (p) => p.kubecost.chartLine === "2.x" && (p.method === "federated-etl" || p.method === "amp-federated"), to: "2.9", kind: "bridge" },
  { from: (p) => p.kubecost.chartLine === "2.x" && (p.method === "federated-etl" || p.method === "amp-federated"), to: "3.x", kind: "etl-to-3x" },
];

export type UpgradeKind = (typeof PATHS)[number]["kind"];

export const upgradeTargets = (from: FederationPlan): ChartLine[] => PATHS.filter((x) => x.from(from)).map((x) => x.to);

export function upgradeKind(from: FederationPlan, to: ChartLine): UpgradeKind | undefined {
  return PATHS.find((x) => x.from(from) && x.to === to)?.kind;
}

/** Why a setup cannot move to a line here, with what it can do; null when it can. */
export function upgradePathProblem(from: FederationPlan, to: ChartLine): string | null {
  if (upgradeKind(from, to)) return null;
  const can = upgradeTargets(from);
  if (can.length) return `From ${from.method} on Kubecost ${from.kubecost.chartLine} the console plans a move to ${can.join(" or ")}, not ${to}`;
  if (from.method === "amp") return "The AMP quick start has no bucket, and every later line needs one: add an ETL bucket first (method amp-federated), then plan the move to 3.x";
  if (from.method === "federated-storage") return `This setup already runs federated storage on ${from.kubecost.chartLine}: ${from.kubecost.chartLine === "2.9" ? "plan the move from its 2.x plan to 3.x instead" : "move by changing the chart version"}`;
  return `No upgrade path from ${from.method} on Kubecost ${from.kubecost.chartLine}: Kubecost 3.x reads no Prometheus or Thanos; set up federated storage for 3.x and run both side by side`;
}

/** Validates an upgrade file: the current plan plus `upgradeTo`. Field paths as in the plan. */
export function validateUpgrade(input: unknown): Result<UpgradeRequest> {
  const plan = planSchema.safeParse(input);
  const target = upgradeTargetSchema.safeParse((input as { upgradeTo?: unknown } | null)?.upgradeTo);
  const problems: Problem[] = [];
  if (!plan.success) problems.push(...problemsFromZod(plan.error));
  if (!target.success) {
    problems.push(...problemsFromZod(target.error).map((i) => ({ path: i.path ? `upgradeTo.${i.path}` : "upgradeTo", message: i.path ? i.message : "Add upgradeTo: with chartLine (3.x, 2.9 or 2.x): the line to move to" })));
  }
  if (!plan.success || !target.success) return fail(problems);
  return upgradeRequest(plan.data, target.data);
}

export function upgradeRequest(from: FederationPlan, target: UpgradeTarget): Result<UpgradeRequest> {
  const problem = upgradePathProblem(from, target.chartLine);
  if (problem) return fail([{ path: "upgradeTo.chartLine", message: problem }]);
  const line = kubecostLine(target.chartLine);
  const version = target.chartVersion ?? line.verified;
  const target2 = { ...from, method: line.methods[0], kubecost: { ...from.kubecost, chartLine: line.id, chartVersion: version } };
  const check = planSchema.safeParse(target2);
  if (!check.success) return fail(problemsFromZod(check.error).map((i) => ({ path: i.path === "kubecost.chartVersion" ? "upgradeTo.chartVersion" : i.path, message: i.message })));
  return ok({ from, to: { chartLine: line.id, chartVersion: version } });
}
