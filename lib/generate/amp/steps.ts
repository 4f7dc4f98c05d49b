import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ShellWord } from "../shell";
import type { GeneratedCommand, Step } from "../types";
import { toYaml } from "../yaml";
import { primaryCluster } from "../common/naming";
import { omittedClustersNote, statusLinkPath } from "../common/status-link";
import { attachRolePolicyCommands, awsManagedPolicyArn, eksClusterName, eksctlServiceAccount, existingServiceAccountNote } from "../etl/irsa";
import { aggregatorRolloutCommand, bucketPolicyArn, costAnalyzerFullname, federatedFolderListCommand } from "../etl/store";
import { ampConfigValues } from "./values";
import { KUBECOST_RECORDING_RULES, RECORDING_RULES_FILE, RULE_GROUPS_NAMESPACE } from "./recording-rules";
import {
  AMP_COST_ANALYZER_SA, AMP_MANAGED_POLICIES, AMP_PROMETHEUS_SERVER_SA, CONFIG_VALUES_FILE, SIGV4_PROXY_PORT, apsWorkspacesHost, requireAmp, withWorkspaceId, workspaceIdWord,
} from "./constants";

/** JMESPath raw string literal: only ' and \ need escaping. */
const jmesRaw = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

export function workspaceStep(plan: FederationPlan): Step {
  const amp = requireAmp(plan);
  const commands: GeneratedCommand[] = [];
  if (amp.workspace.mode === "create") {
    const alias = amp.workspace.alias;
    // Aliases are not unique and --alias is a prefix filter (https://docs.aws.amazon.com/prometheus/latest/APIReference/API_ListWorkspaces.html): reuse the live
    // workspace with exactly this alias, and create one only when there is none, so re-running
    // this step never makes a second workspace. With no match the CLI prints "None": grep keeps
    // only a workspace id, so "None" or nothing falls through to create-workspace.
    const live = `workspaces[?alias==${jmesRaw(alias)} && status.statusCode!='DELETING' && status.statusCode!='CREATION_FAILED'].workspaceId | [0]`;
    commands.push(
      {
        argv: ["aws", "amp", "list-workspaces", "--alias", alias, "--region", amp.region, "--query", live, "--output", "text"],
        pipeTo: ["grep", "--line-regexp", "--extended-regexp", "ws-[A-Za-z0-9-]+"],
        assignTo: "AMP_WORKSPACE_ID",
        orElse: {
          argv: ["aws", "amp", "create-workspace", "--alias", alias, "--region", amp.region, "--query", "workspaceId", "--output", "text"],
          assignTo: "AMP_WORKSPACE_ID",
        },
        comment: `Reuse the workspace named ${alias}, or create it; later commands use $AMP_WORKSPACE_ID (in a new shell, run this again: it finds the same workspace)`,
      },
      { argv: ["aws", "amp", "wait", "workspace-active", "--workspace-id", workspaceIdWord(amp), "--region", amp.region] },
    );
  } else {
    commands.push({
      argv: ["aws", "amp", "describe-workspace", "--workspace-id", amp.workspace.workspaceId, "--region", amp.region, "--query", "workspace.status.statusCode", "--output", "text"],
      comment: "Expect ACTIVE",
    });
  }
  return {
    id: "amp-workspace",
    title: amp.workspace.mode === "create" ? `Create the AMP workspace ${amp.workspace.alias}` : "Check the AMP workspace",
    why: "Every cluster's Prometheus remote-writes to one AMP workspace; Kubecost queries it through a sigv4 proxy in its pod.",
    phase: "bucket-iam",
    files: [
      {
        path: CONFIG_VALUES_FILE,
        content: toYaml(ampConfigValues(plan), "AMP settings shared by every cluster (global.amp.* and sigV4Proxy.*)"),
        language: "yaml",
        description: "helm values: the AMP workspace, sigv4 region and proxy host",
        chartValues: { chart: "cost-analyzer", version: plan.kubecost.chartVersion },
      },
    ],
    commands,
  };
}

export function recordingRulesStep(plan: FederationPlan): Step {
  const amp = requireAmp(plan);
  const target: ShellWord[] = ["--workspace-id", workspaceIdWord(amp), "--name", RULE_GROUPS_NAMESPACE, "--region", amp.region];
  // fileb:// sends the file's bytes as the blob in both AWS CLI v1 and v2 (file:// would be read
  // as base64 by CLI v2).
  const data = ["--data", `fileb://${RECORDING_RULES_FILE}`];
  return {
    id: "amp-recording-rules",
    title: "Add Kubecost's recording rules to the workspace",
    why: "Precomputed CPU, memory and savings series make Kubecost's queries against AMP faster and cheaper.",
    phase: "bucket-iam",
    files: [{ path: RECORDING_RULES_FILE, content: toYaml(KUBECOST_RECORDING_RULES, "Kubecost recording rules for AMP"), language: "yaml", description: "Prometheus recording rules (groups:)" }],
    commands: [
      {
        // Re-runnable: create-rule-groups-namespace fails with ConflictException when the
        // namespace exists, so an existing one gets put-rule-groups-namespace (replace) instead.
        argv: ["aws", "amp", "describe-rule-groups-namespace", ...target],
        quiet: true,
        then: { argv: ["aws", "amp", "put-rule-groups-namespace", ...target, ...data] },
        orElse: { argv: ["aws", "amp", "create-rule-groups-namespace", ...target, ...data] },
        comment: `Replace the rules in ${RULE_GROUPS_NAMESPACE} if it exists, otherwise create it (run again after editing the file)`,
      },
    ],
    note: `The console's status page looks for the rule groups namespace "${RULE_GROUPS_NAMESPACE}".`,
  };
}

