import type { Method } from "./kubecost-lines";
import type { Cluster, FederationPlan } from "./schema";

// Which clusters a method installs first: the one place the order lives. The generators' step
// order and their notes read it; so must install.sh's stage order, ApplicationSet sync waves and
// helmfile `needs` (lib/generate/fleet, lib/generate/gitops), so that none can disagree.

export interface InstallOrder {
  first: "primary" | "agents";
  /** Why, in one clause (the note says "Agents first, the primary last: <why>"). */
  why: string;
  /** Public page that says so, when there is one. */
  source?: string;
}

export const INSTALL_ORDER: Record<Method, InstallOrder> = {
  // "Consider installing agents first, as the UI will not have value until there is data in the
  // federated storage bucket"; an agent needs nothing from the primary.
  "federated-storage": {
    first: "agents",
    why: "an agent needs nothing from the primary, and the primary's UI has nothing to show before the bucket holds data",
    source: "https://github.com/kubecost/kubecost/blob/v3.2.1/examples/README.md",
  },
  "federated-etl": { first: "primary", why: "its Aggregator is the only reader of the bucket, so every agent's upload is combined from the first one on" },
  amp: { first: "primary", why: "it serves the combined view of the workspace the agents write to" },
  "amp-federated": { first: "primary", why: "it serves the combined view and runs the Aggregator that reads every agent's uploads" },
  "thanos-bundled": { first: "primary", why: "it runs the Thanos query, store and the only compactor that the agents' sidecars feed" },
  "thanos-standalone": { first: "primary", why: "it runs the Thanos query, store and the only compactor that the agents' sidecars feed" },
};

export const installOrder = (method: Method): InstallOrder => INSTALL_ORDER[method];

/** The plan's clusters in install order (the admin's order kept within agents). */
export function clustersInInstallOrder(plan: FederationPlan): Cluster[] {
  const primary = plan.clusters.filter((c) => c.role === "primary");
  const agents = plan.clusters.filter((c) => c.role !== "primary");
  return installOrder(plan.method).first === "primary" ? [...primary, ...agents] : [...agents, ...primary];
}

/** Which of the two install waves a cluster is in: 1 goes first, 2 starts once wave 1 is done.
 * ApplicationSet progressive syncs and helmfile `needs` are built from it (lib/generate/gitops). */
export type InstallWave = 1 | 2;
export const installWave = (plan: FederationPlan, c: Cluster): InstallWave => ((c.role === "primary") === (installOrder(plan.method).first === "primary") ? 1 : 2);

/** How the order is said wherever it is said (step notes, STEPS.md): a test looks for the other one. */
export const ORDER_LEAD: Record<InstallOrder["first"], string> = { primary: "The primary first, then the agents", agents: "Agents first, the primary last" };

/** The sentence a primary's install step carries. */
export function installOrderNote(method: Method): string {
  const o = installOrder(method);
  const lead = ORDER_LEAD[o.first];
  return `${lead}: ${o.why}${o.source ? ` (${o.source})` : ""}.`;
}
