import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { blockObjects, demoThanosObjects, seededRandom, thanosClusterObjects } from "@/lib/demo/seed-thanos";
import { encodeTime } from "ulid";
import { createS3Client, newS3Usage } from "./s3-client";
import { probeThanos } from "./thanos";
import { clearFullScanCache } from "./thanos-scan";
import { clearMetaCache } from "./thanos-meta-reader";
import { clearLastKnown } from "./last-known";
import type { FullScanMode } from "./thanos-scan";

const now = new Date("2026-03-10T12:34:00Z");
const thresholds = thresholdsSchema.parse({});
const expected = ["prod-east-1", "prod-west-2", "staging-1", "analytics-2", "dev-3", "prod-eu-1"];
const HOUR = 3_600_000;

describe.each([false, true])("Thanos probe against fauxqs (byteOrderIndex=%s)", (byteOrderIndex) => {
  let s3s: SeedableS3;
  let demo: ReturnType<typeof demoThanosObjects>;
  beforeAll(async () => {
    s3s = await startSeedableFauxqs({ byteOrderIndex });
    s3s.createBucket("kc-thanos");
    demo = demoThanosObjects("", now.getTime());
    s3s.put("kc-thanos", demo.objects);
  });
  afterAll(() => s3s.stop());
  beforeEach(() => {
    clearFullScanCache();
    clearMetaCache();
    clearLastKnown();
  });

  const probe = async (fullScan: FullScanMode, expectedClusters = expected, clusterLabel = "cluster_id") => {
    const usage = newS3Usage();
    const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage });
    const report = await probeThanos(
      { bucket: "kc-thanos", region: "us-east-1", prefix: "", clusterLabel, fullScanIntervalSeconds: 900 },
      { now, s3, thresholds, expectedClusters, usage },
      { fullScan, cacheScope: s3s.endpoint },
    );
    return { report, usage };
  };

  it("judges each demo cluster, flags the overlap, the partial upload, the mark and the unlabelled producer", async () => {
    const { report } = await probe("await");
    const verdicts = Object.fromEntries(report.clusters.map((c) => [c.clusterId, c.verdict]));
    expect(verdicts).toEqual({
      "analytics-2": "lagging",
      "dev-3": "stale",
      "legacy-1": "error",
      "prod-east-1": "healthy",
      "prod-eu-1": "missing",
      "prod-west-2": "error",
      "staging-1": "healthy",
    });
    // The producer labelled "cluster" shows on its own row, with the fix.
    const legacy = report.clusters.find((c) => c.clusterId === "legacy-1")!;
    expect(legacy.reason).toMatch(/^\d+ blocks from this cluster carry cluster="legacy-1" instead of cluster_id="legacy-1"/);
    expect(legacy.fix).toContain('external label cluster_id="legacy-1"');
    const west = report.clusters.find((c) => c.clusterId === "prod-west-2")!;
    expect(west.fix).toContain("Two producers share cluster_id prod-west-2 or two compactors");
    // The second producer's block straddles two of the real ones.
    expect(west.evidence?.filter((e) => e.label.startsWith("overlapping block"))).toHaveLength(3);

    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    expect(check("thanos.overlaps").status).toBe("fail");
    expect(check("thanos.partialUploads")).toMatchObject({ status: "warn" });
    expect(check("thanos.partialUploads").message).toContain(demo.partialUploadId);
    // The 10-minute-old upload without meta.json is still within the grace period.
    expect(check("thanos.partialUploads").message).toMatch(/^1 block dir /);
    expect(check("thanos.deletionMarks").message).toMatch(/^1 block marked for deletion/);
    expect(check("thanos.fullScan").message).toContain("ignored non-block entries: debug");
    expect(check("thanos.clusterLabel").status).toBe("warn");
    expect(check("thanos.clusterLabel").fix).toContain('The producers use "cluster"');
    expect(check("thanos.compaction").status).toBe("ok");

    const east = report.clusters.find((c) => c.clusterId === "prod-east-1")!;
    expect(east.lagSeconds).toBe(40 * 60);
    expect(east.facts).toMatchObject({ deletionMarks: 1, resolutions: expect.stringContaining("raw") });
    expect(String(east.facts?.compactionLevels)).toMatch(/L1: \d+, L2: \d+/);
    expect(Number(east.facts?.maxTimeLagSeconds)).toBeGreaterThan(3600);
    expect(east.coverage?.slice(1, 6).every((d) => d.coveredHours === 24)).toBe(true);

    const dev = report.clusters.find((c) => c.clusterId === "dev-3")!;
    expect(dev.lagSeconds).toBe(10 * 3600);
  });

  it("finds fresh clusters from the last 2 h of blocks without the full scan", async () => {
    const { report, usage } = await probe("skip", ["prod-east-1", "prod-west-2", "staging-1"]);
    expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([
      ["legacy-1", "error"],
      ["prod-east-1", "healthy"],
      ["prod-west-2", "healthy"],
      ["staging-1", "healthy"],
    ]);
    // One listing page + meta.json of the 5 blocks created in the last 2 h (3 clusters, the
    // unlabelled producer and the upload in progress).
    expect(usage.byCommand.ListObjectsV2Command).toBe(1);
    expect(usage.byCommand.GetObjectCommand).toBe(5);
    expect(report.checks.find((c) => c.id === "thanos.fullScan")).toBeUndefined();
  });

  it("without a scan steps back only to the stale threshold for expected clusters", async () => {
    const { report } = await probe("skip");
    const v = Object.fromEntries(report.clusters.map((c) => [c.clusterId, c.verdict]));
    expect(v["analytics-2"]).toBe("lagging");
    // dev-3 (10 h) is past stale + one block (8 h) and there is no scan: missing.
    expect(v["dev-3"]).toBe("missing");
  });

  it("uses the configured cluster label", async () => {
    const { report } = await probe("await", ["legacy-1"], "cluster");
    expect(report.clusters.find((c) => c.clusterId === "legacy-1")?.verdict).toBe("healthy");
    // Every other producer uses cluster_id: each says so on its row.
    const others = report.clusters.filter((c) => c.clusterId !== "legacy-1");
    expect(others.map((c) => c.clusterId)).toEqual(["analytics-2", "dev-3", "prod-east-1", "prod-west-2", "staging-1"]);
    expect(others.every((c) => c.verdict === "error" && c.fix!.includes("thanos.clusterLabel (FC_THANOS_CLUSTER_LABEL) to cluster_id"))).toBe(true);
  });

  it("reuses the cached full scan and meta.json reads on the next probe", async () => {
    await probe("await");
    const { usage, report } = await probe("auto");
    expect(usage.byCommand.GetObjectCommand ?? 0).toBe(1); // only the in-progress block, which has no meta.json yet
    expect(report.checks.find((c) => c.id === "thanos.fullScan")?.message).toMatch(/^Scanned \d+ blocks \d+ s ago/);
  });
});

