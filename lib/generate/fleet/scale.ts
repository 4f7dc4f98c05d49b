import type { Cluster, FederationPlan } from "@/lib/plan/schema";

// A plan grown to n clusters (the 150- and 5,000-cluster examples, the bench, the tests): the
// primary stays, agents get ids agent-0001..., regions and EKS naming copied round-robin from the
// plan's own agents so every method's per-cluster shape is kept.

export function fleetOf(plan: FederationPlan, n: number): FederationPlan {
  const primary = plan.clusters.find((c) => c.role === "primary")!;
  const agents = plan.clusters.filter((c) => c.role !== "primary");
  const models = agents.length ? agents : [primary];
  const width = String(n - 1).length;
  const clusters: Cluster[] = [primary];
  for (let i = 1; i < n; i++) {
    const model = models[(i - 1) % models.length];
    const id = `agent-${String(i).padStart(Math.max(4, width), "0")}`;
    clusters.push({
      id,
      role: "agent",
      ...(model.region ? { region: model.region } : {}),
      ...(model.eksClusterName ? { eksClusterName: `eks-${id}` } : {}),
      ...(model.sidecarHost ? { sidecarHost: `thanos-${id}.fleet.example.com` } : {}),
    });
  }
  return { ...plan, clusters };
}
