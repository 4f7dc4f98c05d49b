import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import { kubecostLine } from "@/lib/plan/kubecost-lines";
import { diagnose } from "@/lib/doctor/diagnose";
import type { ClusterStep, GeneratedCommand, Step } from "../types";
import { GATE_FILE, GATE_HOURS, gateScript } from "./gate";
import { helmRepoCommands } from "../common/helm";
import { clustersPrimaryFirst, kubectlContext, primaryCluster } from "../common/naming";
import { clusterAccessCommand } from "../common/kubectl";
import { FEDERATED_STORE_KEY, FEDERATED_STORE_SECRET, PRODUCT_KEY_FILE, PRODUCT_KEY_SECRET, PRODUCT_KEY_WHAT, releasesOf, type Accounts } from "../federated-storage/constants";
import { secretFromFiles } from "../common/kubectl";
import { requireInputFile } from "../common/inputs";
import { keptAccounts, sourceAccount } from "./source-accounts";
import { CLUSTER_CONTROLLER_NOTE, chartRefOf, installStep } from "../federated-storage/steps";
import { clusterControllerRuns } from "../federated-storage/values";
import { fromInstalled, mergeChartFiles } from "./installed-values";
import { bucketLs, clusterStep, planOnLine, releaseCheck, saveValuesCommand, statusNote, versionedValues } from "./common";

// Kubecost 2.x (Federated ETL, or AMP + ETL bucket) -> 2.9 bridge -> 3.x, as
// https://github.com/kubecost/kubecost/blob/v2.9.7/examples/README.md describes it: global.clusterId
// equal to the old cluster_id, global.federatedStorage pointing at the same bucket (the same
// federated-store Secret), every cluster on 2.9 with its FinOps agent for at least 48 hours, then
// the primary on 3.x (it re-ingests everything: 20 minutes to 2 days, v3.2.1 README.md), then the agents.

export const BRIDGE_HOURS = GATE_HOURS;

const agentsThenPrimary = (plan: FederationPlan) => {
  const c = clustersPrimaryFirst(plan);
  return [...c.filter((x) => x.role !== "primary"), ...c.filter((x) => x.role === "primary")];
};

function beforeStep(from: FederationPlan, bridge: FederationPlan): Step {
  const commands: GeneratedCommand[] = [...helmRepoCommands(bridge)];
  for (const c of clustersPrimaryFirst(from)) commands.push(clusterAccessCommand(from, c), releaseCheck(from, c), saveValuesCommand(from, c));
  return {
    id: "upgrade-before",
    kind: "save-values",
    title: "Before you start: keep today's values",
    why: "Each cluster moves in place (same release, same cluster id, same bucket): nothing is reinstalled and no data is copied.",
    phase: "prerequisites",
    files: mergeChartFiles("2.9", chartRefOf(bridge)),
    commands,
    note: `Each cluster's upgrade starts from its own values: the step saves helm get values again, merges the generated federation keys on top with helm itself (the small chart in ${"upgrade/"}), drops or moves only what the target refuses (the config doctor's rules, listed in each step), shows a preview and records the revision to roll back to. The clusters/<id>/before-upgrade.yaml files are your copy of where you started.`,
  };
}

/** Which account the 2.9 and 3.x pods run as, and why no IAM changes. */
function accountNote(from: FederationPlan): string {
  if (from.auth.mode === "access-keys") return "With access keys the keys stay in the federated-store Secret: the 2.9 and 3.x pods run as the charts' own accounts, no IAM changes.";
  const s = sourceAccount(from);
  return `Kubecost and the FinOps agent run as ${s.name}, made by ${s.madeBy}: its IAM role (bucket read, write and delete) carries over, no new IAM.`;
}

