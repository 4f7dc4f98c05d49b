import type { Method } from "@/lib/plan/methods";
import type { FederationPlan } from "@/lib/plan/schema";
import type { GeneratedPlan } from "./types";
import { generateThanosBundled } from "./thanos/bundled";
import { generateThanosStandalone } from "./thanos/standalone";
import { generateFederatedEtl } from "./etl";
import { generateAmp } from "./amp";
import { generateFederatedStorage } from "./federated-storage";

// The generate half of the method registry (the data half, with labels, lines and status
// sources, is lib/plan/methods.ts). A Record<Method, ...>: a new method does not compile until
// its generator is listed here.
export const GENERATORS: Record<Method, (plan: FederationPlan) => GeneratedPlan> = {
  "thanos-bundled": generateThanosBundled,
  "thanos-standalone": generateThanosStandalone,
  "federated-etl": generateFederatedEtl,
  "federated-storage": generateFederatedStorage,
  amp: generateAmp,
  "amp-federated": generateAmp,
};
