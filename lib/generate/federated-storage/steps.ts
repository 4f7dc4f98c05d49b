import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { kubecostLine } from "@/lib/plan/kubecost-lines";
import type { ChartRef, GeneratedCommand, GeneratedFile, Step } from "../types";
import { toYaml } from "../yaml";
import { withImages } from "../common/images";
import { helmUpgradeInstall, kubecostChartName, kubecostRepo } from "../common/helm";
import { clusterDir, kubectlContext } from "../common/naming";
import { createNamespace, secretFromFiles } from "../common/kubectl";
import { INPUT_FOLDER_HINT, requireInputFile } from "../common/inputs";
import { customerPolicyArn } from "../common/account";
import { bucketAndPolicyCommands, bucketPolicyFile, guardPlaceholders, hasKeyPlaceholders, objstoreFile, placeholderNote, requireStorage } from "../common/storage";
import { attachRolePolicyCommands, eksctlServiceAccount, existingServiceAccountNote } from "../etl/irsa";
import { existingRoleNote, podIdentityRoleCommands, podIdentityStep, trustPolicyFile, usesPodIdentity } from "../common/pod-identity";
import {
  FEDERATED_STORE_FILE, FEDERATED_STORE_KEY, FEDERATED_STORE_LINT_VERSION, FEDERATED_STORE_SECRET,
  PRODUCT_KEY_FILE, PRODUCT_KEY_SECRET, PRODUCT_KEY_WHAT, agentNamespace, freshAccounts, releasesOf, type Accounts, type Release,
} from "./constants";
import { clusterControllerRuns, federatedStorageValues } from "./values";
import { installOrderNote } from "@/lib/plan/install-order";
import { aggregatorSizingComment } from "../common/aggregator-sizing";

export const CLUSTER_CONTROLLER_NOTE = (plan: FederationPlan, release: string) =>
  `The cluster controller is off: it runs Kubecost Actions (request sizing, turndown) and keeps their records in the bucket as its own account ${release}-cluster-controller, which has no IAM role here. A federation does not need it; to use Actions, ${
    usesPodIdentity(plan)
      ? `associate that account with the same role (aws eks create-pod-identity-association --service-account ${release}-cluster-controller) and set clusterController.enabled: true`
      : `make that account with the bucket policy (eksctl create iamserviceaccount --name ${release}-cluster-controller) and set clusterController.enabled: true with clusterController.serviceAccount.create: false`
  }.`;

export const chartRefOf = (plan: FederationPlan): ChartRef => ({ chart: kubecostLine(plan.kubecost.chartLine).chart, version: plan.kubecost.chartVersion });

export const bucketPolicyName = (plan: FederationPlan) => `kubecost-federated-storage-${requireStorage(plan).bucket}`;
export const bucketPolicyArn = (plan: FederationPlan) => customerPolicyArn(plan, requireStorage(plan).region, bucketPolicyName(plan));

/** The service accounts (IRSA or EKS Pod Identity) one cluster needs: the FinOps agent everywhere; the Kubecost pods
 * where they read or write the bucket (the 3.x primary; every 2.9 cluster, whose cost-model still uploads). */
export function serviceAccountsOf(plan: FederationPlan, c: Cluster): { name: string; namespace: string }[] {
  const a = freshAccounts(plan);
  const out = [{ name: a.agent, namespace: agentNamespace(plan) }];
  if (c.role === "primary" || a.kubecostOnAgents) out.unshift({ name: a.kubecost, namespace: plan.kubecost.namespace });
  return out;
}

/** Namespaces on a cluster that need the federated-store Secret. */
const storeNamespaces = (plan: FederationPlan, c: Cluster) => [...new Set(releasesOf(plan, c).map((r) => r.namespace))];

export function bucketStep(plan: FederationPlan): Step {
  const commands = bucketAndPolicyCommands(plan, bucketPolicyName(plan), bucketPolicyArn(plan));
  if (plan.auth.mode === "irsa" && plan.auth.roleArn) commands.push(...attachRolePolicyCommands(plan.auth.roleArn, [bucketPolicyArn(plan)]));
  const podIdentity = usesPodIdentity(plan);
  if (podIdentity) commands.push(...podIdentityRoleCommands(plan, [bucketPolicyArn(plan)]));
  return {
    id: "bucket-and-policy",
    title: podIdentity ? "Create the bucket, its IAM policy and the Pod Identity role" : "Create the bucket and its IAM policy",
    why: "Every cluster's FinOps agent writes to one bucket and deletes its own expired heartbeats and diagnostics (s3:DeleteObject); the primary's aggregator reads it all.",
    phase: "bucket-iam",
    files: podIdentity ? [bucketPolicyFile(plan), trustPolicyFile()] : [bucketPolicyFile(plan)],
    commands,
    note: plan.auth.mode === "access-keys" ? `The access keys in ${FEDERATED_STORE_FILE} belong to an IAM user: attach this policy to that user (aws iam attach-user-policy).` : existingRoleNote(plan),
  };
}

