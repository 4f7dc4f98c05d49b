import type { ClusterVerdict, Source, StatusReport, Verdict } from "../../lib/health/types";
import { rollupReport } from "../../lib/health/rollup";

// A large, made-up report for measuring the dashboard at 1,000 clusters. The demo data covers
// behaviour; this covers size.

export function bigStatusReport(count: number, now = new Date()): StatusReport & { refreshSeconds: number } {
  const sources: Source[] = ["etl", "thanos", "amp"];
  const clusters: Record<Source, ClusterVerdict[]> = { etl: [], thanos: [], amp: [], agent: [] };
  for (let i = 0; i < count; i++) {
    const source = sources[i % 3];
    const verdict: Verdict = i % 17 === 0 ? "stale" : i % 11 === 0 ? "lagging" : i % 29 === 0 ? "missing" : "healthy";
    const lag = verdict === "healthy" ? 1200 + (i % 50) * 60 : verdict === "lagging" ? 5 * 3600 : 20 * 3600;
    clusters[source].push({
      clusterId: `cluster-${String(i).padStart(4, "0")}`,
      source,
      verdict,
      reason: `Newest upload ${Math.round(lag / 60)} min ago.`,
      expected: true,
      ...(verdict === "missing" ? {} : { lastSeen: new Date(now.getTime() - lag * 1000).toISOString(), lagSeconds: lag }),
      coverage: Array.from({ length: 7 }, (_, d) => ({
        day: new Date(now.getTime() - (6 - d) * 86400_000).toISOString().slice(0, 10),
        coveredHours: verdict === "healthy" ? 24 : d < 6 ? 24 : 4,
      })),
      evidence: [{ label: "allocations/1h newest", key: `federated/cluster-${i}/etl/bingen/allocations/1h/1-2`, sizeBytes: 2048 }],
    });
  }
  const reports = sources.map((s) => ({
      source: s,
      target: s === "amp" ? "AMP ws-fixture (us-east-1)" : `s3://fixture-${s} (us-east-1)`,
      durationMs: 250,
      checks: [{ id: `${s}.reachable`, source: s, title: "Reachable", status: "ok" as const, message: "Fixture", durationMs: 10 }],
      clusters: clusters[s],
    }));
  return { generatedAt: now.toISOString(), refreshSeconds: 60, sources: reports, ...rollupReport(reports) };
}
