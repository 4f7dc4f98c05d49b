import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { GeneratedCommand, GeneratedFile, GeneratedPlan, Step } from "../types";
import { toYaml } from "../yaml";
import { withMirrorStep } from "../common/images";
import { monitorNote } from "../common/status-link";
import { costAnalyzerChart, helmInstallCostAnalyzer, helmRepoCommands } from "../common/helm";
import { clusterDir, clustersPrimaryFirst, kubectlContext, primaryCluster } from "../common/naming";
import { configMapFromFile, createNamespace, secretFromFiles } from "../common/kubectl";
import { guardPlaceholders, hasKeyPlaceholders, objstoreFile, placeholderNote, requireStorage } from "../common/storage";
import { existingServiceAccountNote } from "../etl/irsa";
import { IRSA_SERVICE_ACCOUNT, eksName, eksctlServiceAccountCommands, helmFullname, listBlocksCommand, prerequisitesStep, thanosBucketStep, usesEksctl } from "./common";
import { BUNDLED_THANOS_VERSION, CA_KEY, CA_MOUNT_PATH, OBJSTORE_KEY, THANOS_SECRET, bundledClusterValues } from "./bundled-values";

// Thanos bundled with Kubecost 1.x (seed: Kubecost 1.x docs "Thanos federation"): every cluster's
// Prometheus gets a Thanos sidecar that uploads 2 h blocks to one bucket; the primary runs
// query, store and the only compactor. Order: tools, bucket + IAM, per cluster (primary first)
// namespace + service account + `kubecost-thanos` Secret, helm per cluster, verify.

const OBJSTORE_PATH = OBJSTORE_KEY; // the file the admin keeps next to STEPS.md

const label = (c: Cluster) => (c.displayName ? `${c.id} (${c.displayName})` : c.id);
export const bundledValuesPath = (c: Cluster) => `${clusterDir(c)}/values-thanos.yaml`;

function objstore(plan: FederationPlan): GeneratedFile {
  const ca = plan.storage?.internalCa;
  return objstoreFile(plan, OBJSTORE_PATH, "Thanos object storage config (the kubecost-thanos Secret)", {
    allowPrefix: true,
    thanosVersion: BUNDLED_THANOS_VERSION,
    caFile: ca ? CA_MOUNT_PATH : undefined,
  });
}

function secretsStep(plan: FederationPlan, cluster: Cluster): Step {
  const ns = plan.kubecost.namespace;
  const commands: GeneratedCommand[] = [createNamespace(plan, cluster)];
  if (usesEksctl(plan)) commands.push(...eksctlServiceAccountCommands(plan, cluster, ns));
  const ca = plan.storage?.internalCa;
  if (ca) commands.push(configMapFromFile(plan, cluster, ca.configMapName, CA_KEY, ca.caFile, "The internal CA that signs the S3 endpoint's certificate"));
  commands.push(
    guardPlaceholders(plan, OBJSTORE_PATH, secretFromFiles(plan, cluster, THANOS_SECRET, [{ key: OBJSTORE_KEY, path: OBJSTORE_PATH }], `The ${THANOS_SECRET} Secret: the sidecar, store and compactor read ${OBJSTORE_KEY} from it`)),
  );
  const notes: string[] = hasKeyPlaceholders(plan) ? [placeholderNote(OBJSTORE_PATH)] : [];
  if (usesEksctl(plan) && !cluster.eksClusterName) notes.push(`No EKS cluster name is set for ${cluster.id}; eksctl uses "${eksName(cluster)}": change it if the EKS name differs.`);
  if (usesEksctl(plan)) notes.push(existingServiceAccountNote(cluster, ns, [IRSA_SERVICE_ACCOUNT]));
  return {
    id: `secrets-${cluster.id}`,
    kind: "secrets",
    title: `Namespace, service account and Secret on ${label(cluster)}`,
    why: SECRETS_WHY,
    each: { title: "Namespace, service account and Secret on each cluster", why: SECRETS_WHY },
    phase: "secrets",
    clusterId: cluster.id,
    files: [objstore(plan)],
    commands,
    note: notes.length ? notes.join(" ") : undefined,
  };
}

const SECRETS_WHY = "The sidecar reads the bucket config from the kubecost-thanos Secret; Secrets stay out of helm values.";
const AGENT_INSTALL_WHY = "Agents only upload blocks: a second compactor on the same bucket overlaps blocks and halts compaction.";