function secretCheckStep(from: FederationPlan): Step {
  const primary = primaryCluster(from);
  const commands: GeneratedCommand[] = clustersPrimaryFirst(from).map((c) => ({
    clusterId: c.id,
    argv: ["kubectl", "describe", "secret", FEDERATED_STORE_SECRET, "--namespace", from.kubecost.namespace, ...kubectlContext(c)],
    comment: `Check on ${c.id}: the Data section lists ${FEDERATED_STORE_KEY} with a non-zero size (2.9 and 3.x mount this same Secret and key)`,
  }));
  // The 2.x primary usually has the Secret already; when it does not, it is made from the file,
  // and a missing file stops the step (the 2.9 and 3.x aggregators mount it and do not start).
  const create = secretFromFiles(from, primary, PRODUCT_KEY_SECRET, [{ key: PRODUCT_KEY_FILE, path: PRODUCT_KEY_FILE }]);
  commands.push(
    {
      clusterId: primary.id,
      argv: ["kubectl", "get", "secret", PRODUCT_KEY_SECRET, "--namespace", from.kubecost.namespace, ...kubectlContext(primary)],
      quiet: true,
      orElse: { argv: requireInputFile(PRODUCT_KEY_FILE, PRODUCT_KEY_WHAT).argv, then: create, orElse: requireInputFile(PRODUCT_KEY_FILE, PRODUCT_KEY_WHAT).orElse },
      comment: `The Enterprise key Secret ${PRODUCT_KEY_SECRET} on ${primary.id}: kept when it exists, else created from ${PRODUCT_KEY_FILE} (${PRODUCT_KEY_WHAT}); the step stops when neither is there`,
    },
    {
      clusterId: primary.id,
      argv: ["kubectl", "describe", "secret", PRODUCT_KEY_SECRET, "--namespace", from.kubecost.namespace, ...kubectlContext(primary)],
      comment: `Check on ${primary.id}: the Data section lists ${PRODUCT_KEY_FILE} with a non-zero size`,
    },
  );
  return {
    id: "upgrade-store-secret",
    kind: "check-secrets",
    title: "Check the federated-store Secret the 2.x clusters already have",
    why: `global.federatedStorage.existingSecret names the Secret 2.x reads through kubecostModel.federatedStorageConfigSecret; its key stays ${FEDERATED_STORE_KEY}.`,
    phase: "secrets",
    files: [],
    commands,
    note: accountNote(from),
  };
}

/** AMP + ETL bucket setups: the bucket carries over; AMP stays through 2.9 and goes at 3.x. */
const ampNote = (from: FederationPlan) =>
  from.method === "amp-federated"
    ? "Your AMP settings (global.amp, sigV4Proxy) stay in the 2.9 values, so the 2.x view keeps working during the bridge; 3.x fails on them and its FinOps agent needs no Prometheus, so the 3.x merge drops them. Keep the workspace until the 3.x primary shows every cluster, then delete it."
    : "";

function bridgeInstall(from: FederationPlan, bridge: FederationPlan, c: Cluster): ClusterStep {
  const [release] = releasesOf(bridge, c);
  const step = fromInstalled(bridge, c, clusterStep(versionedValues(installStep(bridge, c, release, keptAccounts(from)), bridge.kubecost.chartVersion)), "2.9", chartRefOf(bridge));
  return {
    ...step,
    id: `bridge-${step.id}`,
    kind: "bridge",
    title: `${c.role === "primary" ? "Primary" : "Agent"} ${c.id} to Kubecost ${bridge.kubecost.chartVersion} (bridge)`,
    why: `2.9 keeps the 2.x uploads (same cluster_id ${c.id}) and adds the FinOps agent, which starts writing finops-agent/${c.id}/ to the same bucket.`,
    each: {
      title: `Every cluster to Kubecost ${bridge.kubecost.chartVersion} (bridge): the agents first, the primary last`,
      why: "2.9 keeps each cluster's 2.x uploads (same cluster_id) and adds the FinOps agent, which starts writing finops-agent/<cluster_id>/ to the same bucket; the primary moves last and keeps serving the 2.x view meanwhile.",
    },
    commands: [
      ...step.commands,
      bucketLs(bridge, `finops-agent/${c.id}/heartbeat/`, `Check: heartbeat files appear within 10 minutes (their names are UTC times, YYYYMMDDHHmmss)`),
    ],
    note: [
      c.role === "primary" ? "The primary moves to 2.9 last: it also runs an agent for its own data, and keeps serving the 2.x view meanwhile." : "Agents first: each keeps uploading to federated/ as before.",
      `Removed from the 2.x values: kubecostModel.federatedStorageConfigSecret (2.9 fails while it is set; global.federatedStorage.existingSecret replaces it).`,
      ampNote(from),
      step.note,
    ].filter(Boolean).join(" "),
  };
}

