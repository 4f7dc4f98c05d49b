import { describe, expect, it } from "vitest";
import { rollupClusters, rollupReport } from "./rollup";
import type { ClusterVerdict, Source, SourceReport, Verdict } from "./types";

const row = (clusterId: string, source: Source, verdict: Verdict, fix?: string): ClusterVerdict => ({ clusterId, source, verdict, reason: `${source} says ${verdict}`, fix, expected: true });
const report = (source: Source, clusters: ClusterVerdict[], failed = 0): SourceReport => ({
  source,
  target: source,
  clusters,
  durationMs: 1,
  checks: Array.from({ length: failed }, (_, i) => ({ id: `${source}.c${i}`, source, title: "c", status: "fail" as const, message: "m", durationMs: 0 })),
});

const sources = [
  report("etl", [row("prod-a", "etl", "healthy"), row("prod-b", "etl", "stale", "Restart the uploads."), row("dev-c", "etl", "lagging", "Check the agent.")], 1),
  report("thanos", [row("prod-a", "thanos", "error", "Fix the sidecar label."), row("prod-b", "thanos", "healthy")]),
  report("agent", [row("prod-a", "agent", "missing", "Enable the agent."), row("edge-d", "agent", "healthy")]),
];

describe("per-cluster rollup", () => {
  it("gives each cluster id one row: the worst verdict, each source's verdict and the worst source's fix", () => {
    const rollup = rollupClusters(sources);
    expect(rollup.map((c) => [c.clusterId, c.verdict])).toEqual([
      ["prod-a", "error"],
      ["prod-b", "stale"],
      ["dev-c", "lagging"],
      ["edge-d", "healthy"],
    ]);
    expect(rollup[0]).toEqual({
      clusterId: "prod-a",
      verdict: "error",
      sources: { etl: "healthy", thanos: "error", agent: "missing" },
      worstSource: "thanos",
      reason: "thanos says error",
      fix: "Fix the sidecar label.",
      needsAction: true,
    });
    // Healthy in one source but in error in another is not healthy.
    expect(rollup.find((c) => c.clusterId === "prod-a")?.verdict).not.toBe("healthy");
    expect(rollup.find((c) => c.clusterId === "edge-d")).toMatchObject({ needsAction: false });
    expect(rollup.find((c) => c.clusterId === "edge-d")?.fix).toBeUndefined();
  });

  it("counts clusters (distinct ids), not per-source rows", () => {
    const { summary } = rollupReport(sources);
    expect(summary).toEqual({ healthy: 1, lagging: 1, stale: 1, missing: 0, unexpected: 0, error: 1, checking: 0, total: 4, failedChecks: 1 });
    expect(sources.flatMap((s) => s.clusters)).toHaveLength(7);
  });

  it("while a source is still probing, a cluster that looks fine so far is checking, and the count says so", () => {
    const { clusters, summary } = rollupReport(sources.slice(0, 1), ["thanos", "agent"]);
    expect(clusters.map((c) => [c.clusterId, c.verdict])).toEqual([
      ["prod-b", "stale"],
      ["dev-c", "checking"],
      ["prod-a", "checking"],
    ]);
    expect(clusters.find((c) => c.clusterId === "prod-a")?.reason).toBe("etl says healthy Still probing thanos, agent.");
    expect(summary.checking).toBe(2);
    expect(summary.stale).toBe(1);
  });
});