function installStep(plan: FederationPlan, cluster: Cluster): Step {
  const primary = cluster.role === "primary";
  const file: GeneratedFile = {
    path: bundledValuesPath(cluster),
    content: toYaml(
      bundledClusterValues(plan, cluster),
      `Kubecost ${plan.kubecost.chartVersion} with bundled Thanos: ${primary ? "primary (query, store, the only compactor)" : "agent (sidecar upload only)"}\ncluster_id: ${cluster.id}`,
    ),
    language: "yaml",
    description: primary ? "Helm values: Thanos sidecar, query, store and the one compactor" : "Helm values: Thanos sidecar only (compact and bucket off)",
    chartValues: costAnalyzerChart(plan),
  };
  return {
    id: `install-${cluster.id}`,
    kind: "install",
    title: `Install Kubecost on ${label(cluster)}`,
    why: primary ? "The primary runs Thanos query, store and the single compactor allowed per bucket." : AGENT_INSTALL_WHY,
    each: { title: "Install Kubecost on each cluster", why: AGENT_INSTALL_WHY },
    phase: "install",
    clusterId: cluster.id,
    files: [file],
    commands: [helmInstallCostAnalyzer(plan, cluster, [file.path], [], `Kubecost with Thanos on ${cluster.id}`)],
  };
}

/** Runs curl inside the primary's cost-analyzer pod (the Kubecost docs' own check). */
function execOnPrimary(plan: FederationPlan, args: string[], comment: string): GeneratedCommand {
  const primary = primaryCluster(plan);
  const release = plan.kubecost.releaseName;
  return {
    comment,
    argv: [
      "kubectl", "exec", `deployment/${helmFullname(release, "cost-analyzer")}`,
      "--namespace", plan.kubecost.namespace, ...kubectlContext(primary), "--container", "cost-analyzer-frontend", "--",
      ...args,
    ],
  };
}

function verifyStep(plan: FederationPlan): Step {
  const ns = plan.kubecost.namespace;
  const queryUrl = `http://${helmFullname(plan.kubecost.releaseName, "thanos")}-query-http.${ns}:10902`;
  const ids = plan.clusters.map((c) => c.id).join(", ");
  return {
    id: "verify",
    title: "Verify blocks, stores and cluster labels",
    why: "Blocks in the bucket, every store seen by Thanos query and one cluster_id per cluster mean the federation works.",
    phase: "verify",
    files: [],
    commands: [
      listBlocksCommand(plan),
      execOnPrimary(plan, ["curl", "--silent", `${queryUrl}/api/v1/stores`], "Stores known to Thanos query on the primary: its sidecar and the store gateway"),
      execOnPrimary(
        plan,
        ["curl", "--silent", "--get", `${queryUrl}/api/v1/query`, "--data-urlencode", "query=count by (cluster_id) (last_over_time(node_total_hourly_cost[6h]))"],
        `One result per cluster_id (${ids}); agents' data is 2-3 h old, hence the 6 h window`,
      ),
    ],
    note: `Agents appear in Thanos query after their first upload (about 2-3 hours). A cluster_id missing after 6 hours points at that cluster's sidecar logs (kubectl logs deployment/${helmFullname(plan.kubecost.releaseName, "prometheus")}-server --container thanos-sidecar --namespace ${ns}). ${monitorNote(plan)}`,
  };
}

export function generateThanosBundled(plan: FederationPlan): GeneratedPlan {
  requireStorage(plan);
  const clusters = clustersPrimaryFirst(plan);
  const prerequisites = prerequisitesStep(plan);
  prerequisites.commands.push(...helmRepoCommands(plan));
  return {
    method: plan.method,
    title: `Kubecost ${plan.kubecost.chartVersion} with bundled Thanos: ${clusters.length} cluster${clusters.length === 1 ? "" : "s"}`,
    steps: withMirrorStep(plan, [
      prerequisites,
      thanosBucketStep(plan, "Every cluster's Thanos sidecar uploads blocks to this one bucket; the primary's store and compactor read it.", OBJSTORE_PATH, [plan.kubecost.namespace]),
      ...clusters.map((c) => secretsStep(plan, c)),
      ...clusters.map((c) => installStep(plan, c)),
      verifyStep(plan),
    ]),
  };
}
