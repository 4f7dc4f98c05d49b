import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { GeneratedCommand, GeneratedPlan, Step } from "../types";
import { toYaml } from "../yaml";
import { costAnalyzerChart, helmInstallCostAnalyzer, helmRepoCommands } from "../common/helm";
import { clusterDir, clustersPrimaryFirst } from "../common/naming";
import { oidcProviderCommand } from "../etl/irsa";
import { clusterAccessCommand } from "../common/kubectl";
import { bucketStep, costAnalyzerRolloutCommand, federatedStoreSecretStep } from "../etl/store";
import { CONFIG_VALUES_FILE, requireAmp } from "./constants";
import { enterpriseKeyNote } from "../etl/constants";
import { ampClusterValues, ampEndpointSets } from "./values";
import { withMirrorStep } from "../common/images";
import { existingRoleStep, recordingRulesStep, serviceAccountsStep, verifyStep, workspaceStep } from "./steps";

// Amazon Managed Service for Prometheus (seed "AWS Managed Service for Prometheus"): every
// cluster's bundled Prometheus remote-writes to one workspace and Kubecost queries it through its
// sigv4 proxy. The federated variant adds the Federated ETL bucket: agents upload ETL files built
// from their own cluster_id, the primary's Aggregator combines them.

const roleArnOf = (plan: FederationPlan) => (plan.auth.mode === "irsa" ? plan.auth.roleArn : undefined);

function prerequisitesStep(plan: FederationPlan): Step {
  const commands: GeneratedCommand[] = [...helmRepoCommands(plan)];
  for (const c of clustersPrimaryFirst(plan)) {
    commands.push(clusterAccessCommand(plan, c));
    if (!roleArnOf(plan)) commands.push(oidcProviderCommand(plan, c));
  }
  const notes = ["The clusters need the Amazon EBS CSI driver for Kubecost's volumes."];
  if (plan.method === "amp-federated") notes.push(enterpriseKeyNote(plan.kubecost.namespace));
  const unnamed = plan.clusters.filter((c) => !c.eksClusterName).map((c) => c.id);
  if (unnamed.length) notes.push(`No EKS cluster name given for ${unnamed.join(", ")}: the eksctl commands use the cluster id; replace it if the EKS name differs.`);
  if (plan.auth.mode === "access-keys") {
    notes.push(
      plan.method === "amp-federated"
        ? "The access keys are used for the ETL bucket only: AMP requests are always signed with IRSA roles."
        : "AMP requests are signed with IRSA roles; access keys are not used by this setup.",
    );
  }
  return {
    id: "prerequisites",
    title: "Tools and cluster access",
    why: "Needs aws, kubectl, helm (3.x or 4.x), eksctl and awscurl, EKS clusters with an OIDC provider, and IAM permissions to create roles.",
    phase: "prerequisites",
    files: [],
    commands,
    note: notes.join(" "),
  };
}

function installStep(plan: FederationPlan, cluster: Cluster): Step {
  const primary = cluster.role === "primary";
  const path = `${clusterDir(cluster)}/values.yaml`;
  const federated = plan.method === "amp-federated";
  const created = requireAmp(plan).workspace.mode === "create";
  const role = primary ? "primary" : federated ? "agent" : "additional cluster";
  // Said before the commands, not after: the endpoints are built from $AMP_WORKSPACE_ID.
  const agentWhy = federated
    ? "An agent writes to AMP and uploads ETL files built from its own cluster_id; it runs no UI."
    : "This cluster's Prometheus writes its metrics, labelled with its cluster_id, to the shared workspace.";
  const needsId = created ? " Needs $AMP_WORKSPACE_ID from the AMP workspace step in this shell (in a new shell, run that step's first command again)." : "";
  return {
    id: `install-${cluster.id.toLowerCase()}`,
    kind: "install",
    title: primary ? `Install Kubecost on the primary ${cluster.id}` : `Install Kubecost on ${cluster.id}`,
    why: (primary
      ? federated
        ? "The primary writes to AMP, uploads its ETL files and runs the Aggregator that serves every cluster."
        : "The primary writes to AMP and serves the Kubecost UI over every cluster's metrics."
      : agentWhy) + needsId,
    each: { title: "Install Kubecost on each cluster", why: agentWhy + needsId },
    phase: "install",
    clusterId: cluster.id,
    files: [
      {
        path,
        content: toYaml(ampClusterValues(plan, cluster), `Kubecost ${plan.kubecost.chartVersion} values for ${cluster.id} (${role}), AMP`),
        language: "yaml",
        description: `helm values for ${cluster.id}`,
        chartValues: costAnalyzerChart(plan),
      },
    ],
    commands: [
      helmInstallCostAnalyzer(plan, cluster, [CONFIG_VALUES_FILE, path], ampEndpointSets(plan), `Kubecost on ${cluster.id}`),
      costAnalyzerRolloutCommand(plan, cluster),
    ],
  };
}

export function generateAmp(plan: FederationPlan): GeneratedPlan {
  const clusters = clustersPrimaryFirst(plan);
  const federated = plan.method === "amp-federated";
  const roleArn = roleArnOf(plan);
  return {
    method: plan.method,
    title: `${federated ? "AMP with Federated ETL" : "AMP quick start"} for ${plan.clusters.length} cluster${plan.clusters.length === 1 ? "" : "s"} (Kubecost ${plan.kubecost.chartVersion})`,
    steps: withMirrorStep(plan, [
      prerequisitesStep(plan),
      workspaceStep(plan),
      recordingRulesStep(plan),
      ...(federated ? [bucketStep(plan)] : []),
      ...(roleArn ? [existingRoleStep(plan, roleArn)] : clusters.map((c) => serviceAccountsStep(plan, c))),
      ...(federated ? clusters.map((c) => federatedStoreSecretStep(plan, c)) : []),
      ...clusters.map((c) => installStep(plan, c)),
      verifyStep(plan),
    ]),
  };
}
