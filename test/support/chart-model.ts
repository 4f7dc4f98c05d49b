import { at } from "./generated-plan";

// What the kubecost 3.2.1 and cost-analyzer 2.9.7 templates (with their finops-agent v1.0.20
// subchart) make of the values we emit, written by hand from `helm template` runs of the
// published charts (https://github.com/kubecost/kubecost/tree/v3.2.1/kubecost,
// https://github.com/kubecost/finops-agent-chart/tree/v1.0.20/charts/finops-agent):
// - the agent Deployment <release>-finopsagent exists iff finopsagent.enabled;
// - its container env CLUSTER_ID is global.clusterId;
// - it mounts the Secret global.federatedStorage.existingSecret at /var/configs/federated-store.yaml
//   with subPath global.federatedStorage.fileName (default federated-store.yaml; 2.9.7 takes the
//   subchart default);
// - its serviceAccountName is finopsagent.serviceAccount.name; the chart creates that account
//   (with finopsagent.serviceAccount.annotations) only when serviceAccount.create is true;
// - the Kubecost pods (aggregator, cloud cost) run as serviceAccount.name, created likewise.

export interface RenderedAgent {
  deployment: string;
  clusterId: string;
  secret: string;
  secretKey: string;
  serviceAccount: string;
  createdServiceAccount?: { name: string; annotations?: Record<string, string> };
}

export function renderedAgent(values: unknown, release: string): RenderedAgent | undefined {
  if (at(values, "finopsagent", "enabled") !== true) return undefined;
  const sa = at(values, "finopsagent", "serviceAccount") as { create?: boolean; name?: string; annotations?: Record<string, string> } | undefined;
  const name = sa?.name ?? `${release}-finopsagent`;
  return {
    deployment: `${release}-finopsagent`,
    clusterId: at(values, "global", "clusterId") as string,
    secret: at(values, "global", "federatedStorage", "existingSecret") as string,
    secretKey: (at(values, "global", "federatedStorage", "fileName") as string | undefined) ?? "federated-store.yaml",
    serviceAccount: name,
    createdServiceAccount: sa?.create === false ? undefined : { name, annotations: sa?.annotations },
  };
}
