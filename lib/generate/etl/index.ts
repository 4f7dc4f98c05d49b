import { aggregatorSizingComment } from "../common/aggregator-sizing";
import { installOrderNote } from "@/lib/plan/install-order";
import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { GeneratedCommand, GeneratedPlan, Step } from "../types";
import { toYaml } from "../yaml";
import { helmInstallCostAnalyzer, helmRepoCommands, costAnalyzerChart } from "../common/helm";
import { clusterDir, clustersPrimaryFirst, primaryCluster } from "../common/naming";
import { monitorNote } from "../common/status-link";
import { clusterAccessCommand } from "../common/kubectl";
import { callerAccountCommands } from "../common/account";
import { emitsBucketPolicy } from "../common/storage";
import { ETL_SERVICE_ACCOUNT, enterpriseKeyNote } from "./constants";
import {
  eksClusterName, eksctlServiceAccount, existingServiceAccountNote, oidcProviderCommand, serviceAccountValues,
} from "./irsa";
import { aggregatorRolloutCommand, bucketPolicyArn, costAnalyzerRolloutCommand, bucketStep, federatedFolderListCommand, federatedStoreSecretStep } from "./store";
import { clusterIdentityValues, federatedEtlValues, mergeValues, type Values } from "./values";
import { withImages, withMirrorStep } from "../common/images";
import { podIdentityAccount, podIdentityAddonCommands, podIdentityPrerequisiteNote, podIdentityStep, usesPodIdentity } from "../common/pod-identity";

// Federated ETL (Kubecost 2.x): every cluster uploads its ETL files to federated/<cluster_id>/ in
// one bucket; the primary's Aggregator reads them all. Order: tools, bucket + IAM, service
// accounts, the federated-store Secret on every cluster, helm (primary first), verify.

/** eksctl creates one IRSA service account per cluster unless the plan names an existing role. */
const usesEksctl = (plan: FederationPlan) => plan.auth.mode === "irsa" && !plan.auth.roleArn;

export function federatedEtlClusterValues(plan: FederationPlan, cluster: Cluster): Values {
  const parts: Values[] = [clusterIdentityValues(cluster), federatedEtlValues(plan, cluster)];
  if (plan.auth.mode === "irsa") parts.push(serviceAccountValues({ costAnalyzer: ETL_SERVICE_ACCOUNT }, plan.auth.roleArn));
  // The same account under EKS Pod Identity, made by the chart with no annotation: an upgrade
  // keeps it, and with it its association (lib/generate/upgrade/source-accounts.ts).
  if (plan.auth.mode === "pod-identity") parts.push({ serviceAccount: podIdentityAccount(ETL_SERVICE_ACCOUNT) });
  return withImages(plan, costAnalyzerChart(plan), mergeValues(...parts));
}

function prerequisitesStep(plan: FederationPlan): Step {
  const commands: GeneratedCommand[] = [...helmRepoCommands(plan)];
  // The bucket policy's ARN (get-policy, eksctl, attach-role-policy) needs the account id.
  commands.push(...callerAccountCommands(plan, emitsBucketPolicy(plan)));
  for (const c of clustersPrimaryFirst(plan)) {
    commands.push(clusterAccessCommand(plan, c));
    if (usesEksctl(plan)) commands.push(oidcProviderCommand(plan, c));
    if (usesPodIdentity(plan)) commands.push(...podIdentityAddonCommands(plan, c));
  }
  const unnamed = plan.clusters.filter((c) => !c.eksClusterName).map((c) => c.id);
  return {
    id: "prerequisites",
    title: "Tools and cluster access",
    why: "Needs aws, kubectl and helm (3.x or 4.x)" + (usesEksctl(plan) ? ", eksctl and IAM permissions to create roles" : "") + ", plus a Kubecost Enterprise key (see the note).",
    phase: "prerequisites",
    files: [],
    commands,
    note: [
      enterpriseKeyNote(plan.kubecost.namespace),
      usesEksctl(plan) && unnamed.length ? `No EKS cluster name given for ${unnamed.join(", ")}: the eksctl commands use the cluster id; replace it if the EKS name differs.` : undefined,
      podIdentityPrerequisiteNote(plan),
    ]
      .filter(Boolean)
      .join(" "),
  };
}

