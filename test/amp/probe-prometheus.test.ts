import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeAmp } from "@/lib/probe/amp";
import { createKnownClusters } from "@/lib/probe/amp/known-clusters";
import { statusConfigSchema, type StatusConfig } from "@/lib/status/config";
import { applyRequestTargets } from "@/lib/status/request-targets";
import type { ClusterVerdict, SourceReport } from "@/lib/health/types";
import { startAmpControlPlane, type AmpControlPlane } from "@/test/support/amp-control-plane";
import { remoteWrite, samplesBetween, startPrometheus, type RunningPrometheus, type Series } from "@/test/support/prometheus";

// The whole AMP probe against the control-plane stand-in and a real Prometheus holding
// remote-written data: fresh, lagging, stale, missing, mislabelled and unexpected clusters.

const WS = "ws-aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const MIN = 60_000;
const HOUR = 3_600_000;
const credentials = { accessKeyId: "AKIDSTANDIN", secretAccessKey: "stand-in-secret" };

let plane: AmpControlPlane;
let prom: RunningPrometheus;
let written: number; // the clock when data was written
const last: Record<string, number> = {};

const info = (labels: Record<string, string>, fromMs: number, toMs: number): Series => {
  const samples = samplesBetween(fromMs, toMs);
  return { labels: { __name__: "kubecost_cluster_info", provider: "AWS", ...labels }, samples };
};

beforeAll(async () => {
  prom = await startPrometheus(WS);
  written = Date.now();
  const fresh = info({ cluster_id: "amp-fresh" }, written - 90 * MIN, written - 20_000);
  const stray = info({ cluster_id: "amp-stray" }, written - 30 * MIN, written - 45_000);
  const mislabelled = info({ cluster: "amp-mislabelled" }, written - 60 * MIN, written - 2 * MIN);
  // Fresh data first, then older data (Prometheus accepts it through the out-of-order window).
  await remoteWrite(prom, [fresh, stray, mislabelled]);
  const lagging = info({ cluster_id: "amp-lagging" }, written - 3 * HOUR, written - 30 * MIN);
  const stale = info({ cluster_id: "amp-stale" }, written - 10 * HOUR, written - 3 * HOUR);
  await remoteWrite(prom, [lagging, stale]);
  for (const s of [fresh, stray, mislabelled, lagging, stale]) {
    last[s.labels.cluster_id ?? s.labels.cluster] = s.samples.at(-1)!.timestamp;
  }
  plane = await startAmpControlPlane({
    workspaces: [{ workspaceId: WS, alias: "kubecost", prometheusEndpoint: `${prom.url}/api/v1/`, ruleGroupsNamespaces: [{ name: "kubecost-rules" }], logging: null }],
  });
});
afterAll(async () => {
  await plane?.stop();
  await prom?.stop();
});

const amp = (extra: Partial<NonNullable<StatusConfig["amp"]>> = {}): NonNullable<StatusConfig["amp"]> => ({
  region: "us-east-1",
  workspaceId: WS,
  clusterLabel: "cluster_id",
  rulesNamespace: "kubecost-rules",
  controlPlaneEndpoint: plane.endpoint,
  ...extra,
});
const expectedClusters = ["amp-fresh", "amp-lagging", "amp-stale", "amp-missing", "amp-mislabelled"];
const byCluster = (r: SourceReport) => Object.fromEntries(r.clusters.map((c) => [c.clusterId, c])) as Record<string, ClusterVerdict>;
const byCheck = (r: SourceReport) => Object.fromEntries(r.checks.map((c) => [c.id, c]));

