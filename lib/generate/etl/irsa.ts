import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { partitionOf } from "@/lib/plan/aws";
import type { ShellWord } from "../shell";
import type { GeneratedCommand } from "../types";
import { clusterRegion } from "../common/naming";
import type { Values } from "./values";

export { callerAccountCommand, customerPolicyArn } from "../common/account";

// IRSA pieces shared by Federated ETL and AMP: eksctl-created service accounts, or an existing
// role annotated on chart-created service accounts (https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html).

/** eksctl needs the EKS cluster name; without one the cluster id is the best guess (the step
 * note says so). */
export const eksClusterName = (c: Cluster) => c.eksClusterName ?? c.id;

export const roleNameOf = (roleArn: string) => roleArn.slice(roleArn.lastIndexOf("/") + 1);

export const awsManagedPolicyArn = (region: string, name: string) => `arn:${partitionOf(region)}:iam::aws:policy/${name}`;

/** IRSA needs the cluster's OIDC provider registered in IAM (safe to re-run). */
export function oidcProviderCommand(plan: FederationPlan, c: Cluster): GeneratedCommand {
  return {
    clusterId: c.id,
    intent: { kind: "eksctl" },
    argv: ["eksctl", "utils", "associate-iam-oidc-provider", "--cluster", eksClusterName(c), "--region", clusterRegion(plan, c), "--approve"],
    comment: `IRSA needs the OIDC provider of ${c.id} registered in IAM`,
  };
}

/** eksctl creates the IAM role, its trust policy for this service account and the annotated
 * service account itself. */
export function eksctlServiceAccount(plan: FederationPlan, c: Cluster, name: string, policyArns: ShellWord[], comment?: string): GeneratedCommand {
  return {
    comment,
    clusterId: c.id,
    intent: { kind: "eksctl" },
    argv: [
      "eksctl", "create", "iamserviceaccount",
      "--name", name,
      "--namespace", plan.kubecost.namespace,
      "--cluster", eksClusterName(c),
      "--region", clusterRegion(plan, c),
      ...policyArns.flatMap((arn): ShellWord[] => ["--attach-policy-arn", arn]),
      "--override-existing-serviceaccounts",
      "--approve",
    ],
  };
}

/** eksctl create iamserviceaccount skips a service account that already exists (its role keeps
 * the policies it had), so re-running with a new policy changes nothing: say how to add one. */
export function existingServiceAccountNote(c: Cluster, namespace: string, names: string[]): string {
  const accounts = names.map((n) => `${namespace}/${n}`).join(" and ");
  return `eksctl skips a service account that already exists, so a policy added to these commands later never reaches its role: for ${accounts} on ${c.id}, run eksctl update iamserviceaccount --cluster ${eksClusterName(c)} --namespace ${namespace} --name <account> with the full --attach-policy-arn list and --approve, or aws iam attach-role-policy on the role named in the account's eks.amazonaws.com/role-arn annotation.`;
}

export function attachRolePolicyCommands(roleArn: string, policyArns: ShellWord[]): GeneratedCommand[] {
  return policyArns.map((arn, i) => ({
    argv: ["aws", "iam", "attach-role-policy", "--role-name", roleNameOf(roleArn), "--policy-arn", arn],
    comment: i === 0 ? `Attach the policies to the existing role ${roleNameOf(roleArn)}` : undefined,
  }));
}

/** helm values naming the service accounts. With an existing role the chart creates them with the
 * role annotation; with eksctl they already exist, so the chart must not create them. */
export function serviceAccountValues(names: { costAnalyzer: string; prometheusServer?: string }, roleArn?: string): Values {
  const sa = (name: string) => (roleArn ? { create: true, name, annotations: { "eks.amazonaws.com/role-arn": roleArn } } : { create: false, name });
  const values: Values = { serviceAccount: sa(names.costAnalyzer) };
  if (names.prometheusServer) values.prometheus = { serviceAccounts: { server: sa(names.prometheusServer) } };
  return values;
}
