import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { GeneratedCommand } from "../types";
import { kubectlContext } from "./naming";

/** Create-or-update a generic Secret from files: `kubectl create --dry-run=client -o yaml |
 * kubectl apply -f -` so re-running a step is safe. Secrets are referenced by name in helm
 * values, never inlined (issue 2). */
export function secretFromFiles(plan: FederationPlan, cluster: Cluster, name: string, files: { key: string; path: string }[], comment?: string): GeneratedCommand {
  const ns = plan.kubecost.namespace;
  return {
    comment,
    argv: [
      "kubectl", "create", "secret", "generic", name, "--namespace", ns, ...kubectlContext(cluster),
      ...files.map((f) => `--from-file=${f.key}=${f.path}`),
      "--dry-run=client", "--output", "yaml",
    ],
    pipeTo: ["kubectl", "apply", ...kubectlContext(cluster), "--filename", "-"],
  };
}

export function configMapFromFile(plan: FederationPlan, cluster: Cluster, name: string, key: string, path: string, comment?: string): GeneratedCommand {
  return {
    comment,
    argv: [
      "kubectl", "create", "configmap", name, "--namespace", plan.kubecost.namespace, ...kubectlContext(cluster),
      `--from-file=${key}=${path}`, "--dry-run=client", "--output", "yaml",
    ],
    pipeTo: ["kubectl", "apply", ...kubectlContext(cluster), "--filename", "-"],
  };
}

export function createNamespace(plan: FederationPlan, cluster: Cluster): GeneratedCommand {
  return {
    argv: ["kubectl", "create", "namespace", plan.kubecost.namespace, ...kubectlContext(cluster), "--dry-run=client", "--output", "yaml"],
    pipeTo: ["kubectl", "apply", ...kubectlContext(cluster), "--filename", "-"],
  };
}
