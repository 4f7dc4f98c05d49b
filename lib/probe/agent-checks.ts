import "server-only";
import type { ClusterObservation } from "@/lib/health/observation";
import type { Thresholds } from "@/lib/health/thresholds";
import { formatAge } from "@/lib/health/evaluate";
import { READY_AFTER_MS, type AgentReadiness } from "@/lib/health/agent-fleet";
import { DEFAULT_CLUSTER_ID, agentFileTimeMs, failingDiagnostics, kubemodelFileTimeMs, parseHeartbeat } from "./agent-files";
import type { AgentFolders } from "./agent-layout";
import { RECENT_MS, newestAcrossChildren, newestObjects, oldestFile, readAgentJson, type AgentIo } from "./agent-io";

// What the agent probe looks at for one cluster, as a list of named checks run in order. Each
// reads what it needs and adds evidence, facts and problems to the cluster's observation; the
// freshness signals run last-to-first: heartbeat where the agent exports one, else the newest
// kubemodel object, else the newest Federated ETL file (saying which one it used).

export interface AgentCluster {
  folders: AgentFolders;
  /** The cluster has data under federated/<id>/. */
  federated: boolean;
  obs: ClusterObservation;
  signal?: NonNullable<AgentReadiness["signal"]>;
}

export interface AgentCheckContext extends AgentIo {
  prefix: string;
  thresholds: Thresholds;
}

export interface AgentClusterCheck {
  name: string;
  run(c: AgentCluster, ctx: AgentCheckContext): Promise<void> | void;
}

const HEARTBEAT_MS = 5 * 60_000;
/** More heartbeats than this in RECENT_MS: more than one agent writes under the cluster id. */
const TWO_PRODUCERS_AT = Math.ceil((RECENT_MS / HEARTBEAT_MS) * 1.5);
/** The agent deletes its write test seconds after writing it; older than this it was left behind. */
const WRITE_TEST_GRACE_MS = 10 * 60_000;

const defaultClusterId: AgentClusterCheck = {
  name: "not the default cluster id",
  run({ obs }) {
    if (obs.clusterId !== DEFAULT_CLUSTER_ID) return;
    obs.problems!.push({ severity: "error", reason: `The agent reports as "${DEFAULT_CLUSTER_ID}", Kubecost's default cluster id: every cluster left at the default writes into this one folder.`, fix: "Set global.clusterId to a unique id on that cluster (the kubecost chart warns about cluster-one with federated storage: https://github.com/kubecost/kubecost, v3.2.1 chart); then delete this folder once nothing writes to it." });
  },
};

const writeTestLeftover: AgentClusterCheck = {
  name: "no write-test leftover",
  run({ folders, obs }, ctx) {
    const w = folders.leftoverWriteTest;
    if (!w || ctx.nowMs - w.lastModifiedMs <= WRITE_TEST_GRACE_MS) return;
    obs.facts!.writeTestLeftover = w.key;
    obs.problems!.push({
      severity: "error",
      reason: `The agent's start-up write test ${w.key} is still in the bucket (${formatAge((ctx.nowMs - w.lastModifiedMs) / 1000)} old): its role can write but not delete.`,
      fix: `Grant s3:DeleteObject on this bucket to the agent's role (IRSA or Pod Identity), then delete ${w.key}: the agent writes, reads back and deletes this object at every start and panics at its next start while the delete is denied (it also needs the permission to expire its own heartbeats).`,
    });
  },
};

const heartbeats: AgentClusterCheck = {
  name: "heartbeats",
  async run(c, ctx) {
    const { folders, obs } = c;
    if (!folders.heartbeat) return;
    const recent = await newestObjects(ctx, folders.heartbeat, (o) => o.key.endsWith(".json"));
    const newest = recent.at(-1);
    if (!newest) return;
    c.signal = "heartbeat";
    obs.lastSeenMs = newest.lastModifiedMs || agentFileTimeMs(newest.key);
    obs.facts!.freshnessSignal = "heartbeat";
    obs.evidence!.push({ label: "newest heartbeat", key: newest.key, lastModified: new Date(obs.lastSeenMs!).toISOString(), sizeBytes: newest.size });
    const beat = await readAgentJson(ctx, newest.key, parseHeartbeat, obs, "heartbeat");
    if (beat?.version) obs.facts!.agentVersion = beat.version;
    const inWindow = recent.filter((o) => ctx.nowMs - (agentFileTimeMs(o.key) ?? o.lastModifiedMs) <= RECENT_MS);
    if (beat && inWindow.length > TWO_PRODUCERS_AT) {
      const other = await readAgentJson(ctx, inWindow[inWindow.length - 2].key, parseHeartbeat, obs, "heartbeat");
      if (other && other.producer !== beat.producer) {
        obs.facts!.heartbeatsLast30m = inWindow.length;
        obs.problems!.push({
          severity: "error",
          reason: `Two agents write under this cluster id: ${inWindow.length} heartbeats in 30 min (one agent writes ${RECENT_MS / HEARTBEAT_MS}) with different cluster metadata${other.version !== beat.version ? ` (versions ${beat.version} and ${other.version})` : ""}.`,
          fix: `Two clusters share global.clusterId "${obs.clusterId}" (or a global agent and a per-cluster agent both run): give every cluster its own id; their cost data otherwise mixes in the primary.`,
        });
      }
    }
    const oldest = await oldestFile(ctx, folders.heartbeat);
    if (oldest?.ms !== undefined) {
      const forMs = Math.max(0, obs.lastSeenMs! - oldest.ms);
      obs.facts!.heartbeatSince = new Date(oldest.ms).toISOString();
      obs.facts!.heartbeatForSeconds = Math.round(forMs / 1000);
      obs.facts!.readyFor3x = forMs >= READY_AFTER_MS;
    }
  },
};