/** IAM policies for the AMP service accounts; the federated variant with IRSA adds the bucket policy
 * to the cost-analyzer account (it uploads ETL files, and on the primary the Aggregator reads them). */
function costAnalyzerPolicies(plan: FederationPlan): ShellWord[] {
  const region = requireAmp(plan).region;
  const amp = AMP_MANAGED_POLICIES.map((p) => awsManagedPolicyArn(region, p));
  return plan.method === "amp-federated" && plan.auth.mode === "irsa" ? [...amp, bucketPolicyArn(plan)] : amp;
}

const SERVICE_ACCOUNTS_WHY = "The sigv4 proxy and Prometheus sign their AMP requests with IRSA roles: no keys in the cluster.";

export function serviceAccountsStep(plan: FederationPlan, cluster: Cluster): Step {
  const region = requireAmp(plan).region;
  return {
    id: `service-accounts-${cluster.id.toLowerCase()}`,
    kind: "service-accounts",
    title: `IAM service accounts on ${cluster.id}`,
    why: SERVICE_ACCOUNTS_WHY,
    each: { title: "IAM service accounts on each cluster", why: SERVICE_ACCOUNTS_WHY },
    phase: "bucket-iam",
    clusterId: cluster.id,
    files: [],
    commands: [
      eksctlServiceAccount(plan, cluster, AMP_COST_ANALYZER_SA, costAnalyzerPolicies(plan), `Role for the cost-analyzer (sigv4 proxy) in ${eksClusterName(cluster)}`),
      eksctlServiceAccount(plan, cluster, AMP_PROMETHEUS_SERVER_SA, AMP_MANAGED_POLICIES.map((p) => awsManagedPolicyArn(region, p)), "Role for the Prometheus server (remote write)"),
    ],
    note: existingServiceAccountNote(cluster, plan.kubecost.namespace, [AMP_COST_ANALYZER_SA, AMP_PROMETHEUS_SERVER_SA]),
  };
}

export function existingRoleStep(plan: FederationPlan, roleArn: string): Step {
  return {
    id: "amp-role-policies",
    title: "Give the existing role AMP access",
    why: "Both service accounts on every cluster assume this role to sign AMP requests.",
    phase: "bucket-iam",
    files: [],
    // The federated variant's bucket policy is attached by the bucket step.
    commands: attachRolePolicyCommands(roleArn, AMP_MANAGED_POLICIES.map((p) => awsManagedPolicyArn(requireAmp(plan).region, p))),
    note: `The role's trust policy must allow system:serviceaccount:${plan.kubecost.namespace}:${AMP_COST_ANALYZER_SA} and system:serviceaccount:${plan.kubecost.namespace}:${AMP_PROMETHEUS_SERVER_SA} from each cluster's OIDC provider.`,
  };
}

/** kubecost_cluster_info has one series per cluster (one per cost-model): the cheapest per-cluster check. */
export const CLUSTER_INFO_QUERY = "count by (cluster_id) (kubecost_cluster_info)";

export function verifyStep(plan: FederationPlan): Step {
  const amp = requireAmp(plan);
  const primary = primaryCluster(plan);
  const query = `/api/v1/query?query=${encodeURIComponent(CLUSTER_INFO_QUERY)}`;
  const commands: GeneratedCommand[] = [
    {
      argv: ["aws", "amp", "describe-workspace", "--workspace-id", workspaceIdWord(amp), "--region", amp.region, "--query", "workspace.status.statusCode", "--output", "text"],
      comment: "Expect ACTIVE",
    },
    {
      argv: ["awscurl", "--service", "aps", "--region", amp.region, withWorkspaceId(amp, `https://${apsWorkspacesHost(amp.region)}/workspaces/`, query)],
      comment: `Expect one result per cluster_id: ${plan.clusters.map((c) => c.id).join(", ")} (data arrives within about 15 minutes)`,
    },
  ];
  if (plan.method === "amp-federated") commands.push(aggregatorRolloutCommand(plan, primary), federatedFolderListCommand(plan));
  const wsParam = amp.workspace.mode === "create" ? " plus the ampWorkspaceId parameter set to your workspace id" : "";
  const notes = [
    `Without awscurl: kubectl port-forward --namespace ${plan.kubecost.namespace} deployment/${costAnalyzerFullname(plan)} ${SIGV4_PROXY_PORT}:${SIGV4_PROXY_PORT} on ${primary.id}, then query http://localhost:${SIGV4_PROXY_PORT}/workspaces/<workspace id>${query}.`,
    "A 403 \"Missing Authentication Token\" or NoCredentialProviders from the proxy means the IRSA role or its annotation is wrong.",
  ];
  if (plan.method === "amp-federated") notes.push("If only the primary shows up, check that each agent has its own cluster_id and federatedETL.useMultiClusterDB=true, and that federated/<cluster_id>/ appears in the bucket.");
  notes.push(`Monitor this federation: open the console's status page at ${statusLinkPath(plan)}${wsParam}, after the console's base path (e.g. /console).${omittedClustersNote(plan)}`);
  return {
    id: "verify",
    title: "Check that every cluster reaches AMP",
    why: "Each cluster's metrics carry its cluster_id; the primary sees them all once remote write works.",
    phase: "verify",
    files: [],
    commands,
    note: notes.join(" "),
  };
}