describe("AMP probe on a real Prometheus", () => {
  it("gives each cluster its verdict from one freshness query", async () => {
    const report = await probeAmp(amp(), { now: new Date(), expectedClusters, credentials });
    const c = byCluster(report);
    expect(Object.fromEntries(report.clusters.map((v) => [v.clusterId, v.verdict]))).toEqual({
      "amp-fresh": "healthy",
      "amp-lagging": "lagging",
      "amp-stale": "stale",
      "amp-missing": "missing",
      "amp-mislabelled": "error",
      "amp-stray": "unexpected",
    });
    // Last seen is the newest sample's own time, not a 5 min step.
    expect(Date.parse(c["amp-fresh"].lastSeen!)).toBe(last["amp-fresh"]);
    expect(Date.parse(c["amp-lagging"].lastSeen!)).toBe(last["amp-lagging"]);
    expect(Date.parse(c["amp-stale"].lastSeen!)).toBe(last["amp-stale"]);
    expect(c["amp-stale"].lagSeconds).toBeGreaterThanOrEqual(3 * 3600);
    expect(c["amp-stale"].fix).toContain("aps:RemoteWrite");
    expect(c["amp-missing"].fix).toContain('cluster_id="amp-missing"');
    expect(c["amp-missing"].fix).toContain("Missing Authentication Token");
    expect(c["amp-mislabelled"].reason).toContain('cluster="amp-mislabelled"');
    expect(c["amp-mislabelled"].fix).toContain("promClusterIDLabel=cluster");
    expect(c["amp-mislabelled"].facts).toMatchObject({ foundUnderLabel: "cluster", metric: "kubecost_cluster_info" });
    expect(c["amp-mislabelled"].expected).toBe(true);
    expect(c["amp-stray"].expected).toBe(false);

    const checks = byCheck(report);
    // The stand-in reports a loopback endpoint: used, but never quoted (review finding G).
    expect(checks["amp.endpoint"].message).toBe(`Queries for workspace ${WS} (us-east-1) go to the endpoint the workspace reports (not the standard aps-workspaces.us-east-1.amazonaws.com).`);
    expect(JSON.stringify(report)).not.toContain(prom.url);
    expect(JSON.stringify(report)).not.toContain(plane.endpoint);
    expect(checks["amp.data"]).toMatchObject({ status: "ok", message: expect.stringContaining("kubecost_cluster_info: 5 cluster(s) (3 queries") });
    expect(checks["amp.label"].status).toBe("warn");
    expect(checks["amp.label"].message).toContain('label "cluster" instead of "cluster_id": cluster="amp-mislabelled"');
    expect(report.target).toBe(`AMP ${WS} (us-east-1)`);
  });

  it("with a label nobody uses, the label check fails and names the label in use", async () => {
    const report = await probeAmp(amp({ clusterLabel: "kubernetes_cluster" }), { now: new Date(), expectedClusters: ["amp-fresh"], credentials });
    const label = byCheck(report)["amp.label"];
    expect(label.status).toBe("fail");
    expect(label.message).toContain('No series carries "kubernetes_cluster"');
    expect(label.message).toContain('label "cluster_id" instead');
    expect(label.fix).toContain("promClusterIDLabel=cluster_id");
    expect(byCluster(report)["amp-fresh"].verdict).toBe("error");
  });

  it("a cluster that drops out of the 24 h window stays on the page as stale, and a failed query keeps every known cluster", async () => {
    const knownClusters = createKnownClusters();
    const at = (ms: number) => ({ now: new Date(ms), expectedClusters, credentials, knownClusters });
    const first = await probeAmp(amp(), at(written));
    expect(byCluster(first)["amp-stale"].verdict).toBe("stale");

    // 22 h later amp-stale's last sample (written - 3 h) is outside the 24 h query window.
    const later = byCluster(await probeAmp(amp(), at(written + 22 * HOUR)));
    expect(later["amp-stale"]).toMatchObject({ verdict: "stale", expected: true, lastSeen: new Date(last["amp-stale"]).toISOString() });
    expect(later["amp-stale"].reason).toMatch(/^Not seen in 24 h: the AMP query looks back 24 h, and this console last saw a sample from it 25 h ago\.$/);
    expect(later["amp-stale"].fix).toContain("Remote write from this cluster stopped");
    expect(later["amp-missing"].verdict).toBe("missing");

    // A day after that nothing is in the window: the unexpected cluster does not vanish either.
    const gone = byCluster(await probeAmp(amp(), at(written + 25 * HOUR)));
    expect(gone["amp-stray"]).toMatchObject({ verdict: "stale", expected: false });
    expect(gone["amp-fresh"].verdict).toBe("stale");

    // The query cannot run: every cluster seen before is an error, not only the expected ones.
    plane.options.workspaces[0].status = "CREATING";
    try {
      const failed = await probeAmp(amp(), at(written + 25 * HOUR));
      expect(Object.fromEntries(failed.clusters.map((c) => [c.clusterId, c.verdict]))).toEqual({
        "amp-fresh": "error",
        "amp-lagging": "error",
        "amp-stale": "error",
        "amp-stray": "error",
        "amp-missing": "error",
        "amp-mislabelled": "error",
      });
      expect(byCluster(failed)["amp-stray"]).toMatchObject({ expected: false, lastSeen: new Date(last["amp-stray"]).toISOString() });
      expect(byCluster(failed)["amp-stray"].reason).toContain("is CREATING");
    } finally {
      plane.options.workspaces[0].status = "ACTIVE";
    }
  });

  it("a non-ACTIVE workspace is an error for every expected cluster, without querying", async () => {
    plane.options.workspaces[0].status = "CREATING";
    try {
      const report = await probeAmp(amp(), { now: new Date(), expectedClusters: ["amp-fresh", "amp-missing"], credentials, knownClusters: createKnownClusters() });
      expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([
        ["amp-fresh", "error"],
        ["amp-missing", "error"],
      ]);
      expect(report.clusters[0].reason).toContain("is CREATING");
      expect(byCheck(report)["amp.workspace"].status).toBe("fail");
      expect(byCheck(report)["amp.data"].message).toContain("Not queried");
    } finally {
      plane.options.workspaces[0].status = "ACTIVE";
    }
  });
});

