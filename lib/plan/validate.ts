import type { z } from "zod";
import { planSchema, type FederationPlan } from "./schema";

export interface PlanIssue {
  /** Dotted field path, e.g. "storage.bucket" or "clusters.2.id"; "" for the plan as a whole. */
  path: string;
  message: string;
}

export type PlanValidation = { ok: true; plan: FederationPlan } | { ok: false; issues: PlanIssue[] };

export function toPlanIssues(error: z.ZodError): PlanIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** Validates untrusted input (wizard state, a plan file, a URL) into a FederationPlan. */
export function validatePlan(input: unknown): PlanValidation {
  const r = planSchema.safeParse(input);
  return r.success ? { ok: true, plan: r.data } : { ok: false, issues: toPlanIssues(r.error) };
}

/** One line per issue, for the CLI: "storage.bucket: Bucket names use lowercase letters only". */
export function formatPlanIssues(issues: PlanIssue[]): string {
  return issues.map((i) => `  - ${i.path || "plan"}: ${i.message}`).join("\n");
}