/** The gate: one command per cluster, run by install.sh as its own stage (each cluster's script
 * runs upgrade/gate.sh for its id), so the run stops there naming the clusters not yet ready. */
function gateStep(bridge: FederationPlan): Step {
  const gate = gateScript(bridge);
  return {
    id: "bridge-gate-48h",
    kind: "gate",
    title: `The ${BRIDGE_HOURS} h gate: wait until every FinOps agent has written for ${BRIDGE_HOURS} hours`,
    why: `Moving the primary to 3.x earlier loses data of the days the agents did not yet cover (https://github.com/kubecost/kubecost/blob/v2.9.7/examples/README.md, step 6).`,
    phase: "verify",
    files: [gate],
    commands: clustersPrimaryFirst(bridge).map((c) => ({
      clusterId: c.id,
      argv: ["bash", GATE_FILE, c.id],
      comment: `Check: ${c.id}'s oldest FinOps-agent heartbeat is at least ${BRIDGE_HOURS} h old (exits 1 naming it otherwise)`,
    })),
    note: `The stage fails, naming each cluster not yet ready and when its first heartbeat was, until every agent has written heartbeats for ${BRIDGE_HOURS} hours and still writes them; rerun the same command later and it goes on from here. bash ${GATE_FILE} checks every cluster at once from your machine. ${statusNote(bridge, `each cluster's FinOps-agent heartbeats, and whether every agent has written them for ${BRIDGE_HOURS} h`)}`,
  };
}

/** The keys each 3.x values file leaves behind, in the doctor's words (one rule: lib/doctor).
 * The same for every cluster of a role (their values differ in ids, not keys): the doctor runs once
 * per role, not 150 times (it was three quarters of a 150-cluster upgrade's generation time). */
const removedKeysByRole = new WeakMap<FederationPlan, Map<Cluster["role"], string>>();
function removedKeysNote(bridge: FederationPlan, c: Cluster, target: string, accounts: Accounts): string {
  let byRole = removedKeysByRole.get(bridge);
  if (!byRole) removedKeysByRole.set(bridge, (byRole = new Map()));
  let note = byRole.get(c.role);
  if (note === undefined) byRole.set(c.role, (note = removedKeysOf(bridge, c, target, accounts)));
  return note;
}

function removedKeysOf(bridge: FederationPlan, c: Cluster, target: string, accounts: Accounts): string {
  const [release] = releasesOf(bridge, c);
  const text = installStep(bridge, c, release, accounts).files[0].content;
  const r = diagnose({ text, target });
  if (!r.ok) return "";
  // One sentence beside the merge's own list (fromInstalled: what the target refuses, whoever set
  // it, and whether the merge drops or moves it): which of those the bridge's values set, so the
  // admin reads one list of what happens, not two that disagree on a key's fate.
  const set = r.value.keys.filter((k) => k.status === "fails").map((k) => k.path);
  return set.length ? `Of those, the ${bridge.kubecost.chartVersion} values this upgrade installed set ${set.join(", ")}.` : "";
}

