import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { GeneratedCommand } from "../types";
import { clusterRegion, kubeContextOf, kubectlContext } from "./naming";

/** Create-or-update a generic Secret from files: `kubectl create --dry-run=client -o yaml |
 * kubectl apply --server-side -f -` so re-running a step is safe. Server-side: a client-side
 * apply would store the whole Secret again, keys included, in its last-applied-configuration
 * annotation. --force-conflicts: this step owns the Secret's data, also after a kubectl edit.
 * Secrets are referenced by name in helm values, never inlined (issue 2). */
export function secretFromFiles(
  plan: FederationPlan,
  cluster: Cluster,
  name: string,
  files: { key: string; path: string }[],
  comment?: string,
  namespace = plan.kubecost.namespace,
): GeneratedCommand {
  const ns = namespace;
  return {
    comment,
    clusterId: cluster.id,
    intent: { kind: "kubectl" },
    argv: [
      "kubectl", "create", "secret", "generic", name, "--namespace", ns, ...kubectlContext(cluster),
      ...files.map((f) => `--from-file=${f.key}=${f.path}`),
      "--dry-run=client", "--output", "yaml",
    ],
    pipeTo: ["kubectl", "apply", "--server-side", "--force-conflicts", ...kubectlContext(cluster), "--filename", "-"],
  };
}

export function configMapFromFile(plan: FederationPlan, cluster: Cluster, name: string, key: string, path: string, comment?: string, namespace = plan.kubecost.namespace): GeneratedCommand {
  return {
    comment,
    clusterId: cluster.id,
    intent: { kind: "kubectl" },
    argv: [
      "kubectl", "create", "configmap", name, "--namespace", namespace, ...kubectlContext(cluster),
      `--from-file=${key}=${path}`, "--dry-run=client", "--output", "yaml",
    ],
    pipeTo: ["kubectl", "apply", ...kubectlContext(cluster), "--filename", "-"],
  };
}

/** `namespace` defaults to Kubecost's; Thanos standalone also uses a monitoring namespace. */
export function createNamespace(plan: FederationPlan, cluster: Cluster, namespace = plan.kubecost.namespace): GeneratedCommand {
  return {
    clusterId: cluster.id,
    intent: { kind: "kubectl" },
    argv: ["kubectl", "create", "namespace", namespace, ...kubectlContext(cluster), "--dry-run=client", "--output", "yaml"],
    pipeTo: ["kubectl", "apply", ...kubectlContext(cluster), "--filename", "-"],
  };
}

/** Kube access for one cluster, creating the context every later command names
 * (`--alias`): EKS clusters through update-kubeconfig; others must already have it. */
export function clusterAccessCommand(plan: FederationPlan, c: Cluster): GeneratedCommand {
  if (c.eksClusterName) {
    return {
      clusterId: c.id,
      intent: { kind: "cluster-access" },
      argv: ["aws", "eks", "update-kubeconfig", "--name", c.eksClusterName, "--region", clusterRegion(plan, c), "--alias", kubeContextOf(c)],
      comment: `kubectl and helm access to ${c.id} (context ${kubeContextOf(c)})`,
    };
  }
  return {
    clusterId: c.id,
    intent: { kind: "cluster-access" },
    argv: ["kubectl", "config", "get-contexts", kubeContextOf(c)],
    comment: `Every command for ${c.id} targets the kube context ${kubeContextOf(c)}: it must exist (kubectl config rename-context <yours> ${kubeContextOf(c)}, or set kubeContext in the plan)`,
  };
}
