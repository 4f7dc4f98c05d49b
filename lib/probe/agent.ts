import "server-only";
import type { BucketTarget } from "./targets";
import type { CheckResult, Evidence, SourceReport } from "@/lib/health/types";
import type { ClusterObservation, ClusterProblem } from "@/lib/health/observation";
import { formatAge } from "@/lib/health/evaluate";
import { agentReadinessCheck, agentVersionCheck, READY_AFTER_MS } from "@/lib/health/agent-fleet";
import type { ProbeContext } from "./context";
import { bucketSourceReport } from "./bucket-report";
import { AGENT_APP, DEFAULT_CLUSTER_ID, agentFileKeyAt, agentFileTimeMs, failingDiagnostics, parseHeartbeat } from "./agent-files";
import { discoverAgentFolders, type AgentFolders } from "./agent-layout";
import { listPage, type ListedObject } from "./s3-list";
import { parseJsonObject, readSmallObject } from "./s3-object";
import { mapPool } from "./pool";
import { describeS3Error, s3FailedCheck } from "./s3-errors";

// Kubecost 2.9 / 3.x FinOps agent probe: per cluster the newest heartbeat (age, agent version,
// who writes it), the oldest one still in the bucket (how long it has reported: the 48 h before
// a primary may move to 3.x), the newest diagnostics run and its failing checks. Cost per
// cluster: one listing of the recent heartbeats, one GET of the newest, one listing and one GET
// for diagnostics, and one listing for the oldest heartbeat (cached an hour): 4 warm, 5 cold.

type AgentTarget = BucketTarget;
const HEARTBEAT_MS = 5 * 60_000;
const RECENT_MS = 30 * 60_000;
/** More heartbeats than this in RECENT_MS: more than one agent writes under the cluster id. */
const TWO_PRODUCERS_AT = Math.ceil((RECENT_MS / HEARTBEAT_MS) * 1.5);
const MAX_JSON_BYTES = 256 * 1024;
const oldestCache = new Map<string, { key?: string; ms?: number; atMs: number }>();

export function clearAgentCache(): void {
  oldestCache.clear();
}