function v3Install(from: FederationPlan, bridge: FederationPlan, v3: FederationPlan, c: Cluster): ClusterStep {
  const [release] = releasesOf(v3, c);
  const accounts = keptAccounts(from);
  const install = clusterStep(versionedValues(installStep(v3, c, release, accounts), v3.kubecost.chartVersion));
  // The install step's note says the order of a first install (agents first); here the primary
  // moves first, as a phase of its own: only the cluster controller's sentence is kept.
  const note = clusterControllerRuns(v3) ? undefined : CLUSTER_CONTROLLER_NOTE(v3, release.name);
  const step = fromInstalled(v3, c, { ...install, note }, "3.x", chartRefOf(v3));
  const primary = c.role === "primary";
  return {
    ...step,
    id: `v3-${step.id}`,
    // The primary and the agents are two phases: the primary alone first, then every agent.
    kind: primary ? "primary-3x" : "agents-3x",
    each: primary
      ? { title: `The primary to Kubecost ${v3.kubecost.chartVersion}`, why: "The 3.x primary re-ingests every cluster's data from the bucket: 20 minutes to 2 days depending on size (https://github.com/kubecost/kubecost/blob/v3.2.1/README.md); the UI fills in as it goes." }
      : { title: `Every agent to Kubecost ${v3.kubecost.chartVersion}`, why: "A 3.x primary reads 2.9 agents, so agents follow at your pace; on 3.x the agent runs without the 2.x cost-model and Prometheus." },
    title: `${primary ? "Primary" : "Agent"} ${c.id} to Kubecost ${v3.kubecost.chartVersion}`,
    why: primary
      ? "The 3.x primary re-ingests every cluster's data from the bucket: 20 minutes to 2 days depending on size (https://github.com/kubecost/kubecost/blob/v3.2.1/README.md); the UI fills in as it goes."
      : "A 3.x primary reads 2.9 agents, so agents follow at your pace; on 3.x the agent runs without the 2.x cost-model and Prometheus.",
    commands: primary
      ? [
          ...step.commands,
          {
            argv: ["kubectl", "rollout", "status", `statefulset/${v3.kubecost.releaseName}-aggregator`, "--namespace", v3.kubecost.namespace, ...kubectlContext(c), "--timeout", "30m"],
            comment: "Check: the 3.x aggregator is running; the UI then fills in while it re-ingests",
          },
        ]
      : step.commands,
    note: [step.note, removedKeysNote(bridge, c, v3.kubecost.chartVersion, accounts), primary ? statusNote(v3, "every cluster's heartbeats while the primary re-ingests") : ""].filter(Boolean).join(" "),
  };
}

function repoSwitchStep(v3: FederationPlan): Step {
  return {
    id: "v3-chart-repository",
    title: "Switch to the 3.x chart repository",
    why: `Kubecost 3.x is the chart ${kubecostLine("3.x").chart} in ${v3.kubecost.chartRepo}; 2.x and 2.9 were cost-analyzer in another repository.`,
    phase: "prerequisites",
    files: mergeChartFiles("3.x", chartRefOf(v3)),
    commands: [...helmRepoCommands(v3), { argv: ["helm", "search", "repo", `kubecost/${kubecostLine("3.x").chart}`, "--version", v3.kubecost.chartVersion], comment: `Check: lists ${kubecostLine("3.x").chart} ${v3.kubecost.chartVersion}` }],
  };
}

export function bridgeSteps(from: FederationPlan, bridge: FederationPlan): Step[] {
  return [beforeStep(from, bridge), secretCheckStep(from), ...agentsThenPrimary(bridge).map((c) => bridgeInstall(from, bridge, c)), gateStep(bridge)];
}

export function v3Steps(from: FederationPlan, bridge: FederationPlan, v3: FederationPlan): Step[] {
  const primary = primaryCluster(v3);
  return [repoSwitchStep(v3), v3Install(from, bridge, v3, primary), ...agentsThenPrimary(v3).filter((c) => c.role !== "primary").map((c) => v3Install(from, bridge, v3, c))];
}

export function etlTo3xSteps(from: FederationPlan, version: string, throughBridgeOnly: boolean): Step[] {
  const bridge = planOnLine(from, "2.9");
  if (throughBridgeOnly) return bridgeSteps(from, bridge);
  return [...bridgeSteps(from, bridge), ...v3Steps(from, bridge, planOnLine(from, "3.x", version))];
}
