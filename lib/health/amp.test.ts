import { describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { ampDataCheck, ampLabelCheck, evaluateAmpClusters, workspaceFailure, type AmpDataObservation } from "./amp";

const now = new Date("2026-03-10T12:00:00Z");
const ago = (s: number) => now.getTime() - s * 1000;
const thresholds = thresholdsSchema.parse({});

const verdicts = (data: AmpDataObservation, expectedClusters: string[]) =>
  Object.fromEntries(evaluateAmpClusters({ data, expectedClusters, thresholds, now }).map((v) => [v.clusterId, v]));

describe("AMP cluster verdicts", () => {
  it("uses the shared freshness edges (15 min / 60 min by default) with AMP fixes", () => {
    const v = verdicts(
      {
        label: "cluster_id",
        metric: "kubecost_cluster_info",
        clusters: [
          { clusterId: "edge", lastSeenMs: ago(15 * 60) },
          { clusterId: "late", lastSeenMs: ago(15 * 60 + 1) },
          { clusterId: "gone", lastSeenMs: ago(3600 + 1) },
        ],
      },
      ["edge", "late", "gone", "never"],
    );
    expect(v.edge.verdict).toBe("healthy");
    expect(v.edge.fix).toBeUndefined();
    expect(v.late).toMatchObject({ verdict: "lagging", fix: expect.stringContaining("prometheus_remote_storage_samples_pending") });
    expect(v.gone).toMatchObject({ verdict: "stale", fix: expect.stringContaining("aps:RemoteWrite") });
    expect(v.never).toMatchObject({ verdict: "missing", expected: true, fix: expect.stringContaining('external_labels.cluster_id') });
  });

  it("a cluster under the wrong label is an error naming both labels; seen under both it is only a note", () => {
    const v = verdicts(
      {
        label: "cluster_id",
        metric: "kubecost_cluster_info",
        clusters: [{ clusterId: "both", lastSeenMs: ago(60) }],
        otherLabel: { label: "cluster", clusters: [{ clusterId: "wrong", lastSeenMs: ago(60) }, { clusterId: "both", lastSeenMs: ago(60) }] },
      },
      ["wrong", "both"],
    );
    expect(v.wrong).toMatchObject({ verdict: "error", facts: { foundUnderLabel: "cluster" } });
    expect(v.wrong.reason).toContain('cluster="wrong" but no cluster_id label');
    expect(v.wrong.fix).toContain("kubecostModel.promClusterIDLabel=cluster");
    expect(v.both.verdict).toBe("healthy");
    expect(v.both.reason).toContain("only the primary shows up");
  });

  it("a failure makes every expected cluster an error with its reason; with no list there are no rows", () => {
    const failure = workspaceFailure("DELETING", "ws-1")!;
    const rows = evaluateAmpClusters({ failure, expectedClusters: ["a", "b"], thresholds, now });
    expect(rows.map((r) => [r.clusterId, r.verdict])).toEqual([["a", "error"], ["b", "error"]]);
    expect(rows[0].reason).toContain("ws-1 is DELETING");
    expect(evaluateAmpClusters({ failure, expectedClusters: [], thresholds, now })).toEqual([]);
    expect(workspaceFailure("ACTIVE", "ws-1")).toBeUndefined();
    expect(workspaceFailure("UPDATING", "ws-1")).toBeUndefined();
  });

  it("a seen cluster not in the list is unexpected", () => {
    const v = verdicts({ label: "cluster_id", metric: "kubecost_cluster_info", clusters: [{ clusterId: "x", lastSeenMs: ago(10) }] }, ["y"]);
    expect(v.x).toMatchObject({ verdict: "unexpected", expected: false });
  });
});

describe("AMP checks", () => {
  const base: AmpDataObservation = { label: "cluster_id", metric: "kubecost_cluster_info", clusters: [{ clusterId: "a", lastSeenMs: ago(5) }] };
  it("label check: ok, warn with the other label, fail when nobody carries it, warn for unlabelled series", () => {
    expect(ampLabelCheck(base, now, 3).status).toBe("ok");
    const mixed = ampLabelCheck({ ...base, otherLabel: { label: "cluster", clusters: [{ clusterId: "b", lastSeenMs: ago(5) }] } }, now, 3);
    expect(mixed).toMatchObject({ status: "warn", message: expect.stringContaining('cluster="b"') });
    const none = ampLabelCheck({ ...base, clusters: [], otherLabel: { label: "cluster", clusters: [{ clusterId: "b", lastSeenMs: ago(5) }] } }, now, 3);
    expect(none.status).toBe("fail");
    const bare = ampLabelCheck({ ...base, unlabelled: { series: 2, lastSeenMs: ago(120) } }, now, 3);
    expect(bare).toMatchObject({ status: "warn", message: expect.stringContaining("2 series of kubecost_cluster_info carry no cluster label at all (newest 2 min ago)") });
    expect(bare.fix).toContain("external_labels.cluster_id");
  });
  it("data check names the metric read and the number of queries", () => {
    expect(ampDataCheck(base, 1, 5)).toMatchObject({ status: "ok", message: "Read kubecost_cluster_info: 1 cluster(s) (1 query, last 24 h)." });
    expect(ampDataCheck({ ...base, metric: "node_total_hourly_cost" }, 2, 5).status).toBe("warn");
    expect(ampDataCheck({ label: "cluster_id", clusters: [] }, 2, 5).status).toBe("warn");
  });
});

describe("AMP clusters remembered from earlier probes", () => {
  const now = new Date("2026-01-10T12:00:00Z");
  const thresholds = thresholdsSchema.parse({});
  const data: AmpDataObservation = { label: "cluster_id", metric: "kubecost_cluster_info", clusters: [{ clusterId: "live", lastSeenMs: now.getTime() - 60_000 }] };
  const remembered = [{ clusterId: "gone", lastSeenMs: now.getTime() - 30 * 3600_000 }];

  it("a cluster outside the 24 h window is stale with when it was last seen, expected or not", () => {
    for (const expectedClusters of [[], ["live", "gone"], ["live"]]) {
      const gone = evaluateAmpClusters({ data, remembered, expectedClusters, thresholds, now }).find((c) => c.clusterId === "gone")!;
      expect(gone).toMatchObject({ verdict: "stale", lagSeconds: 30 * 3600, expected: expectedClusters.includes("gone") });
      expect(gone.reason).toBe("Not seen in 24 h: the AMP query looks back 24 h, and this console last saw a sample from it 30 h ago.");
    }
  });

  it("a failed query makes every remembered cluster an error, not only the expected ones", () => {
    const failure = { reason: "Querying the workspace failed: denied.", fix: "Allow aps:QueryMetrics." };
    const rows = evaluateAmpClusters({ failure, remembered, expectedClusters: ["live"], thresholds, now });
    expect(rows.map((r) => [r.clusterId, r.verdict, r.expected])).toEqual([
      ["gone", "error", false],
      ["live", "error", true],
    ]);
    expect(rows[0].reason).toContain("Querying the workspace failed");
  });
});