describe("Thanos overlaps from two compactors", () => {
  it("reports an overlap between two compactor outputs of one cluster", async () => {
    const s3s = await startSeedableFauxqs();
    try {
      clearFullScanCache();
      s3s.createBucket("b");
      const rng = seededRandom(9);
      s3s.put("b", thanosClusterObjects("thanos/", { labels: { cluster_id: "a" }, newestUploadMs: now.getTime() - HOUR, hours: 60, compacted: true }, rng));
      s3s.put("b", thanosClusterObjects("thanos/", { labels: { cluster_id: "a" }, newestUploadMs: now.getTime() - HOUR - 2 * HOUR, hours: 60, compacted: true }, rng));
      const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1");
      const report = await probeThanos(
        { bucket: "b", region: "us-east-1", prefix: "thanos/", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 },
        { now, s3, thresholds, expectedClusters: ["a"] },
        { fullScan: "await", cacheScope: "two-compactors" },
      );
      expect(report.clusters[0].verdict).toBe("error");
      expect(report.clusters[0].fix).toContain("two compactors");
    } finally {
      await s3s.stop();
    }
  });
});

describe("Thanos full-scan cache per region", () => {
  it("a failed scan for the same bucket in another region is not shown on this region's view", async () => {
    const s3s = await startSeedableFauxqs();
    try {
      clearFullScanCache();
      clearMetaCache();
      s3s.createBucket("b");
      s3s.put("b", thanosClusterObjects("", { labels: { cluster_id: "a" }, newestUploadMs: now.getTime() - HOUR, hours: 12 }, seededRandom(3)));
      const target = (region: string) => ({ bucket: "b", region, prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 });
      // A link signed for eu-west-1 cannot reach the bucket: its scan fails and is cached.
      const broken = createS3Client({ s3Endpoint: "http://127.0.0.1:1" }, "eu-west-1", { maxAttempts: 1 });
      const linked = await probeThanos(target("eu-west-1"), { now, s3: broken, thresholds, expectedClusters: [] }, { fullScan: "auto", fullScanWaitMs: 5_000, cacheScope: "same" });
      expect(linked.checks.find((c) => c.id === "thanos.fullScan")?.status).toBe("fail");
      const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1");
      const own = await probeThanos(target("us-east-1"), { now, s3, thresholds, expectedClusters: [] }, { fullScan: "auto", fullScanWaitMs: 5_000, cacheScope: "same" });
      expect(own.checks.find((c) => c.id === "thanos.fullScan")).toMatchObject({ status: "ok" });
      expect(own.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["a", "healthy"]]);
    } finally {
      await s3s.stop();
    }
  });
});

