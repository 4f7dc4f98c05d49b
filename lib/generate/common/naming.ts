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

/** kubectl/helm context flags for a cluster, when the plan names one. */
export const kubectlContext = (c: Cluster): string[] => (c.kubeContext ? ["--context", c.kubeContext] : []);
export const helmContext = (c: Cluster): string[] => (c.kubeContext ? ["--kube-context", c.kubeContext] : []);
