import type { Verdict } from "@/lib/health/types";
import type { SeedObject } from "./seed-store";
import { etlClusterObjects } from "./seed-etl";

// A Kubecost 2.9 / 3.x FinOps agent fleet as it lands in the federated-storage bucket: a
// heartbeat every 5 min and a diagnostics run every 10 min per cluster under
// finops-agent/<cluster>/{heartbeat,diagnostics}/<YYYYMMDDHHmmss>.json (one cluster in the other
// exporter revision's order, <cluster>/heartbeat/finops-agent/), plus a write-test object an
// agent failed to delete. Kubecost 2.9 agents write these next to federated/<cluster>/, so the
// demo puts them in the ETL bucket. Agents of finops-agent chart 1.0.21+ can switch heartbeats
// off (agent.exports.heartbeat) and write kubemodel objects (agent.exporter.exportKubeModel):
// finops-agent/<cluster>/kubemodel/<resolution>/<YYYYMMDDHHmmss>, the window start, as the
// public opencost path code builds it (core/pkg/exporter/pathing/kubemodelpath.go). legacy-4
// is a 2.x cluster: Federated ETL only, no agent.

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface AgentSeed {
  id: string;
  version: string;
  /** Age of the newest heartbeat. */
  lagMs: number;
  /** How long it has written heartbeats. */
  historyMs: number;
  failing?: string[];
  /** A second agent writes under the same id (different cluster UID). */
  twin?: boolean;
  layout?: "app-first" | "cluster-first";
  /** agent.exports.heartbeat / agent.exports.diagnostics (default on). */
  exports?: { heartbeat: boolean; diagnostics: boolean };
  /** Writes kubemodel objects (1h and 1d windows) up to the newest heartbeat time. */
  kubemodel?: boolean;
}

/** A 2.x cluster in the demo ETL bucket with no agent (Federated ETL only, newest upload 40 min
 * ago): the agent source judges it on those files. */
export const DEMO_ETL_ONLY_CLUSTER = "legacy-4";

/** The demo fleet and the verdict each gets (one fixture for the probe, collect and e2e tests). */
export const DEMO_AGENT_FLEET: AgentSeed[] = [
  { id: "prod-east-1", version: "3.2.1", lagMs: 2 * MIN, historyMs: 72 * HOUR },
  { id: "prod-west-2", version: "2.9.7", lagMs: 3 * MIN, historyMs: 20 * HOUR },
  { id: "staging-1", version: "3.2.1", lagMs: 25 * MIN, historyMs: 60 * HOUR },
  { id: "analytics-2", version: "3.2.1", lagMs: 4 * MIN, historyMs: 72 * HOUR, failing: ["kubeStateMetricsAvailable"] },
  { id: "dev-3", version: "2.9.7", lagMs: 3 * HOUR, historyMs: 30 * HOUR },
  { id: "cluster-one", version: "3.2.1", lagMs: 1 * MIN, historyMs: 10 * HOUR },
  { id: "shared-id", version: "3.2.1", lagMs: 1 * MIN, historyMs: 6 * HOUR, twin: true },
  { id: "edge-9", version: "2.9.7", lagMs: 4 * MIN, historyMs: 50 * HOUR, layout: "cluster-first" },
  // Heartbeats off: judged on kubemodel objects (fresh: healthy; a day old: stale).
  { id: "ops-5", version: "3.2.1", lagMs: 6 * MIN, historyMs: 30 * HOUR, exports: { heartbeat: false, diagnostics: true }, kubemodel: true },
  { id: "batch-7", version: "3.2.1", lagMs: 26 * HOUR, historyMs: 30 * HOUR, exports: { heartbeat: false, diagnostics: false }, kubemodel: true },
];

export const DEMO_AGENT_EXPECTED = [...DEMO_AGENT_FLEET.map((a) => a.id).filter((id) => id !== "cluster-one"), DEMO_ETL_ONLY_CLUSTER];