describe("AMP probe metric fallback", () => {
  let only: RunningPrometheus;
  let cp: AmpControlPlane;
  const ws = "ws-00000000-1111-4222-8333-444444444444";
  beforeAll(async () => {
    only = await startPrometheus(ws);
    cp = await startAmpControlPlane({ workspaces: [{ workspaceId: ws, prometheusEndpoint: `${only.url}/` }] });
  });
  afterAll(async () => {
    await cp?.stop();
    await only?.stop();
  });

  it("a link to this workspace queries this workspace, not the server's configured query endpoint", async () => {
    // The server watches WS through a configured endpoint; a link names the other workspace.
    const server = statusConfigSchema.parse({ allowRequestTargets: true, amp: { ...amp(), controlPlaneEndpoint: cp.endpoint, queryEndpoint: prom.url } });
    const linked = applyRequestTargets(server, { ampWorkspaceId: ws });
    const report = await probeAmp(linked.amp!, { now: new Date(), expectedClusters: ["amp-a"], credentials, knownClusters: createKnownClusters() });
    expect(report.target).toBe(`AMP ${ws} (us-east-1)`);
    // This workspace is empty: WS's clusters (amp-fresh, ...) must not show up here.
    expect(byCheck(report)["amp.data"].message).toContain("Neither kubecost_cluster_info nor node_total_hourly_cost");
    expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["amp-a", "missing"]]);
  });

  it("an empty workspace: no Kubecost metric, expected clusters missing", async () => {
    const report = await probeAmp({ ...amp(), workspaceId: ws, controlPlaneEndpoint: cp.endpoint }, { now: new Date(), expectedClusters: ["amp-a"], credentials });
    expect(byCheck(report)["amp.data"]).toMatchObject({ status: "warn", message: expect.stringContaining("Neither kubecost_cluster_info nor node_total_hourly_cost") });
    expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["amp-a", "missing"]]);
  });

  it("falls back to node_total_hourly_cost when kubecost_cluster_info is absent", async () => {
    const now = Date.now();
    const n1 = samplesBetween(now - 20 * MIN, now - 10_000);
    const n2 = samplesBetween(now - 21 * MIN, now - 70_000);
    await remoteWrite(only, [
      { labels: { __name__: "node_total_hourly_cost", cluster_id: "amp-a", node: "n1" }, samples: n1 },
      { labels: { __name__: "node_total_hourly_cost", cluster_id: "amp-a", node: "n2" }, samples: n2 },
    ]);
    const newest = Math.max(n1.at(-1)!.timestamp, n2.at(-1)!.timestamp);
    const report = await probeAmp({ ...amp(), workspaceId: ws, controlPlaneEndpoint: cp.endpoint }, { now: new Date(), expectedClusters: ["amp-a"], credentials });
    expect(byCheck(report)["amp.data"]).toMatchObject({ status: "warn", message: expect.stringContaining("read node_total_hourly_cost instead: 1 cluster(s)") });
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0]).toMatchObject({ clusterId: "amp-a", verdict: "healthy", lastSeen: new Date(newest).toISOString() });
  });
});
