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

/** Where a cluster's region came from: its own `region`, or the plan's declared default (the
 * bucket's region, else the AMP workspace's). Never a hidden constant (issue 20: clusters pasted
 * from `aws eks list-clusters` all got us-east-1 without a word). */
export interface ClusterRegion {
  region: string;
  from: "cluster" | "storage.region" | "amp.region";
}

export function clusterRegionOf(plan: FederationPlan, c: Cluster): ClusterRegion {
  if (c.region) return { region: c.region, from: "cluster" };
  if (plan.storage) return { region: plan.storage.region, from: "storage.region" };
  if (plan.amp) return { region: plan.amp.region, from: "amp.region" };
  throw new Error(`Cluster ${c.id} has no region and the plan declares neither a bucket nor an AMP workspace region: set clusters[].region`);
}

export const clusterRegion = (plan: FederationPlan, c: Cluster) => clusterRegionOf(plan, c).region;

const DEFAULT_FROM = { "storage.region": "the bucket's region (storage.region)", "amp.region": "the AMP workspace's region (amp.region)" } as const;

/** Said wherever the region is used (STEPS.md's first step, the preflight): the EKS clusters whose
 * region the plan does not give, and the region their commands use instead. */
export function defaultedRegionNote(plan: FederationPlan): string | undefined {
  const defaulted = plan.clusters.filter((c) => c.eksClusterName && !c.region);
  if (defaulted.length === 0) return undefined;
  const { region, from } = clusterRegionOf(plan, defaulted[0]);
  const names = defaulted.length <= 5 ? defaulted.map((c) => c.id).join(", ") : `${defaulted.slice(0, 5).map((c) => c.id).join(", ")} and ${defaulted.length - 5} more`;
  return `No region given for ${defaulted.length === 1 ? "EKS cluster" : `${defaulted.length} EKS clusters`} ${names}: ${defaulted.length === 1 ? "its" : "their"} commands use ${region}, ${DEFAULT_FROM[from as keyof typeof DEFAULT_FROM]}. Set region on each cluster that runs elsewhere and generate again; the preflight checks that each EKS cluster answers in the region used.`;
}

/** The kube context every command for this cluster targets: the plan's kubeContext, else the
 * cluster id. Commands always name it: after `aws eks update-kubeconfig` for several clusters the
 * *current* context is the last one, and a command without --context would install one
 * cluster's values into another. A missing context fails loudly instead. */
export const kubeContextOf = (c: Cluster): string => c.kubeContext ?? c.id;
export const kubectlContext = (c: Cluster): string[] => ["--context", kubeContextOf(c)];
export const helmContext = (c: Cluster): string[] => ["--kube-context", kubeContextOf(c)];
