import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { GeneratedCommand, GeneratedFile, Step } from "../types";
import { bucketAndPolicyCommands, bucketPolicyFile, guardPlaceholders, hasKeyPlaceholders, objstoreFile, placeholderNote, requireStorage } from "../common/storage";
import { configMapFromFile, createNamespace, secretFromFiles } from "../common/kubectl";
import { kubectlContext } from "../common/naming";
import { CA_BUNDLE_KEY, CA_FILE_IN_POD, FEDERATED_STORE_FILE, FEDERATED_STORE_KEY, FEDERATED_STORE_LINT_VERSION, FEDERATED_STORE_SECRET } from "./constants";
import { attachRolePolicyCommands, customerPolicyArn } from "./irsa";
import { existingRoleNote, podIdentityRoleCommands, trustPolicyFile, usesPodIdentity } from "../common/pod-identity";

// The federated store every Kubecost 2.x cluster shares: the bucket, its IAM policy, the
// federated-store Secret on each cluster, and the check that federated/<cluster_id>/ appears.

export const bucketPolicyName = (plan: FederationPlan) => `kubecost-federated-store-${requireStorage(plan).bucket}`;

export const bucketPolicyArn = (plan: FederationPlan) => customerPolicyArn(plan, requireStorage(plan).region, bucketPolicyName(plan));

/** federated-store.yaml: the objstore document; with an internal CA its ca_file is the path the
 * ConfigMap is mounted at inside the pods. */
export function federatedStoreFile(plan: FederationPlan): GeneratedFile {
  return objstoreFile(plan, FEDERATED_STORE_FILE, `Federated ETL storage config (the ${FEDERATED_STORE_SECRET} Secret's key ${FEDERATED_STORE_KEY})`, {
    caFile: plan.storage?.internalCa ? CA_FILE_IN_POD : undefined,
    allowPrefix: true,
    thanosVersion: FEDERATED_STORE_LINT_VERSION,
  });
}

export function bucketStep(plan: FederationPlan): Step {
  const commands = bucketAndPolicyCommands(plan, bucketPolicyName(plan), bucketPolicyArn(plan));
  let note: string | undefined;
  if (plan.auth.mode === "irsa" && plan.auth.roleArn) {
    commands.push(...attachRolePolicyCommands(plan.auth.roleArn, [bucketPolicyArn(plan)]));
  } else if (usesPodIdentity(plan)) {
    commands.push(...podIdentityRoleCommands(plan, [bucketPolicyArn(plan)]));
    note = existingRoleNote(plan);
  } else if (plan.auth.mode === "access-keys") {
    note = plan.storage?.endpoint
      ? `Give the owner of the access keys in ${FEDERATED_STORE_FILE} read and write access to the bucket on your storage (the IAM policy applies only to AWS S3).`
      : `The access keys in ${FEDERATED_STORE_FILE} belong to an IAM user: attach this policy to that user (aws iam attach-user-policy).`;
  }
  return {
    id: "bucket-and-policy",
    title: usesPodIdentity(plan) ? "Create the bucket, its IAM policy and the Pod Identity role" : "Create the bucket and its IAM policy",
    why: "Every cluster writes its ETL files to federated/<cluster_id>/ in one bucket; the primary's Aggregator reads them all.",
    phase: "bucket-iam",
    files: usesPodIdentity(plan) ? [bucketPolicyFile(plan), trustPolicyFile()] : [bucketPolicyFile(plan)],
    commands,
    note,
  };
}

/** Secret (and CA ConfigMap) on one cluster. Runs before helm on every cluster: the 2.x chart's
 * install-time lookup fails when the Secret or its key is missing (https://github.com/kubecost/kubecost/issues/4057). */