describe("Thanos clusters that fall silent", () => {
  let s3s: SeedableS3;
  beforeAll(async () => {
    s3s = await startSeedableFauxqs();
  });
  afterAll(() => s3s.stop());
  beforeEach(() => {
    clearFullScanCache();
    clearMetaCache();
    clearLastKnown();
  });
  const seed = (bucket: string, clusters: Array<[string, number]>) => {
    s3s.createBucket(bucket);
    s3s.empty(bucket);
    const rng = seededRandom(11);
    for (const [id, lagMs] of clusters) s3s.put(bucket, thanosClusterObjects("", { labels: { cluster_id: id }, newestUploadMs: now.getTime() - lagMs, hours: 24 }, rng));
  };
  const probe = (bucket: string, fullScan: FullScanMode, fullScanWaitMs = 0) =>
    probeThanos(
      { bucket, region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 },
      { now, s3: createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1"), thresholds, expectedClusters: [] },
      { fullScan, fullScanWaitMs, cacheScope: s3s.endpoint },
    );
  const verdicts = (r: Awaited<ReturnType<typeof probe>>) => Object.fromEntries(r.clusters.map((c) => [c.clusterId, c.verdict]));

  it("with no expected list and no finished scan, a cluster silent for 7 h is stale, not absent", async () => {
    seed("silent", [["alive", 30 * 60_000], ["dead", 7 * HOUR]]);
    const report = await probe("silent", "auto", 0);
    // The page did not wait for the scan: the freshness path alone found both.
    expect(report.checks.find((c) => c.id === "thanos.fullScan")?.status).toBe("warn");
    // alive looks fresh but its overlaps are not checked yet; dead is stale whatever the scan says.
    expect(verdicts(report)).toEqual({ alive: "checking", dead: "stale" });
    expect(report.clusters.find((c) => c.clusterId === "alive")?.reason).toMatch(/^Newest sidecar block 30 min ago\. Overlaps, partial uploads and the cluster label are not checked yet: the full block scan is running/);
    expect(report.clusters.find((c) => c.clusterId === "dead")?.lagSeconds).toBe(7 * 3600);
  });

  it("a cluster seen before but beyond the lookback stays stale when the scan is unavailable", async () => {
    seed("gone", [["alive", 30 * 60_000], ["dead", 10 * HOUR]]);
    expect(verdicts(await probe("gone", "await"))).toEqual({ alive: "healthy", dead: "stale" });
    // Next page: no scan (failed, skipped or a link target); dead is 10 h back, past the lookback.
    const report = await probe("gone", "skip");
    expect(verdicts(report)).toEqual({ alive: "healthy", dead: "stale" });
    const dead = report.clusters.find((c) => c.clusterId === "dead")!;
    expect(dead.lagSeconds).toBe(10 * 3600);
    expect(dead.reason).toContain("the time shown is when this server last saw one");
  });

  it("a cluster whose recent blocks vanished from the bucket is an error", async () => {
    seed("vanish", [["alive", 30 * 60_000], ["wiped", 40 * 60_000]]);
    expect(verdicts(await probe("vanish", "skip"))).toEqual({ alive: "healthy", wiped: "healthy" });
    seed("vanish", [["alive", 30 * 60_000]]);
    const report = await probe("vanish", "skip");
    expect(verdicts(report)).toEqual({ alive: "healthy", wiped: "error" });
    expect(report.clusters.find((c) => c.clusterId === "wiped")?.fix).toContain("lifecycle rules");
  });

  it("a backlog block (old ULID, recent upload) seen by the scan is not mistaken for a vanished one", async () => {
    seed("backlog", [["alive", 30 * 60_000]]);
    const old = now.getTime() - 20 * HOUR;
    const id = `${encodeTime(old)}${"0".repeat(15)}1`;
    s3s.put("backlog", blockObjects("", { id, labels: { cluster_id: "late" }, minTime: old - 2 * HOUR, maxTime: old, uploadedMs: now.getTime() - 30 * 60_000 }, seededRandom(2)).objects);
    expect(verdicts(await probe("backlog", "await"))).toEqual({ alive: "healthy", late: "healthy" });
    const report = await probe("backlog", "skip");
    expect(verdicts(report)).toEqual({ alive: "healthy", late: "healthy" });
    expect(report.clusters.find((c) => c.clusterId === "late")?.reason).toContain("the time shown is when this server last saw one");
  });
});

describe("the shared full scan", () => {
  it("keeps running when the page load that started it is aborted", async () => {
    const s3s = await startSeedableFauxqs({ byteOrderIndex: true });
    try {
      clearFullScanCache();
      clearMetaCache();
      clearLastKnown();
      s3s.createBucket("big");
      const rng = seededRandom(8);
      // 10 clusters x a week of blocks: a scan of about 850 requests, still running when the
      // page that started it returns (it waits 0 ms).
      for (let i = 0; i < 10; i++) s3s.put("big", thanosClusterObjects("", { labels: { cluster_id: `c-${i}` }, newestUploadMs: now.getTime() - HOUR }, rng));
      const target = { bucket: "big", region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 };
      const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1");
      const page = new AbortController();
      const first = await probeThanos(target, { now, s3, thresholds, expectedClusters: [], abortSignal: page.signal }, { fullScan: "auto", fullScanWaitMs: 0, cacheScope: "abort" });
      expect(first.checks.find((c) => c.id === "thanos.fullScan")?.status).toBe("warn"); // still running
      page.abort(new Error("the page's budget ran out"));
      // "await" joins the running scan (never starts a second one): no race with the clock.
      const next = await probeThanos(target, { now, s3, thresholds, expectedClusters: [] }, { fullScan: "await", cacheScope: "abort" });
      expect(next.checks.find((c) => c.id === "thanos.fullScan")).toMatchObject({ status: "ok" });
      expect(next.checks.find((c) => c.id === "thanos.fullScan")?.message).toMatch(/^Scanned 840 blocks/);
      // Every meta.json was read: none was cut off by the first page's abort.
      expect(next.checks.find((c) => c.id === "thanos.meta")).toBeUndefined();
      expect(next.clusters.every((c) => c.facts?.blocks === 84)).toBe(true);
    } finally {
      await s3s.stop();
    }
    // About 850 requests: 27 s measured with the 2 cores at load 25 (and a bench beside it).
  }, 120_000);
});
