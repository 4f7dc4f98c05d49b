import type { FederationPlan } from "@/lib/plan/schema";
import { sourcesOf } from "@/lib/plan/methods";
import type { ProbeTargets } from "./iam-policy";

// A FederationPlan -> what the console needs to watch it: the status config (the FC_CONFIG shape,
// lib/status/config.ts) and the chart's values (deploy/helm/federation-console/values.yaml).
// Pure, so the wizard, the CLI and the tests agree.

export interface ConsoleStatusConfig {
  s3Endpoint?: string;
  etl?: { bucket: string; region: string; prefix: string };
  thanos?: { bucket: string; region: string; prefix: string };
  /** Kubecost 2.9 / 3.x FinOps agents' heartbeats and diagnostics (finops-agent/<cluster_id>/). */
  agent?: { bucket: string; region: string; prefix: string };
  amp?: { region: string; workspaceId?: string; alias?: string };
  expectedClusters: string[];
}

export function statusConfigForPlan(plan: FederationPlan): ConsoleStatusConfig {
  const config: ConsoleStatusConfig = { expectedClusters: plan.clusters.map((c) => c.id) };
  const s = plan.storage;
  // The sources watching the method come from its registry entry (lib/plan/methods.ts): the
  // FinOps agent writes both finops-agent/<id>/ and the 2.x layout federated/<id>/ to one bucket.
  const sources = sourcesOf(plan.method);
  if (s) {
    const bucket = { bucket: s.bucket, region: s.region, prefix: s.prefix ? `${s.prefix}/` : "" };
    for (const source of sources) if (source !== "amp") config[source] = bucket;
    if (s.endpoint) config.s3Endpoint = `https://${s.endpoint}`;
  }
  if (plan.amp && sources.includes("amp")) {
    const ws = plan.amp.workspace;
    config.amp = { region: plan.amp.region, ...(ws.mode === "existing" ? { workspaceId: ws.workspaceId } : { alias: ws.alias }) };
  }
  return config;
}

export function probeTargetsForPlan(plan: FederationPlan): ProbeTargets {
  const config = statusConfigForPlan(plan);
  const enc = plan.storage?.encryption;
  const kmsKeyArn = enc?.type === "SSE-KMS" && enc.kmsKeyId.startsWith("arn:") ? enc.kmsKeyId : undefined;
  return {
    etl: config.etl && { ...config.etl, kmsKeyArn },
    thanos: config.thanos && { ...config.thanos, kmsKeyArn },
    amp: config.amp && { region: config.amp.region, workspaceId: config.amp.workspaceId, accountId: plan.awsAccountId },
  };
}

/** The release the watch step installs; the chart names its service account after it. */
export const CONSOLE_RELEASE = "federation-console";
export const CONSOLE_SERVICE_ACCOUNT = CONSOLE_RELEASE;

/** Values for deploy/helm/federation-console. The role is the plan's IRSA role when it names one;
 * with EKS Pod Identity the watch step associates the chart's service account (named here) with a
 * read-only role, and the account carries no role annotation; otherwise the admin fills
 * serviceAccount.roleArn (a role with the probe policy). The login's
 * password is the `password` key of a Secret the watch step creates once (lib/generate/watch-step.ts):
 * the chart never generates one, so GitOps renders stay the same (docs/security.md). */
export function consoleChartValues(plan: FederationPlan): Record<string, unknown> {
  const roleArn = plan.auth.mode === "irsa" ? plan.auth.roleArn : undefined;
  return {
    serviceAccount: plan.auth.mode === "pod-identity" ? { roleArn: "", name: CONSOLE_SERVICE_ACCOUNT } : { roleArn: roleArn ?? "" },
    config: statusConfigForPlan(plan),
    auth: { mode: "basic", username: "admin", existingSecret: "federation-console-auth", existingSecretPasswordKey: "password" },
  };
}