function serviceAccountStep(plan: FederationPlan, cluster: Cluster): Step {
  return {
    id: `service-account-${cluster.id.toLowerCase()}`,
    kind: "service-account",
    title: `IAM service account on ${cluster.id}`,
    why: `Kubecost on ${cluster.id} reaches the bucket through IRSA: no keys in the cluster.`,
    each: { title: "IAM service account on each cluster", why: "Kubecost on each cluster reaches the bucket through IRSA: no keys in the cluster." },
    phase: "bucket-iam",
    clusterId: cluster.id,
    files: [],
    commands: [
      eksctlServiceAccount(plan, cluster, ETL_SERVICE_ACCOUNT, [bucketPolicyArn(plan)], `Role for ${ETL_SERVICE_ACCOUNT} in ${eksClusterName(cluster)}, with the bucket policy`),
    ],
    note: existingServiceAccountNote(cluster, plan.kubecost.namespace, [ETL_SERVICE_ACCOUNT]),
  };
}

const AGENT_WHY = "An agent uploads its ETL files and runs no Aggregator or UI of its own.";

function installStep(plan: FederationPlan, cluster: Cluster): Step {
  const primary = cluster.role === "primary";
  const path = `${clusterDir(cluster)}/values.yaml`;
  const values = federatedEtlClusterValues(plan, cluster);
  const roleNote =
    plan.auth.mode === "irsa" && plan.auth.roleArn
      ? ` The role's trust policy must allow system:serviceaccount:${plan.kubecost.namespace}:${ETL_SERVICE_ACCOUNT} from this cluster's OIDC provider.`
      : "";
  return {
    id: `install-${cluster.id.toLowerCase()}`,
    kind: "install",
    title: primary ? `Install Kubecost on the primary ${cluster.id}` : `Install Kubecost on ${cluster.id}`,
    why: primary ? "The primary uploads its own data and runs the Aggregator StatefulSet that serves the combined view." : AGENT_WHY,
    each: { title: "Install Kubecost on each cluster", why: AGENT_WHY },
    phase: "install",
    clusterId: cluster.id,
    files: [
      {
        path,
        content: toYaml(values, `Kubecost ${plan.kubecost.chartVersion} values for ${cluster.id} (${primary ? "primary" : "agent"}), Federated ETL${primary ? `\n${aggregatorSizingComment(plan)}` : ""}`),
        language: "yaml",
        description: `helm values for ${cluster.id}`,
        chartValues: costAnalyzerChart(plan),
      },
    ],
    commands: [helmInstallCostAnalyzer(plan, cluster, [path], [], `Kubecost on ${cluster.id}`), costAnalyzerRolloutCommand(plan, cluster)],
    note: (primary ? installOrderNote(plan.method) : "") + roleNote || undefined,
  };
}

function verifyStep(plan: FederationPlan): Step {
  return {
    id: "verify",
    title: "Check that every cluster uploads",
    why: "Each cluster writes federated/<cluster_id>/ after its first ETL build (about an hour); the Aggregator ingests every 10 minutes.",
    phase: "verify",
    files: [],
    commands: [aggregatorRolloutCommand(plan, primaryCluster(plan)), federatedFolderListCommand(plan)],
    note: `A missing folder means that cluster cannot write: check its federated-store Secret and IAM access. ${monitorNote(plan)}`,
  };
}

export function generateFederatedEtl(plan: FederationPlan): GeneratedPlan {
  const clusters = clustersPrimaryFirst(plan);
  return {
    method: plan.method,
    title: `Federated ETL for ${plan.clusters.length} cluster${plan.clusters.length === 1 ? "" : "s"} (Kubecost ${plan.kubecost.chartVersion})`,
    steps: withMirrorStep(plan, [
      prerequisitesStep(plan),
      bucketStep(plan),
      ...(usesEksctl(plan) ? clusters.map((c) => serviceAccountStep(plan, c)) : []),
      ...(usesPodIdentity(plan) ? clusters.map((c) => podIdentityStep(plan, c, [{ name: ETL_SERVICE_ACCOUNT, namespace: plan.kubecost.namespace }], { subject: "Kubecost's pods", plural: true })) : []),
      ...clusters.map((c) => federatedStoreSecretStep(plan, c)),
      ...clusters.map((c) => installStep(plan, c)),
      verifyStep(plan),
    ]),
  };
}
