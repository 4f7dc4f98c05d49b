import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parsePlanText } from "@/lib/plan/load";
import { validatePlan } from "@/lib/plan/validate";
import type { FederationPlan } from "@/lib/plan/schema";

export const EXAMPLES_DIR = path.resolve(__dirname, "../../examples");

/** Every example plan under examples/, validated (a broken example fails loudly). */
export function loadExamplePlans(): { name: string; plan: FederationPlan }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => {
      const r = validatePlan(parsePlanText(readFileSync(path.join(EXAMPLES_DIR, f), "utf8"), f));
      if (!r.ok) throw new Error(`examples/${f} is invalid: ${JSON.stringify(r.problems)}`);
      return { name: f, plan: r.value };
    });
}
