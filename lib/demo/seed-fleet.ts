import { diagnosticsObject, etlClusterObjects } from "./seed-etl";
import { seededRandom, thanosClusterObjects } from "./seed-thanos";
import type { SeedableS3 } from "./seed-store";
import { agentClusterObjects } from "./seed-agent";

// The bench's fleet: N clusters uploading to a Federated ETL bucket (30 days of daily files,
// hourly files for `hourlyHours`, diagnostics) and a Thanos bucket (a week of 2 h sidecar blocks
// each). Most clusters are on time; 1 % lag and 1 % went quiet, as in a real fleet.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface FleetOptions {
  now: number;
  clusters: number;
  hourlyHours: number;
  /** FinOps agent history per cluster in the agent bucket (heartbeat 5 min, diagnostics 10 min). */
  agentHours?: number;
}

export const fleetClusterIds = (n: number) => Array.from({ length: n }, (_, i) => `cluster-${String(i + 1).padStart(4, "0")}`);

export function seedFleet(store: SeedableS3, opts: FleetOptions): { etlObjects: number; thanosObjects: number; agentObjects: number } {
  const rng = seededRandom(1);
  store.createBucket("bench-etl");
  store.createBucket("bench-thanos");
  store.createBucket("bench-agent");
  let etlObjects = 0;
  let thanosObjects = 0;
  let agentObjects = 0;
  fleetClusterIds(opts.clusters).forEach((id, i) => {
    const lag = i % 100 === 7 ? 5 * HOUR : i % 100 === 42 ? 2 * DAY : Math.round(5 * MIN + rng() * 50 * MIN);
    const last = opts.now - lag;
    etlObjects += store.put("bench-etl", etlClusterObjects("", { id, lastUploadMs: last, days: 30, hourlyHours: opts.hourlyHours }));
    etlObjects += store.put("bench-etl", [diagnosticsObject("", id, Math.round(last - rng() * 5 * MIN))]);
    // Sidecars cut 2 h blocks on shared boundaries, so uploads across the fleet line up.
    const upload = Math.round(opts.now - 5 * MIN - rng() * 110 * MIN);
    thanosObjects += store.put("bench-thanos", thanosClusterObjects("", { labels: { cluster_id: id }, newestUploadMs: upload, hours: 7 * 24 }, rng));
    const agentLag = i % 100 === 7 ? 2 * HOUR : Math.round(rng() * 5 * MIN);
    agentObjects += store.put("bench-agent", agentClusterObjects("", { id, version: i % 10 === 3 ? "2.9.7" : "3.2.1", lagMs: agentLag, historyMs: (opts.agentHours ?? 2) * HOUR }, opts.now));
  });
  return { etlObjects, thanosObjects, agentObjects };
}