export async function probeAgent(target: AgentTarget, ctx: ProbeContext): Promise<SourceReport> {
  const started = Date.now();
  const { s3, now } = ctx;
  const { bucket, prefix, region } = target;
  const nowMs = now.getTime();
  const checks: CheckResult[] = [];
  const list = (p: string, startAfter?: string, maxKeys?: number) => listPage(s3, { bucket, prefix: p, startAfter, maxKeys, abortSignal: ctx.abortSignal });
  const finish = (observations: ClusterObservation[]): SourceReport => bucketSourceReport("agent", target, ctx, checks, observations, started);

  let t0 = Date.now();
  let folders: AgentFolders[];
  try {
    folders = await discoverAgentFolders(s3, bucket, prefix, ctx.abortSignal);
  } catch (error) {
    checks.push(s3FailedCheck(error, { bucket, region, action: "s3:ListBucket", doing: `listing ${prefix || "the bucket root"}`, id: "agent.bucket", source: "agent", title: "Agent folders", durationMs: Date.now() - t0 }));
    const failed = checks[0];
    return finish(ctx.expectedClusters.map((clusterId) => ({ clusterId, problems: [{ severity: "error", reason: failed.message, fix: failed.fix ?? "" }], emptyReason: "The bucket could not be listed." })));
  }
  const withHeartbeat = folders.filter((f) => f.heartbeat);
  checks.push({
    id: "agent.bucket",
    source: "agent",
    title: "Agent folders",
    status: withHeartbeat.length > 0 ? "ok" : "warn",
    message: withHeartbeat.length
      ? `Found ${withHeartbeat.length} cluster${withHeartbeat.length === 1 ? "" : "s"} with FinOps agent heartbeats under s3://${bucket}/${prefix} (${[...new Set(withHeartbeat.map((f) => f.layout))].join(", ")}).`
      : `No FinOps agent heartbeats under s3://${bucket}/${prefix}: no Kubecost 2.9 / 3.x agent writes here yet.`,
    fix: withHeartbeat.length ? undefined : `On each cluster enable the agent (3.x: finopsagent.enabled=true; 2.9: finopsagent.enabled=true with global.federatedStorage) pointing at this bucket; it writes ${AGENT_APP}/<cluster id>/heartbeat/ every 5 min.`,
    durationMs: Date.now() - t0,
  });

  t0 = Date.now();
  const failures: string[] = [];
  const observations = await mapPool(folders, ctx.concurrency ?? 16, async (f): Promise<ClusterObservation> => {
    const problems: ClusterProblem[] = [];
    const evidence: Evidence[] = [];
    const facts: Record<string, string | number | boolean> = { layout: f.layout };
    const obs: ClusterObservation = { clusterId: f.clusterId, problems, evidence, facts, emptyReason: `No heartbeat under ${f.heartbeat ?? `${prefix}${AGENT_APP}/${f.clusterId}/heartbeat/`}.` };
    if (f.clusterId === DEFAULT_CLUSTER_ID) {
      problems.push({ severity: "error", reason: `The agent reports as "${DEFAULT_CLUSTER_ID}", Kubecost's default cluster id: every cluster left at the default writes into this one folder.`, fix: "Set global.clusterId to a unique id on that cluster (the kubecost chart warns about cluster-one with federated storage: https://github.com/kubecost/kubecost, v3.2.1 chart); then delete this folder once nothing writes to it." });
    }
    if (f.leftoverWriteTest && nowMs - f.leftoverWriteTest.lastModifiedMs > 3_600_000) {
      problems.push({ severity: "note", reason: `A write-test object from the agent's start is still there (${f.leftoverWriteTest.key}, ${formatAge((nowMs - f.leftoverWriteTest.lastModifiedMs) / 1000)} old).`, fix: "The agent writes, reads back and deletes it at start: a leftover one means its role lacks s3:DeleteObject (it also needs it to expire its own heartbeats)." });
    }
    try {
      if (f.heartbeat) await observeHeartbeats(f.heartbeat, obs);
      if (f.diagnostics) await observeDiagnostics(f.diagnostics, obs);
    } catch (error) {
      const d = describeS3Error(error, { bucket, region, action: "s3:ListBucket", doing: `reading ${f.heartbeat ?? f.diagnostics}` });
      failures.push(f.clusterId);
      problems.push({ severity: "error", reason: d.message, fix: d.fix });
    }
    return obs;
  });
  if (failures.length) {
    checks.push({ id: "agent.clusters", source: "agent", title: "Agent files", status: "fail", message: `Could not read the agent files of ${failures.length} of ${folders.length} clusters (${failures.slice(0, 5).join(", ")}${failures.length > 5 ? ", ..." : ""}).`, fix: observations.find((o) => o.clusterId === failures[0])?.problems?.at(-1)?.fix, durationMs: Date.now() - t0 });
  }
  const agents = observations.filter((o) => o.lastSeenMs !== undefined);
  checks.push(agentVersionCheck(agents.map((o) => ({ clusterId: o.clusterId, version: o.facts?.agentVersion as string | undefined }))));
  checks.push(agentReadinessCheck(ctx.expectedClusters, observations.map((o) => ({ clusterId: o.clusterId, heartbeatForMs: o.facts?.heartbeatForSeconds !== undefined ? Number(o.facts.heartbeatForSeconds) * 1000 : undefined, fresh: o.lastSeenMs !== undefined && nowMs - o.lastSeenMs <= ctx.thresholds.agentStaleAfterSeconds * 1000 }))));
  return finish(observations);

  async function observeHeartbeats(folder: string, obs: ClusterObservation) {
    const recent = await newestFiles(folder);
    const newest = recent.at(-1);
    if (!newest) return;
    obs.lastSeenMs = newest.lastModifiedMs || agentFileTimeMs(newest.key);
    obs.evidence!.push({ label: "newest heartbeat", key: newest.key, lastModified: new Date(obs.lastSeenMs!).toISOString(), sizeBytes: newest.size });
    const beat = await readJson(newest.key, parseHeartbeat, obs, "heartbeat");
    if (beat?.version) obs.facts!.agentVersion = beat.version;
    const inWindow = recent.filter((o) => nowMs - (agentFileTimeMs(o.key) ?? o.lastModifiedMs) <= RECENT_MS);
    if (beat && inWindow.length > TWO_PRODUCERS_AT) {
      const other = await readJson(inWindow[inWindow.length - 2].key, parseHeartbeat, obs, "heartbeat");
      if (other && other.producer !== beat.producer) {
        obs.facts!.heartbeatsLast30m = inWindow.length;
        obs.problems!.push({
          severity: "error",
          reason: `Two agents write under this cluster id: ${inWindow.length} heartbeats in 30 min (one agent writes ${RECENT_MS / HEARTBEAT_MS}) with different cluster metadata${other.version !== beat.version ? ` (versions ${beat.version} and ${other.version})` : ""}.`,
          fix: `Two clusters share global.clusterId "${obs.clusterId}" (or a global agent and a per-cluster agent both run): give every cluster its own id; their cost data otherwise mixes in the primary.`,
        });
      }
    }
    const oldest = await oldestFile(folder);
    if (oldest?.ms !== undefined) {
      const forMs = Math.max(0, obs.lastSeenMs! - oldest.ms);
      obs.facts!.heartbeatSince = new Date(oldest.ms).toISOString();
      obs.facts!.heartbeatForSeconds = Math.round(forMs / 1000);
      obs.facts!.readyFor3x = forMs >= READY_AFTER_MS;
    }
  }

  async function observeDiagnostics(folder: string, obs: ClusterObservation) {
    const newest = (await newestFiles(folder)).at(-1);
    if (!newest) return;
    const at = newest.lastModifiedMs || agentFileTimeMs(newest.key) || 0;
    obs.facts!.diagnosticsAgeSeconds = Math.round((nowMs - at) / 1000);
    const failing = await readJson(newest.key, failingDiagnostics, obs, "diagnostics");
    obs.evidence!.push({ label: "newest diagnostics", key: newest.key, lastModified: new Date(at).toISOString(), sizeBytes: newest.size, note: failing ? (failing.length ? `Failing: ${failing.join(", ")}.` : "Every diagnostic passes.") : undefined });
    if (failing?.length) {
      obs.facts!.failingDiagnostics = failing.join(", ");
      obs.problems!.push({ severity: "error", reason: `The agent's diagnostics fail: ${failing.join(", ")} (run ${formatAge((nowMs - at) / 1000)} ago).`, fix: `Open ${newest.key} for each diagnostic's error text; fix those on the cluster (the agent reruns them every 10 min).` });
    }
  }

  /** The newest files of a time-named folder: the recent window, stepping back when empty. */
  async function newestFiles(folder: string): Promise<ListedObject[]> {
    for (let back = RECENT_MS; ; back *= 4) {
      const all = back > 40 * 86_400_000;
      const objects: ListedObject[] = [];
      let token: string | undefined;
      do {
        const page = await listPage(s3, { bucket, prefix: folder, startAfter: all ? undefined : agentFileKeyAt(folder, nowMs - back), continuationToken: token, abortSignal: ctx.abortSignal });
        objects.push(...page.objects.filter((o) => o.key.endsWith(".json")));
        token = page.truncated ? page.nextToken : undefined;
      } while (token);
      if (objects.length > 0 || all) return objects;
    }
  }

  async function oldestFile(folder: string) {
    const key = `${bucket}|${folder}`;
    const hit = oldestCache.get(key);
    if (hit && nowMs - hit.atMs < 3_600_000) return hit;
    const first = (await list(folder, undefined, 1)).objects[0];
    const entry = { key: first?.key, ms: first ? (agentFileTimeMs(first.key) ?? first.lastModifiedMs) : undefined, atMs: nowMs };
    if (oldestCache.size > 20_000) oldestCache.clear();
    oldestCache.set(key, entry);
    return entry;
  }

  /** A JSON body read through the size cap; an unreadable one is a note naming the key. */
  async function readJson<T>(key: string, parse: (json: unknown) => T | undefined, obs: ClusterObservation, what: string): Promise<T | undefined> {
    const read = await readSmallObject(s3, bucket, key, MAX_JSON_BYTES, ctx.abortSignal);
    const json = "unreadable" in read ? read : parseJsonObject(read.text);
    const value = "unreadable" in json ? undefined : parse(json.json);
    if (value === undefined) {
      obs.problems!.push({ severity: "note", reason: `The newest ${what} ${key} is not an agent ${what} (${"unreadable" in json ? json.unreadable : "unexpected shape"}).`, fix: "Something else writes into the agent's folder, or the agent version is newer than this console knows." });
    }
    return value;
  }
}
