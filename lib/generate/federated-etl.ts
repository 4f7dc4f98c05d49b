import type { FederationPlan } from "@/lib/plan/schema";
import type { GeneratedPlan } from "./types";

/** Placeholder: the generator for this method is being written. */
export function generateFederatedEtl(plan: FederationPlan): GeneratedPlan {
  return { method: plan.method, title: "Not yet generated", steps: [] };
}