const diagnostics: AgentClusterCheck = {
  name: "diagnostics pass",
  async run({ folders, obs }, ctx) {
    if (!folders.diagnostics) return;
    const newest = (await newestObjects(ctx, folders.diagnostics, (o) => o.key.endsWith(".json"))).at(-1);
    if (!newest) return;
    const at = newest.lastModifiedMs || agentFileTimeMs(newest.key) || 0;
    obs.facts!.diagnosticsAgeSeconds = Math.round((ctx.nowMs - at) / 1000);
    const failing = await readAgentJson(ctx, newest.key, failingDiagnostics, obs, "diagnostics");
    obs.evidence!.push({ label: "newest diagnostics", key: newest.key, lastModified: new Date(at).toISOString(), sizeBytes: newest.size, note: failing ? (failing.length ? `Failing: ${failing.join(", ")}.` : "Every diagnostic passes.") : undefined });
    if (failing?.length) {
      obs.facts!.failingDiagnostics = failing.join(", ");
      obs.problems!.push({ severity: "error", reason: `The agent's diagnostics fail: ${failing.join(", ")} (run ${formatAge((ctx.nowMs - at) / 1000)} ago).`, fix: `Open ${newest.key} for each diagnostic's error text; fix those on the cluster (the agent reruns them every 10 min).` });
    }
  },
};

/** Freshness from cost data when there is no heartbeat: that signal's limits and noun. */
function judgeOnData(c: AgentCluster, ctx: AgentCheckContext, signal: "kubemodel" | "federated", newest: { key: string; lastModifiedMs: number; size: number }, noun: string, why: { reason: string; fix: string }) {
  const { obs } = c;
  c.signal = signal;
  obs.lastSeenMs = newest.lastModifiedMs;
  obs.dataNoun = noun;
  obs.thresholds = { laggingAfterSeconds: ctx.thresholds.agentDataLaggingAfterSeconds, staleAfterSeconds: ctx.thresholds.agentDataStaleAfterSeconds };
  obs.facts!.freshnessSignal = signal === "kubemodel" ? "kubemodel objects" : "Federated ETL files";
  obs.evidence!.push({ label: `newest ${noun}`, key: newest.key, lastModified: new Date(newest.lastModifiedMs).toISOString(), sizeBytes: newest.size });
  obs.problems!.push({ severity: "note", ...why });
}

const kubemodelData: AgentClusterCheck = {
  name: "kubemodel data (no heartbeat)",
  async run(c, ctx) {
    if (c.obs.lastSeenMs !== undefined || !c.folders.kubemodel) return;
    // Names carry the window start: a day earlier than the window asked for still finds a 1d window.
    const newest = await newestAcrossChildren(ctx, c.folders.kubemodel, (res) => (ms) => `${res}${stamp(ms - DAY_MS)}`);
    if (!newest || kubemodelFileTimeMs(newest.key) === undefined) return;
    judgeOnData(c, ctx, "kubemodel", newest, "kubemodel object", {
      reason: "No heartbeat from this agent (finops-agent chart 1.0.21+ with agent.exports.heartbeat off): judged on the kubemodel objects it writes; it is not ready for a 3.x primary until it writes heartbeats.",
      fix: "Turn agent.exports.heartbeat back on (the default) to see the agent's version, uptime and readiness for a 3.x primary here.",
    });
  },
};

const federatedData: AgentClusterCheck = {
  name: "Federated ETL data (no agent output)",
  async run(c, ctx) {
    if (c.obs.lastSeenMs !== undefined || !c.federated) return;
    const base = `${ctx.prefix}federated/${c.obs.clusterId}/etl/bingen/`;
    // Today's daily file is rewritten at every build, so it can be newer than the last hourly one.
    let newest: Awaited<ReturnType<typeof newestObjects>>[number] | undefined;
    for (const series of ["allocations/1h/", "allocations/1d/"]) {
      const folder = `${base}${series}`;
      // Names start with the window start (epoch seconds): a day back finds a 1d window too.
      const objects = await newestObjects(ctx, folder, undefined, (ms) => `${folder}${Math.floor((ms - DAY_MS) / 1000)}`);
      for (const o of objects) if (!newest || o.lastModifiedMs > newest.lastModifiedMs) newest = o;
    }
    if (!newest) return;
    const agentWrites = !!(c.folders.heartbeat || c.folders.kubemodel);
    judgeOnData(c, ctx, "federated", newest, "Federated ETL file", agentWrites
      ? {
          reason: "No heartbeat or kubemodel object from this agent: judged on the Federated ETL files it writes (federated/<id>/); not ready for a 3.x primary until it writes heartbeats.",
          fix: "Turn agent.exports.heartbeat back on (finops-agent chart 1.0.21+) so readiness for a 3.x primary can be counted.",
        }
      : {
          reason: `No FinOps agent output: this cluster writes only Federated ETL (federated/${c.obs.clusterId}/), as a Kubecost 2.x cost-model does. Its data arrives; it is not ready for a 3.x primary.`,
          fix: "Upgrade it to Kubecost 2.9 with the FinOps agent (finopsagent.enabled=true, global.federatedStorage) and let it write heartbeats for 48 h before moving the primary to 3.x.",
        });
  },
};

const DAY_MS = 86_400_000;
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);

/** In order: the identity checks, the heartbeat (and what it tells), diagnostics, then the
 * fallback freshness signals for an agent that writes no heartbeat. */
export const AGENT_CLUSTER_CHECKS: readonly AgentClusterCheck[] = [defaultClusterId, writeTestLeftover, heartbeats, diagnostics, kubemodelData, federatedData];