/** EKS Pod Identity: the accounts serviceAccountsOf names, each associated with the bucket role. */
export function podIdentityAssociationsStep(plan: FederationPlan, c: Cluster): Step {
  const accounts = serviceAccountsOf(plan, c);
  const plural = accounts.length > 1;
  return podIdentityStep(plan, c, accounts, { subject: plural ? "The FinOps agent and Kubecost" : "The FinOps agent", plural });
}

/** After eksctl made a service account: its role annotation, the proof that IRSA is wired. */
export function serviceAccountCheck(c: Cluster, namespace: string, name: string): GeneratedCommand {
  return {
    argv: ["kubectl", "get", "serviceaccount", name, "--namespace", namespace, ...kubectlContext(c), "--output", "jsonpath={.metadata.annotations.eks\\.amazonaws\\.com/role-arn}"],
    comment: `Check: prints the IAM role ARN of ${namespace}/${name}`,
  };
}

export function serviceAccountStep(plan: FederationPlan, c: Cluster): Step {
  const accounts = serviceAccountsOf(plan, c);
  return {
    id: `service-account-${c.id.toLowerCase()}`,
    kind: "service-account",
    title: `IAM service accounts on ${c.id}`,
    why: `The FinOps agent${accounts.length > 1 ? " and Kubecost" : ""} on ${c.id} reach the bucket through IRSA: no keys in the cluster.`,
    each: { title: "IAM service accounts on each cluster", why: `The FinOps agent${accounts.length > 1 ? " and Kubecost" : ""} on each cluster ${accounts.length > 1 ? "reach" : "reaches"} the bucket through IRSA: no keys in the cluster.` },
    phase: "bucket-iam",
    clusterId: c.id,
    files: [],
    commands: [
      ...accounts.map((a) =>
        eksctlServiceAccount({ ...plan, kubecost: { ...plan.kubecost, namespace: a.namespace } }, c, a.name, [bucketPolicyArn(plan)], `Role for ${a.namespace}/${a.name}, with the bucket policy`),
      ),
      ...accounts.map((a) => serviceAccountCheck(c, a.namespace, a.name)),
    ],
    // One paragraph per namespace naming all its accounts, not the same paragraph once per account.
    note: [...new Set(accounts.map((a) => a.namespace))]
      .map((ns) => existingServiceAccountNote(c, ns, accounts.filter((a) => a.namespace === ns).map((a) => a.name)))
      .join(" "),
  };
}

export function federatedStoreFile(plan: FederationPlan): GeneratedFile {
  return objstoreFile(plan, FEDERATED_STORE_FILE, `Federated storage config (the ${FEDERATED_STORE_SECRET} Secret's key ${FEDERATED_STORE_KEY})`, {
    allowPrefix: true,
    thanosVersion: FEDERATED_STORE_LINT_VERSION,
  });
}

export function secretsStep(plan: FederationPlan, c: Cluster): Step {
  const commands: GeneratedCommand[] = [];
  for (const ns of storeNamespaces(plan, c)) {
    commands.push(
      { ...createNamespace(plan, c, ns), comment: `Namespace ${ns} on ${c.id}` },
      guardPlaceholders(plan, FEDERATED_STORE_FILE, secretFromFiles(plan, c, FEDERATED_STORE_SECRET, [{ key: FEDERATED_STORE_KEY, path: FEDERATED_STORE_FILE }], `The ${FEDERATED_STORE_SECRET} Secret in ${ns}; its key must be ${FEDERATED_STORE_KEY}, the values' global.federatedStorage.fileName`, ns)),
      {
        argv: ["kubectl", "describe", "secret", FEDERATED_STORE_SECRET, "--namespace", ns, ...kubectlContext(c)],
        comment: `Check: the Data section lists ${FEDERATED_STORE_KEY} with a non-zero size (the agent mounts exactly this key; describe shows sizes, never the content)`,
      },
    );
  }
  const notes = [
    `The 3.x chart checks only that the Secret exists, not its key (https://github.com/kubecost/kubecost/issues/4573): a Secret with another key installs fine and the agent then finds no ${FEDERATED_STORE_KEY}.`,
    "Argo CD cannot run the chart's lookup: there, set global.platforms.cicd.enabled=true and global.platforms.cicd.skipSanityChecks=true and create this Secret before syncing.",
  ];
  if (c.role === "primary") {
    commands.push(
      requireInputFile(PRODUCT_KEY_FILE, PRODUCT_KEY_WHAT),
      secretFromFiles(plan, c, PRODUCT_KEY_SECRET, [{ key: PRODUCT_KEY_FILE, path: PRODUCT_KEY_FILE }], `The Enterprise key Secret (${PRODUCT_KEY_SECRET}) the primary's values name`),
    );
    notes.push(`Write ${PRODUCT_KEY_FILE} as {"key": "<your Kubecost Enterprise key>"} ${INPUT_FOLDER_HINT} first: without it this step stops with an error and runs again next time; the key never goes into a values file. The 3.x aggregator mounts this Secret and does not start without it.`);
  }
  if (hasKeyPlaceholders(plan)) notes.unshift(placeholderNote(FEDERATED_STORE_FILE));
  return {
    id: `secrets-${c.id.toLowerCase()}`,
    kind: "secrets",
    title: `Federated store Secret on ${c.id}`,
    why: `The FinOps agent${c.role === "primary" ? " and the aggregator" : ""} on ${c.id} read the bucket settings from the ${FEDERATED_STORE_SECRET} Secret, never from helm values.`,
    each: { title: "Federated store Secret on each cluster", why: `The FinOps agent on each cluster reads the bucket settings from the ${FEDERATED_STORE_SECRET} Secret, never from helm values.` },
    phase: "secrets",
    clusterId: c.id,
    files: [federatedStoreFile(plan)],
    commands,
    note: notes.join(" "),
  };
}

