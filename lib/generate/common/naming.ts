import type { Cluster, FederationPlan } from "@/lib/plan/schema";

/** File-name-safe form of a cluster id (ids are already path-safe; this keeps case stable). */
export const clusterDir = (c: Cluster) => `clusters/${c.id}`;

/** Clusters ordered primary first, then as the admin listed them. */
export function clustersPrimaryFirst(plan: FederationPlan): Cluster[] {
  return [...plan.clusters].sort((a, b) => Number(b.role === "primary") - Number(a.role === "primary"));
}

export function primaryCluster(plan: FederationPlan): Cluster {
  const p = plan.clusters.find((c) => c.role === "primary");
  if (!p) throw new Error("validated plans have exactly one primary");
  return p;
}

export const clusterRegion = (plan: FederationPlan, c: Cluster) => c.region ?? plan.storage?.region ?? plan.amp?.region ?? "us-east-1";

/** The kube context every command for this cluster targets: the plan's kubeContext, else the
 * cluster id. Commands always name it: after `aws eks update-kubeconfig` for several clusters the
 * *current* context is the last one, and a command without --context would install one
 * cluster's values into another. A missing context fails loudly instead. */
export const kubeContextOf = (c: Cluster): string => c.kubeContext ?? c.id;
export const kubectlContext = (c: Cluster): string[] => ["--context", kubeContextOf(c)];
export const helmContext = (c: Cluster): string[] => ["--kube-context", kubeContextOf(c)];