export const DEMO_AGENT_VERDICTS: Record<string, Verdict> = {
  "analytics-2": "error",
  "cluster-one": "error",
  "dev-3": "stale",
  "edge-9": "healthy",
  "prod-east-1": "healthy",
  // Its write test was left behind (no s3:DeleteObject): needs action before its next restart.
  "prod-west-2": "error",
  "shared-id": "error",
  "staging-1": "lagging",
  "ops-5": "healthy",
  "batch-7": "stale",
  "legacy-4": "healthy",
};

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);

export function* agentClusterObjects(prefix: string, a: AgentSeed, nowMs: number): Generator<SeedObject> {
  const folder = (event: string) => (a.layout === "cluster-first" ? `${prefix}${a.id}/${event}/finops-agent/` : `${prefix}finops-agent/${a.id}/${event}/`);
  const newest = nowMs - a.lagMs;
  const producers = a.exports?.heartbeat === false ? [] : a.twin ? [0, 2.5 * MIN] : [0];
  for (const [n, offset] of producers.entries()) {
    const uid = `${a.id}-uid-${n ? "b" : "a"}`;
    for (let t = newest - offset; t >= newest - a.historyMs; t -= 5 * MIN) {
      const ms = Math.floor(t / 1000) * 1000;
      const body = { id: `${uid}-${ms}`, timestamp: new Date(ms).toISOString(), uptime: Math.round((ms - (newest - a.historyMs)) / 1000), version: a.version, metadata: { id: uid, name: a.id, provider: "aws", region: "us-east-1", version: "v1.31.2" } };
      yield { key: `${folder("heartbeat")}${stamp(ms)}.json`, body: JSON.stringify(body), lastModifiedMs: ms + 1_000 };
    }
  }
  if (a.kubemodel) yield* kubemodelObjects(prefix, a.id, newest, a.historyMs);
  if (a.exports?.diagnostics === false) return;
  for (let t = newest; t >= newest - a.historyMs; t -= 10 * MIN) {
    const ms = Math.floor(t / 1000) * 1000;
    const results = ["prometheusReachable", "kubeStateMetricsAvailable", "bucketWritable"].map((name) => ({ id: name, name, category: "agent", timestamp: new Date(ms).toISOString(), ...(a.failing?.includes(name) ? { error: `${name} failed: no data in the last 10 min` } : {}) }));
    yield { key: `${folder("diagnostics")}${stamp(ms)}.json`, body: JSON.stringify({ startTime: new Date(ms).toISOString(), application: "finops-agent", results }), lastModifiedMs: ms + 2_000 };
  }
}

/** Kubemodel windows that closed before `newestMs`, each written when it closed. */
function* kubemodelObjects(prefix: string, id: string, newestMs: number, historyMs: number): Generator<SeedObject> {
  for (const [res, size] of [["1h", HOUR], ["1d", 24 * HOUR]] as const) {
    for (let start = Math.floor((newestMs - size) / size) * size; start >= newestMs - historyMs - size; start -= size) {
      yield { key: `${prefix}finops-agent/${id}/kubemodel/${res}/${stamp(start)}`, body: "kubemodel demo payload: not real Kubecost data", lastModifiedMs: Math.min(start + size + 2 * MIN, newestMs) };
    }
  }
  // The window still open is rewritten on each export, the newest object.
  const open = Math.floor(newestMs / HOUR) * HOUR;
  yield { key: `${prefix}finops-agent/${id}/kubemodel/1h/${stamp(open)}`, body: "kubemodel demo payload: not real Kubecost data", lastModifiedMs: newestMs };
}

export function demoAgentObjects(prefix: string, nowMs: number): SeedObject[] {
  const objects = DEMO_AGENT_FLEET.flatMap((a) => [...agentClusterObjects(prefix, a, nowMs)]);
  objects.push(...etlClusterObjects(prefix, { id: DEMO_ETL_ONLY_CLUSTER, lastUploadMs: nowMs - 40 * MIN, days: 3 }));
  // prod-west-2's agent could not delete its start-up write test (no s3:DeleteObject).
  objects.push({ key: `${prefix}prod-west-2/write-test/test.txt`, body: "write test", lastModifiedMs: nowMs - 20 * HOUR });
  return objects;
}
