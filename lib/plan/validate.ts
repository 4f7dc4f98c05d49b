import { fail, ok, problemsFromZod, type Result } from "@/lib/problem";
import { planSchema, type FederationPlan } from "./schema";

/** Validates untrusted input (wizard state, a plan file, a URL) into a FederationPlan; each
 * problem's path is the plan field ("storage.bucket", "clusters.2.id"). */
export function validatePlan(input: unknown): Result<FederationPlan> {
  const r = planSchema.safeParse(input);
  return r.success ? ok(r.data) : fail(problemsFromZod(r.error));
}
