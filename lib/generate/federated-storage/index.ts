import { clustersInInstallOrder } from "@/lib/plan/install-order";
import { INPUT_FOLDER_HINT, requireInputFile } from "../common/inputs";
import { PRODUCT_KEY_FILE, PRODUCT_KEY_WHAT } from "./constants";
import type { FederationPlan } from "@/lib/plan/schema";
import { kubecostLine } from "@/lib/plan/kubecost-lines";
import type { GeneratedCommand, GeneratedPlan, Step } from "../types";
import { helmRepoCommands } from "../common/helm";
import { clustersPrimaryFirst, kubectlContext, primaryCluster } from "../common/naming";
import { clusterAccessCommand } from "../common/kubectl";
import { callerAccountCommands } from "../common/account";
import { emitsBucketPolicy, requireStorage } from "../common/storage";
import { monitorNote } from "../common/status-link";
import { withMirrorStep } from "../common/images";
import { oidcProviderCommand } from "../etl/irsa";
import { releasesOf } from "./constants";
import { bucketStep, installStep, podIdentityAssociationsStep, secretsStep, serviceAccountStep } from "./steps";
import { podIdentityAddonCommands, podIdentityPrerequisiteNote, usesPodIdentity } from "../common/pod-identity";

// Federated storage (Kubecost 3.x, and 2.9 as the bridge to it): each cluster's FinOps agent
// writes to one bucket; the primary's aggregator reads it. Order: tools, bucket + IAM, service
// accounts, the federated-store Secret on every cluster, agents first, the primary last
// (https://github.com/kubecost/kubecost/blob/v3.2.1/examples/README.md), verify.

const usesEksctl = (plan: FederationPlan) => plan.auth.mode === "irsa" && !plan.auth.roleArn;

function prerequisitesStep(plan: FederationPlan): Step {
  // The admin's own input, checked before anything changes (the primary's Secret step checks again).
  const commands: GeneratedCommand[] = [requireInputFile(PRODUCT_KEY_FILE, PRODUCT_KEY_WHAT), ...helmRepoCommands(plan), ...callerAccountCommands(plan, emitsBucketPolicy(plan))];
  for (const c of clustersPrimaryFirst(plan)) {
    commands.push(clusterAccessCommand(plan, c));
    if (usesEksctl(plan)) commands.push(oidcProviderCommand(plan, c));
    if (usesPodIdentity(plan)) commands.push(...podIdentityAddonCommands(plan, c));
  }
  const line = kubecostLine(plan.kubecost.chartLine);
  return {
    id: "prerequisites",
    title: "Tools and cluster access",
    why: `Needs aws, kubectl and helm 3.x or 4.x${usesEksctl(plan) ? ", eksctl and IAM permissions to create roles" : ""}, plus the Kubecost Enterprise key for the primary in ${PRODUCT_KEY_FILE} ${INPUT_FOLDER_HINT}: the first command checks it.`,
    phase: "prerequisites",
    files: [],
    commands,
    note: [`Chart ${line.chart} from ${plan.kubecost.chartRepo} (${line.label}). ${line.status}`, podIdentityPrerequisiteNote(plan)].filter(Boolean).join(" "),
  };
}

function verifyStep(plan: FederationPlan): Step {
  const s = requireStorage(plan);
  const root = `s3://${s.bucket}/${s.prefix ? `${s.prefix}/` : ""}`;
  const ls = (path: string, comment: string): GeneratedCommand => {
    const argv = ["aws", "s3", "ls", `${root}${path}`, "--region", s.region];
    if (s.endpoint) argv.push("--endpoint-url", `https://${s.endpoint}`);
    return { argv, comment };
  };
  const primary = primaryCluster(plan);
  return {
    id: "verify",
    title: "Check that every agent writes",
    why: "Each FinOps agent writes heartbeats every 5 minutes and its cost data every 10 minutes; the aggregator ingests what it finds.",
    phase: "verify",
    files: [],
    commands: [
      {
        argv: ["kubectl", "rollout", "status", `statefulset/${plan.kubecost.releaseName}-aggregator`, "--namespace", plan.kubecost.namespace, ...kubectlContext(primary), "--timeout", "10m"],
        comment: `The aggregator on ${primary.id} is running`,
      },
      ls("finops-agent/", `Expect one folder per cluster id: ${plan.clusters.map((c) => `${c.id}/`).join(" ")} (heartbeat/ inside, newest within 10 minutes)`),
      ls("federated/", "The agents also write the 2.x layout federated/<cluster_id>/ that 2.x primaries read"),
    ],
    note: `A cluster without a folder cannot write: its agent's log names the cause (kubectl logs deployment/<release>-finopsagent). ${monitorNote(plan)}`,
  };
}

export function generateFederatedStorage(plan: FederationPlan): GeneratedPlan {
  const clusters = clustersPrimaryFirst(plan);
  const installOrder = clustersInInstallOrder(plan);
  return {
    method: plan.method,
    title: `Federated storage for ${plan.clusters.length} cluster${plan.clusters.length === 1 ? "" : "s"} (Kubecost ${plan.kubecost.chartVersion})`,
    steps: withMirrorStep(plan, [
      prerequisitesStep(plan),
      bucketStep(plan),
      ...(usesEksctl(plan) ? clusters.map((c) => serviceAccountStep(plan, c)) : []),
      ...(usesPodIdentity(plan) ? clusters.map((c) => podIdentityAssociationsStep(plan, c)) : []),
      ...clusters.map((c) => secretsStep(plan, c)),
      ...installOrder.flatMap((c) => releasesOf(plan, c).map((r) => installStep(plan, c, r))),
      verifyStep(plan),
    ]),
  };
}