export function valuesPath(plan: FederationPlan, c: Cluster, r: Release): string {
  return `${clusterDir(c)}/${r.name === plan.kubecost.releaseName ? "values" : `${r.name}-values`}.yaml`;
}


const AGENT_WHY = "The FinOps agent writes this cluster's data to the bucket; no aggregator or UI runs here.";

export function installStep(plan: FederationPlan, c: Cluster, r: Release, accounts?: Accounts): Step {
  const path = valuesPath(plan, c, r);
  const values = withImages(plan, chartRefOf(plan), federatedStorageValues(plan, c, r, accounts));
  const what = r.role === "primary" ? "primary" : r.name === plan.kubecost.releaseName ? "agent" : "global agent";
  const kind = r.name === plan.kubecost.releaseName ? "install" : `install-${r.name}`;
  const where = what === "global agent" ? ` (${r.namespace})` : "";
  const agentWhy = what === "global agent" ? `This FinOps agent runs apart from Kubecost, in ${r.namespace}, and writes the cluster's data to the same bucket.` : AGENT_WHY;
  return {
    id: `install-${kind === "install" ? "" : `${r.name}-`}${c.id.toLowerCase()}`,
    kind,
    title: r.role === "primary" ? `Install Kubecost on the primary ${c.id}` : `Install the FinOps agent on ${c.id}${where}`,
    why: r.role === "primary" ? "The primary runs the aggregator, frontend and cloud cost that read every cluster's data from the bucket." : agentWhy,
    each: { title: `Install the FinOps agent on each cluster${where}`, why: agentWhy },
    phase: "install",
    clusterId: c.id,
    files: [
      {
        path,
        content: toYaml(values, `Kubecost ${plan.kubecost.chartVersion} values for ${c.id} (${what}), federated storage${r.role === "primary" ? `\n${aggregatorSizingComment(plan)}` : ""}`),
        language: "yaml",
        description: `helm values for ${c.id} (${what})`,
        chartValues: chartRefOf(plan),
      },
    ],
    commands: [
      helmUpgradeInstall({ release: r.name, repo: kubecostRepo(plan), chartName: kubecostChartName(plan, kubecostLine(plan.kubecost.chartLine).chart), chartRef: chartRefOf(plan), namespace: r.namespace, cluster: c, valuesFiles: [path], comment: `Kubecost ${what} on ${c.id}` }),
      ...(runsAgent(values) ? [agentRolloutCommand(c, r)] : []),
    ],
    note: [r.role === "primary" ? installOrderNote(plan.method) : "", plan.kubecost.chartLine === "3.x" && !clusterControllerRuns(plan) ? CLUSTER_CONTROLLER_NOTE(plan, r.name) : ""].filter(Boolean).join(" ") || undefined,
  };
}

const runsAgent = (values: Record<string, unknown>) => (values.finopsagent as { enabled?: boolean } | undefined)?.enabled === true;

/** The agent Deployment is <release>-finopsagent (finops-agent subchart, alias finopsagent). */
export function agentRolloutCommand(c: Cluster, r: Release): GeneratedCommand {
  return {
    argv: ["kubectl", "rollout", "status", `deployment/${r.name}-finopsagent`, "--namespace", r.namespace, ...kubectlContext(c), "--timeout", "10m"],
    comment: `The FinOps agent on ${c.id} is running (it panics at start when it cannot write, read back and delete a test object)`,
  };
}
