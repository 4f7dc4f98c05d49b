import type { SeedObject } from "./seed-store";
import type { Verdict } from "@/lib/health/types";

/** What the demo ETL bucket is seeded to show, per cluster: the probe, collect and e2e tests
 * assert against this one picture (a healthy pair, lagging, stale, a zero-byte file, one
 * expected but missing, one unexpected). */
export const DEMO_ETL_VERDICTS: Record<string, Verdict> = {
  "analytics-2": "error",
  "dev-3": "stale",
  "prod-east-1": "healthy",
  "prod-eu-1": "missing",
  "prod-west-2": "healthy",
  "sandbox-x": "unexpected",
  "staging-1": "lagging",
};

// Generates a Federated ETL bucket the way Kubecost 2.x agents fill it (opencost core/pkg/exporter/pathing/bingenpath.go, https://github.com/opencost/opencost):
// federated/<id>/etl/bingen/<pipeline>/<resolution>/<startUnix>-<endUnix>. Daily files for
// `days` days (today's file is rewritten on every build, so its LastModified is the newest
// upload); hourly files for the last `hourlyHours` hours (Kubecost keeps 49 h of hourly ETL by
// default: etlHourlyStoreDurationHours in the chart values).

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface EtlClusterSeed {
  id: string;
  /** Time of the cluster's newest upload (epoch ms). */
  lastUploadMs: number;
  days?: number;
  hourlyHours?: number;
  pipelines?: string[];
  /** Make the newest allocations/1h file zero bytes (a failed upload). */
  zeroByteNewest?: boolean;
}

const BODY = "bingen-v1 demo payload: not real Kubecost data";

export function* etlClusterObjects(prefix: string, seed: EtlClusterSeed): Generator<SeedObject> {
  const base = `${prefix}federated/${seed.id}/etl/bingen/`;
  const last = seed.lastUploadMs;
  const days = seed.days ?? 30;
  const hourly = seed.hourlyHours ?? 49;
  for (const pipeline of seed.pipelines ?? ["allocations", "assets"]) {
    const today = Math.floor(last / DAY) * DAY;
    for (let d = days - 1; d >= 0; d--) {
      const start = today - d * DAY;
      const end = start + DAY;
      // A finished day was last rewritten shortly after it ended; today's file at the last build.
      const written = Math.min(end + 10 * 60_000, last);
      yield { key: `${base}${pipeline}/1d/${start / 1000}-${end / 1000}`, body: BODY, lastModifiedMs: written };
    }
    const thisHour = Math.floor(last / HOUR) * HOUR;
    for (let h = hourly; h >= 1; h--) {
      const start = thisHour - h * HOUR;
      const end = start + HOUR;
      const zero = seed.zeroByteNewest && pipeline === "allocations" && h === 1;
      yield {
        key: `${base}${pipeline}/1h/${start / 1000}-${end / 1000}`,
        body: zero ? "" : BODY,
        lastModifiedMs: Math.min(end + 5 * 60_000, last),
      };
    }
  }
}

/** Kubecost 1.x federator output: federated/combined/etl/bingen/{allocations,assets}/1d/... */
export function* combinedObjects(prefix: string, lastWriteMs: number, days = 7): Generator<SeedObject> {
  for (const o of etlClusterObjects(prefix, { id: "combined", lastUploadMs: lastWriteMs, days, hourlyHours: 0 })) yield o;
}

/** diagnostics/<cluster_id>.json (https://github.com/kubecost/kubecost/pull/2846; layout unverified, so a plausible one). */
export function diagnosticsObject(prefix: string, id: string, writtenMs: number, failing: string[] = []): SeedObject {
  const names = ["kubecostEmittingMetric", "prometheusHasKubecostMetric", "prometheusHasCadvisorMetric", "prometheusHasKSMMetric", "dailyAllocationEtlHealthy", "dailyAssetEtlHealthy", "kubecostPodsNotOOMKilled", "kubecostPodsNotPending"];
  const body = JSON.stringify({
    clusterId: id,
    timestamp: new Date(writtenMs).toISOString(),
    checks: names.map((name) => ({ name, passed: !failing.includes(name) })),
  });
  return { key: `${prefix}diagnostics/${id}.json`, body, lastModifiedMs: writtenMs };
}

export interface DemoEtl {
  objects: SeedObject[];
  expectedClusters: string[];
}

/** The demo federation: healthy, lagging, stale, zero-byte, unexpected, a missing one, 1.x combined/. */
export function demoEtlObjects(prefix: string, now: number): DemoEtl {
  const min = 60_000;
  const seeds: EtlClusterSeed[] = [
    { id: "prod-east-1", lastUploadMs: now - 20 * min, days: 10 },
    { id: "prod-west-2", lastUploadMs: now - 45 * min, days: 10 },
    { id: "staging-1", lastUploadMs: now - 5 * 60 * min, days: 10 },
    { id: "dev-3", lastUploadMs: now - 2 * DAY - 3 * HOUR, days: 10 },
    { id: "analytics-2", lastUploadMs: now - 30 * min, days: 10, zeroByteNewest: true },
    { id: "sandbox-x", lastUploadMs: now - 15 * min, days: 3 },
  ];
  const objects: SeedObject[] = [];
  for (const s of seeds) objects.push(...etlClusterObjects(prefix, s));
  objects.push(...combinedObjects(prefix, now - 25 * min));
  objects.push(diagnosticsObject(prefix, "prod-west-2", now - 3 * min));
  objects.push(diagnosticsObject(prefix, "staging-1", now - 4 * min, ["kubecostPodsNotOOMKilled"]));
  return {
    objects,
    expectedClusters: ["prod-east-1", "prod-west-2", "staging-1", "dev-3", "analytics-2", "prod-eu-1"],
  };
}