export function federatedStoreSecretStep(plan: FederationPlan, cluster: Cluster): Step {
  const ca = plan.storage?.internalCa;
  const commands: GeneratedCommand[] = [{ ...createNamespace(plan, cluster), comment: `Namespace on ${cluster.id}` }];
  if (ca) {
    commands.push(configMapFromFile(plan, cluster, ca.configMapName, CA_BUNDLE_KEY, ca.caFile, "Internal CA bundle, mounted into the Kubecost pods"));
  }
  commands.push(
    guardPlaceholders(plan, FEDERATED_STORE_FILE, secretFromFiles(plan, cluster, FEDERATED_STORE_SECRET, [{ key: FEDERATED_STORE_KEY, path: FEDERATED_STORE_FILE }], `The ${FEDERATED_STORE_SECRET} Secret; its key must be ${FEDERATED_STORE_KEY}`)),
    {
      argv: ["kubectl", "describe", "secret", FEDERATED_STORE_SECRET, "--namespace", plan.kubecost.namespace, ...kubectlContext(cluster)],
      comment: `Check: the Data section lists ${FEDERATED_STORE_KEY} with a non-zero size`,
    },
  );
  const notes = [
    `helm fails with "The federated storage config secret '${FEDERATED_STORE_SECRET}' does not exist or does not contain the expected key '${FEDERATED_STORE_KEY}'" when this step is skipped.`,
    "Argo CD cannot run the chart's lookup: there, set global.platforms.cicd.enabled=true and global.platforms.cicd.skipSanityChecks=true and create this Secret before syncing.",
  ];
  if (hasKeyPlaceholders(plan)) notes.unshift(placeholderNote(FEDERATED_STORE_FILE));
  if (ca?.caFile.startsWith("~")) notes.push("Give the CA file as an absolute path: kubectl does not expand '~'.");
  return {
    id: `secrets-${cluster.id.toLowerCase()}`,
    kind: "secrets",
    title: `Federated store Secret on ${cluster.id}`,
    why: `Kubecost on ${cluster.id} reads the bucket settings from the ${FEDERATED_STORE_SECRET} Secret, never from helm values.`,
    each: { title: "Federated store Secret on each cluster", why: `Kubecost on each cluster reads the bucket settings from the ${FEDERATED_STORE_SECRET} Secret, never from helm values.` },
    phase: "secrets",
    clusterId: cluster.id,
    files: [federatedStoreFile(plan)],
    commands,
    note: notes.join(" "),
  };
}

/** `aws s3 ls s3://<bucket>/[<prefix>/]federated/`: one `<cluster_id>/` per uploading cluster. */
export function federatedFolderListCommand(plan: FederationPlan): GeneratedCommand {
  const s = requireStorage(plan);
  const path = `s3://${s.bucket}/${s.prefix ? `${s.prefix}/` : ""}federated/`;
  const argv = ["aws", "s3", "ls", path, "--region", s.region];
  if (s.endpoint) argv.push("--endpoint-url", `https://${s.endpoint}`);
  if (s.internalCa) argv.push("--ca-bundle", s.internalCa.caFile);
  return { argv, comment: `Expect one folder per cluster: ${plan.clusters.map((c) => `${c.id}/`).join(" ")}` };
}

/** The Aggregator StatefulSet on the primary is named <release>-aggregator (chart 2.4.2). */
export function aggregatorRolloutCommand(plan: FederationPlan, primary: Cluster): GeneratedCommand {
  return {
    argv: ["kubectl", "rollout", "status", `statefulset/${plan.kubecost.releaseName}-aggregator`, "--namespace", plan.kubecost.namespace, ...kubectlContext(primary), "--timeout", "10m"],
    comment: `The Aggregator on ${primary.id} is running`,
  };
}

/** The cost-analyzer Deployment's name: the chart's cost-analyzer.fullname (chart 2.4.2). */
export const costAnalyzerFullname = (plan: FederationPlan) =>
  plan.kubecost.releaseName.includes("cost-analyzer") ? plan.kubecost.releaseName : `${plan.kubecost.releaseName}-cost-analyzer`;

export function costAnalyzerRolloutCommand(plan: FederationPlan, cluster: Cluster): GeneratedCommand {
  return {
    argv: ["kubectl", "rollout", "status", `deployment/${costAnalyzerFullname(plan)}`, "--namespace", plan.kubecost.namespace, ...kubectlContext(cluster), "--timeout", "10m"],
    comment: `Wait until Kubecost on ${cluster.id} is ready`,
  };
}
