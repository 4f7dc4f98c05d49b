import type { FederationPlan } from "@/lib/plan/schema";
import { kubeContextOf } from "../common/naming";
import { simpleCommands } from "../shell";
import type { GeneratedCommand } from "../types";

// Which cluster a command in a global step touches, read from its argv alone (the generators are
// not asked): the kube context after --context / --kube-context / --alias, the context named by
// `kubectl config get-contexts`, or the EKS name after eksctl's --cluster. A command naming no
// cluster, or more than one, stays global.

const CONTEXT_FLAGS = new Set(["--context", "--kube-context", "--alias"]);

export function clusterLookup(plan: FederationPlan): (cmd: GeneratedCommand) => string | undefined {
  const byContext = new Map(plan.clusters.map((c) => [kubeContextOf(c), c.id]));
  const byEks = new Map<string, string | null>();
  for (const c of plan.clusters) {
    const name = c.eksClusterName ?? c.id;
    // Two clusters with one EKS name (different regions) cannot be told apart by --cluster.
    byEks.set(name, byEks.has(name) ? null : c.id);
  }
  return (cmd) => {
    const found = new Set<string | null>();
    for (const argv of simpleCommands(cmd)) {
      argv.forEach((w, i) => {
        const next = argv[i + 1];
        if (typeof w !== "string" || typeof next !== "string") return;
        if (CONTEXT_FLAGS.has(w) && byContext.has(next)) found.add(byContext.get(next)!);
        if (argv[0] === "eksctl" && w === "--cluster") found.add(byEks.get(next) ?? null);
        if (argv[0] === "kubectl" && argv[1] === "config" && w === "get-contexts" && byContext.has(next)) found.add(byContext.get(next)!);
      });
    }
    if (found.size !== 1) return undefined;
    const [id] = found;
    return id ?? undefined;
  };
}
