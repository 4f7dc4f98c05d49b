import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { partitionOf } from "@/lib/plan/aws";
import { POD_IDENTITY_DOCS } from "@/lib/plan/pod-identity";
import type { ShellWord } from "../shell";
import type { GeneratedCommand, GeneratedFile, Step } from "../types";
import { knownAccountId } from "./account";
import { clusterRegion } from "./naming";
import { requireStorage } from "./storage";

// EKS Pod Identity (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html): the
// eks-pod-identity-agent add-on on each cluster, one IAM role trusting pods.eks.amazonaws.com
// (not tied to a cluster's OIDC provider, so one role serves every cluster), and one association
// per cluster, namespace and service account. The charts create the service accounts without
// any role annotation. Every command is the aws CLI the bundle already needs, and a rerun does
// not fail on what exists.

export const POD_IDENTITY_ADDON = "eks-pod-identity-agent";
export const TRUST_POLICY_FILE = "iam/pod-identity-trust-policy.json";

export const usesPodIdentity = (plan: FederationPlan) => plan.auth.mode === "pod-identity";

/** The EKS cluster name the aws commands take; the cluster id when none is given (the
 * prerequisites note says so). */
const eksName = (c: Cluster) => c.eksClusterName ?? c.id;

/** The role the plan names, or the one these commands create for the bucket (IAM role names are
 * at most 64 characters). */
export function podIdentityRoleName(plan: FederationPlan): string {
  if (plan.auth.mode === "pod-identity" && plan.auth.roleArn) return plan.auth.roleArn.slice(plan.auth.roleArn.lastIndexOf("/") + 1);
  return iamRoleName(`kubecost-${requireStorage(plan).bucket}`);
}

/** A role name from a longer text: IAM role names are at most 64 characters, and a cut that ends
 * on "." or "-" reads as a mistake. */
export const iamRoleName = (text: string) => text.slice(0, 64).replace(/[.-]+$/, "");

export function podIdentityRoleArn(plan: FederationPlan): ShellWord {
  if (plan.auth.mode === "pod-identity" && plan.auth.roleArn) return plan.auth.roleArn;
  return roleArnNamed(plan, podIdentityRoleName(plan));
}

/** The ARN of a role these commands create in the plan's account (AWS_ACCOUNT_ID when the plan
 * does not say which). */
export function roleArnNamed(plan: FederationPlan, name: string): ShellWord {
  const prefix = `arn:${partitionOf(requireStorage(plan).region)}:iam::`;
  const account = knownAccountId(plan);
  return account ? `${prefix}${account}:role/${name}` : { template: `${prefix}\${AWS_ACCOUNT_ID}:role/${name}` };
}

/** The trust policy EKS Pod Identity requires (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html). */
export const podIdentityTrustPolicy = () => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
});

export const trustPolicyFile = (): GeneratedFile => ({
  path: TRUST_POLICY_FILE,
  content: JSON.stringify(podIdentityTrustPolicy(), null, 2) + "\n",
  language: "json",
  description: "IAM trust policy: EKS Pod Identity may hand this role to the associated service accounts",
});

/** A role EKS Pod Identity may hand to pods (the trust policy in TRUST_POLICY_FILE), created
 * unless one of that name exists: a rerun changes nothing. */
export function podIdentityRoleCommand(name: string, description: string, comment: string): GeneratedCommand {
  return {
    argv: ["aws", "iam", "get-role", "--role-name", name],
    quiet: true,
    orElse: { argv: ["aws", "iam", "create-role", "--role-name", name, "--assume-role-policy-document", `file://${TRUST_POLICY_FILE}`, "--description", description] },
    intent: { kind: "aws" },
    comment,
  };
}

/** The role (unless the plan names one) and the bucket policy attached to it. */
export function podIdentityRoleCommands(plan: FederationPlan, policyArns: ShellWord[]): GeneratedCommand[] {
  const name = podIdentityRoleName(plan);
  const commands: GeneratedCommand[] = [];
  if (!(plan.auth.mode === "pod-identity" && plan.auth.roleArn)) {
    commands.push(
      podIdentityRoleCommand(
        name,
        "Kubecost federation: EKS Pod Identity role with the bucket policy",
        `The role EKS Pod Identity hands to Kubecost's pods on every cluster, unless it exists (its trust policy: ${TRUST_POLICY_FILE})`,
      ),
    );
  }
  policyArns.forEach((arn, i) =>
    commands.push({
      argv: ["aws", "iam", "attach-role-policy", "--role-name", name, "--policy-arn", arn],
      intent: { kind: "aws" },
      comment: i === 0 ? `Attach the bucket policy to ${name} (attaching again changes nothing)` : undefined,
    }),
  );
  return commands;
}

/** The note with an existing role: what its trust policy must say. */
export const existingRoleNote = (plan: FederationPlan) =>
  plan.auth.mode === "pod-identity" && plan.auth.roleArn
    ? `The role ${podIdentityRoleName(plan)} must trust pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession, as ${TRUST_POLICY_FILE} shows (aws iam update-assume-role-policy --role-name ${podIdentityRoleName(plan)} --policy-document file://${TRUST_POLICY_FILE}).`
    : undefined;

