import type { FederationPlan } from "@/lib/plan/schema";
import { AMP_COST_ANALYZER_SA } from "../amp/constants";
import { ETL_SERVICE_ACCOUNT } from "../etl/constants";
import type { Accounts } from "../federated-storage/constants";

// The service account each source method's install left on every cluster for Kubecost's pods, and
// whether its role (IRSA) reads and writes the bucket. An upgrade keeps that account for Kubecost
// and the FinOps agent, so the role carries over with no new IAM
// (https://github.com/kubecost/kubecost/blob/v2.9.7/examples/README.md, step 3). One row per
// method that an upgrade starts from in place; a missing row fails loudly.

export interface SourceAccount {
  /** The account Kubecost's pods run as under IRSA (eksctl made it, or the chart with the role). */
  name: string;
  /** What made it and what its role holds, for the step notes. */
  madeBy: string;
  /** The same under EKS Pod Identity, where the method allows it (lib/plan/pod-identity.ts): the
   * chart made the account and its association carries the role. */
  madeByWithPodIdentity?: string;
}

const SOURCES: Partial<Record<FederationPlan["method"], SourceAccount>> = {
  "federated-etl": {
    name: ETL_SERVICE_ACCOUNT,
    madeBy: "the Federated ETL install (its role holds the bucket policy)",
    madeByWithPodIdentity: "the Federated ETL install (its EKS Pod Identity association's role holds the bucket policy)",
  },
  // The AMP install made two accounts; the cost-analyzer's holds the bucket policy too (amp/steps.ts
  // costAnalyzerPolicies). kubecost-prometheus-server-amp only remote-writes: 2.9 and 3.x without
  // AMP run no pod as it.
  "amp-federated": { name: AMP_COST_ANALYZER_SA, madeBy: "the AMP install (its role holds the AMP policies and the bucket policy)" },
};

export function sourceAccount(from: FederationPlan): SourceAccount {
  const s = SOURCES[from.method];
  if (!s) throw new Error(`No service account table for upgrades from ${from.method}: add a row to SOURCES in lib/generate/upgrade/source-accounts.ts`);
  if (from.auth.mode !== "pod-identity") return s;
  if (!s.madeByWithPodIdentity) throw new Error(`No EKS Pod Identity entry for upgrades from ${from.method}: add madeByWithPodIdentity to its row in lib/generate/upgrade/source-accounts.ts`);
  return { ...s, madeBy: s.madeByWithPodIdentity };
}

/** The accounts the 2.9 and 3.x releases run as: the source's, for Kubecost and the agent. With
 * access keys the 2.x pods ran as the charts' default accounts and the keys live in the Secret. */
export function keptAccounts(from: FederationPlan): Accounts {
  const { name } = sourceAccount(from);
  return { kubecost: name, agent: name, kubecostOnAgents: true };
}
