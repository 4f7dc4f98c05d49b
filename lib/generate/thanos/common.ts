import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ShellWord } from "../shell";
import type { GeneratedCommand, Step } from "../types";
import { clusterRegion, clustersPrimaryFirst } from "../common/naming";
import { clusterAccessCommand } from "../common/kubectl";
import { bucketAndPolicyCommands, bucketPolicyFile, emitsBucketPolicy, requireStorage } from "../common/storage";
import { callerAccountCommands, customerPolicyArn } from "../common/account";

// Pieces both Thanos generators share: prerequisites, IRSA service accounts, the bucket listing.

/** One service account per cluster carries the IRSA role for every pod that touches the bucket
 * (Prometheus + sidecar, Thanos store/compact/bucket, Kubecost's ETL backup and diagnostics). */
export const IRSA_SERVICE_ACCOUNT = "kubecost-irsa";
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/** eksctl creates the role when the plan names none. */
export const usesEksctl = (plan: FederationPlan) => plan.auth.mode === "irsa" && !plan.auth.roleArn;

/** IAM policy names allow [\w+=,.@-]; bucket names are a subset, so this is always valid. */
export const thanosPolicyName = (plan: FederationPlan) => `kubecost-thanos-${requireStorage(plan).bucket}`;

/** Customer-managed policy ARN; the account comes from the plan, its role ARN, or
 * ${AWS_ACCOUNT_ID} captured in the prerequisites step. */
export const policyArn = (plan: FederationPlan): ShellWord => customerPolicyArn(plan, requireStorage(plan).region, thanosPolicyName(plan));

/** eksctl needs the EKS cluster name; without one the cluster id is the best guess (noted). */
export const eksName = (c: Cluster) => c.eksClusterName ?? c.id;

/** Tools, credentials and one kube context per cluster, before anything changes. */
export function prerequisitesStep(plan: FederationPlan, extraTools: GeneratedCommand[] = []): Step {
  const commands: GeneratedCommand[] = [
    { argv: ["aws", "sts", "get-caller-identity"], comment: "AWS credentials for the account that owns the bucket" },
    { argv: ["kubectl", "version", "--client"] },
    { argv: ["helm", "version", "--short"] },
    ...extraTools,
  ];
  if (usesEksctl(plan)) commands.push({ argv: ["eksctl", "version"], comment: "eksctl creates the IRSA roles and service accounts" });
  commands.push(...callerAccountCommands(plan, emitsBucketPolicy(plan)));
  for (const c of clustersPrimaryFirst(plan)) commands.push(clusterAccessCommand(plan, c));
  return {
    id: "prerequisites",
    title: "Check tools and cluster access",
    why: "Every later command runs from this machine against the bucket's account and each cluster.",
    phase: "prerequisites",
    files: [],
    commands,
  };
}

/** IRSA with eksctl: OIDC provider + role + annotated service account, per cluster. */
export function eksctlServiceAccountCommands(plan: FederationPlan, c: Cluster, namespace: string): GeneratedCommand[] {
  const region = clusterRegion(plan, c);
  return [
    {
      clusterId: c.id,
      intent: { kind: "eksctl" },
      argv: ["eksctl", "utils", "associate-iam-oidc-provider", "--cluster", eksName(c), "--region", region, "--approve"],
      comment: `IRSA needs the OIDC provider of ${c.id} registered in IAM (safe to re-run)`,
    },
    {
      clusterId: c.id,
      intent: { kind: "eksctl" },
      argv: [
        "eksctl", "create", "iamserviceaccount",
        "--name", IRSA_SERVICE_ACCOUNT, "--namespace", namespace,
        "--cluster", eksName(c), "--region", region,
        "--attach-policy-arn", policyArn(plan),
        "--override-existing-serviceaccounts", "--approve",
      ],
      comment: "Role with the bucket policy, trusted by this cluster's service account",
    },
  ];
}

/** Trust-policy guidance when the plan names an existing role. */
export function roleTrustNote(plan: FederationPlan, namespaces: string[]): string | undefined {
  if (plan.auth.mode !== "irsa" || !plan.auth.roleArn) return undefined;
  const subjects = [...new Set(namespaces)].map((ns) => `system:serviceaccount:${ns}:${IRSA_SERVICE_ACCOUNT}`).join(", ");
  return `The role ${plan.auth.roleArn} must have the bucket policy attached (aws iam attach-role-policy) and trust each cluster's OIDC provider for ${subjects} (sts:AssumeRoleWithWebIdentity).`;
}

/** `aws s3 ls` of the bucket (and prefix): Thanos block folders (ULIDs) appear about 2 h after
 * the sidecars start (https://thanos.io/tip/components/sidecar.md/). */
export function listBlocksCommand(plan: FederationPlan): GeneratedCommand {
  const s = requireStorage(plan);
  const url = `s3://${s.bucket}/${s.prefix ? `${s.prefix}/` : ""}`;
  const argv = ["aws", "s3", "ls", url, "--region", s.region];
  if (s.endpoint) argv.push("--endpoint-url", `https://${s.endpoint}`);
  return { argv, comment: "Block folders (26-character ULIDs) appear about 2 hours after the sidecars start" };
}

/** Helm's usual fullname rule: the release name when it already contains the chart name,
 * otherwise `<release>-<chart>`, cut to 63 characters. */
export function helmFullname(release: string, chart: string, max = 63): string {
  const name = release.includes(chart) ? release : `${release}-${chart}`;
  return name.slice(0, max).replace(/-+$/, "");
}

/** Bucket, public-access block, default encryption and the IAM policy; with an existing IRSA role
 * the policy is attached to it, with access keys the note says where it goes. */
export function thanosBucketStep(plan: FederationPlan, why: string, objstorePath: string, irsaNamespaces: string[]): Step {
  const commands: GeneratedCommand[] = bucketAndPolicyCommands(plan, thanosPolicyName(plan), policyArn(plan));
  if (plan.auth.mode === "irsa" && plan.auth.roleArn) {
    const role = plan.auth.roleArn.slice(plan.auth.roleArn.lastIndexOf("/") + 1);
    commands.push({ argv: ["aws", "iam", "attach-role-policy", "--role-name", role, "--policy-arn", policyArn(plan)], comment: `Attach the bucket policy to the existing role ${role}` });
  }
  return {
    id: "bucket-iam",
    title: "Create the bucket and its IAM policy",
    why,
    phase: "bucket-iam",
    files: [bucketPolicyFile(plan)],
    commands,
    note:
      plan.auth.mode === "access-keys"
        ? plan.storage?.endpoint
          ? `Give the owner of the access keys in ${objstorePath} read and write access to the bucket on your storage (the IAM policy applies only to AWS S3).`
          : `Attach the policy ${thanosPolicyName(plan)} to the IAM user whose access keys go into ${objstorePath}.`
        : roleTrustNote(plan, irsaNamespaces),
  };
}