/** Prerequisite per cluster: the Pod Identity agent add-on, installed unless present, then
 * waited for (a pod started while it is missing gets no credentials). */
export function podIdentityAddonCommands(plan: FederationPlan, c: Cluster): GeneratedCommand[] {
  const where = ["--cluster-name", eksName(c), "--addon-name", POD_IDENTITY_ADDON, "--region", clusterRegion(plan, c)];
  return [
    {
      argv: ["aws", "eks", "describe-addon", ...where],
      quiet: true,
      orElse: { argv: ["aws", "eks", "create-addon", ...where] },
      clusterId: c.id,
      intent: { kind: "aws" },
      comment: `EKS Pod Identity needs the ${POD_IDENTITY_ADDON} add-on running in ${c.id} (installed unless present; EKS Auto Mode has it already)`,
    },
    {
      argv: ["aws", "eks", "wait", "addon-active", ...where],
      clusterId: c.id,
      intent: { kind: "check" },
      comment: `Check: returns once the ${POD_IDENTITY_ADDON} add-on in ${c.id} is ACTIVE`,
    },
  ];
}

const associationFilter = (plan: FederationPlan, c: Cluster, namespace: string, name: string) => [
  "--cluster-name", eksName(c), "--region", clusterRegion(plan, c), "--namespace", namespace, "--service-account", name,
];

/** One association. EKS refuses a second one for the same namespace and service account
 * (ResourceInUseException), so a rerun falls back to checking that one exists: the step fails
 * only when neither the create nor the listing finds an association. */
export function podIdentityAssociationCommand(plan: FederationPlan, c: Cluster, namespace: string, name: string, roleArn: ShellWord = podIdentityRoleArn(plan)): GeneratedCommand {
  const filter = associationFilter(plan, c, namespace, name);
  return {
    argv: ["aws", "eks", "create-pod-identity-association", ...filter, "--role-arn", roleArn],
    orElse: { argv: ["aws", "eks", "list-pod-identity-associations", ...filter, "--query", "length(associations)", "--output", "text"], pipeTo: ["grep", "--quiet", "^[1-9]"] },
    clusterId: c.id,
    intent: { kind: "aws" },
    comment: `Associate ${namespace}/${name} on ${c.id} with the role (on a rerun EKS answers ResourceInUseException and the listing confirms the association)`,
  };
}

export function podIdentityAssociationCheck(plan: FederationPlan, c: Cluster, namespace: string, name: string): GeneratedCommand {
  return {
    argv: ["aws", "eks", "list-pod-identity-associations", ...associationFilter(plan, c, namespace, name), "--query", "associations[].associationArn", "--output", "text"],
    clusterId: c.id,
    intent: { kind: "check" },
    comment: `Check: prints the association of ${namespace}/${name} (empty means the pods there get no credentials)`,
  };
}

/** The per-cluster step: one association per service account whose pods call the bucket. */
export function podIdentityStep(plan: FederationPlan, c: Cluster, accounts: { name: string; namespace: string }[], who: { subject: string; plural: boolean }): Step {
  const names = accounts.map((a) => `${a.namespace}/${a.name}`).join(" and ");
  const get = who.plural ? "get" : "gets";
  return {
    id: `pod-identity-${c.id.toLowerCase()}`,
    kind: "pod-identity",
    title: `EKS Pod Identity associations on ${c.id}`,
    why: `${who.subject} on ${c.id} ${get} the bucket role through EKS Pod Identity: no keys in the cluster and no role annotation.`,
    each: { title: "EKS Pod Identity associations on each cluster", why: `${who.subject} on each cluster ${get} the bucket role through EKS Pod Identity: no keys in the cluster and no role annotation.` },
    phase: "bucket-iam",
    clusterId: c.id,
    files: [],
    commands: [...accounts.map((a) => podIdentityAssociationCommand(plan, c, a.namespace, a.name)), ...accounts.map((a) => podIdentityAssociationCheck(plan, c, a.namespace, a.name))],
    note: `The chart creates ${names} itself, with no eks.amazonaws.com/role-arn annotation: the association alone gives the pods running as ${accounts.length > 1 ? "them" : "it"} the role. A pod reads it only when it starts, so pods started before their association (or before the ${POD_IDENTITY_ADDON} add-on) need a restart (kubectl rollout restart). How it works: ${POD_IDENTITY_DOCS}`,
  };
}

/** helm values for a service account EKS Pod Identity serves: made by the chart, no annotation. */
export const podIdentityAccount = (name: string) => ({ create: true, name });

/** The prerequisites' note: the add-on, and the EKS names the aws eks commands guess. */
export function podIdentityPrerequisiteNote(plan: FederationPlan): string | undefined {
  if (!usesPodIdentity(plan)) return undefined;
  const unnamed = plan.clusters.filter((c) => !c.eksClusterName).map((c) => c.id);
  const guess = unnamed.length ? ` No EKS cluster name given for ${unnamed.join(", ")}: the aws eks commands use the cluster id; replace it if the EKS name differs.` : "";
  return `EKS Pod Identity needs the ${POD_IDENTITY_ADDON} add-on running in every cluster: these commands install it where it is missing and wait until it is active. Check AWS's considerations (node types, regions) before choosing it: ${POD_IDENTITY_DOCS}.${guess}`;
}
