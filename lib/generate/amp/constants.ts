import { partitionOf } from "@/lib/plan/aws";
import type { FederationPlan } from "@/lib/plan/schema";
import type { ShellWord } from "../shell";

// AMP names and endpoints (https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-onboard-query-APIs.html).

/** The seed's IRSA service accounts: the cost-analyzer pod (its sigv4 proxy queries AMP) and the
 * bundled Prometheus server (remote-writes to AMP). */
export const AMP_COST_ANALYZER_SA = "kubecost-cost-analyzer-amp";
export const AMP_PROMETHEUS_SERVER_SA = "kubecost-prometheus-server-amp";
export const AMP_MANAGED_POLICIES = ["AmazonPrometheusQueryAccess", "AmazonPrometheusRemoteWriteAccess"] as const;

/** The sigv4 proxy container in the cost-analyzer pod listens here (chart default sigV4Proxy.port). */
export const SIGV4_PROXY_PORT = 8005;
export const CONFIG_VALUES_FILE = "config-values.yaml";

export type Amp = NonNullable<FederationPlan["amp"]>;

export function requireAmp(plan: FederationPlan): Amp {
  if (!plan.amp) throw new Error("validated AMP plans have an amp section");
  return plan.amp;
}

const dnsSuffix = (region: string) => (partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com");
export const apsWorkspacesHost = (region: string) => `aps-workspaces.${region}.${dnsSuffix(region)}`;

/** A word containing the workspace id: literal for an existing workspace; ${AMP_WORKSPACE_ID}
 * (captured by the workspace step) when the workspace is created by these steps. */
export function withWorkspaceId(amp: Amp, before: string, after = ""): ShellWord {
  return amp.workspace.mode === "existing" ? `${before}${amp.workspace.workspaceId}${after}` : { template: `${before}\${AMP_WORKSPACE_ID}${after}` };
}

export const queryEndpoint = (amp: Amp) => withWorkspaceId(amp, `http://localhost:${SIGV4_PROXY_PORT}/workspaces/`);
export const remoteWriteEndpoint = (amp: Amp) => withWorkspaceId(amp, `https://${apsWorkspacesHost(amp.region)}/workspaces/`, "/api/v1/remote_write");
export const workspaceIdWord = (amp: Amp) => withWorkspaceId(amp, "");
