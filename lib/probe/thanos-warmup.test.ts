import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { blockObjects, seededRandom, thanosClusterObjects } from "@/lib/demo/seed-thanos";
import { startSlowProxy, type SlowProxy } from "@/test/support/slow-proxy";
import { createS3Client } from "./s3-client";
import { probeThanos } from "./thanos";
import { clearFullScanCache, type FullScanMode } from "./thanos-scan";
import { clearMetaCache } from "./thanos-meta-reader";
import { clearLastKnown, sharedClusterMemory } from "./last-known";
import { keepClusterMemoryIn } from "./cluster-memory-file";

// Right after a start, before the full block scan has finished (held back here by a slow store),
// a cluster the console cannot judge yet is "checking": never missing, healthy or gone. Once the
// scan is done the same bucket gets the real verdicts.

const now = new Date("2026-03-10T12:34:00Z");
const nowMs = now.getTime();
const HOUR = 3_600_000;
const thresholds = thresholdsSchema.parse({});
let s3s: SeedableS3;
let proxy: SlowProxy;

beforeAll(async () => {
  s3s = await startSeedableFauxqs({ byteOrderIndex: true });
  s3s.createBucket("warm");
  const rng = seededRandom(21);
  // Enough history that the scan reads ~800 meta.json through the slow proxy: seconds.
  for (let i = 0; i < 8; i++) s3s.put("warm", thanosClusterObjects("", { labels: { cluster_id: `fleet-${i}` }, newestUploadMs: nowMs - 30 * 60_000, hours: 48 }, rng));
  s3s.put("warm", thanosClusterObjects("", { labels: { cluster_id: "silent-9h" }, newestUploadMs: nowMs - 9 * HOUR, hours: 24 }, rng));
  s3s.put("warm", thanosClusterObjects("", { labels: { cluster_id: "overlapping" }, newestUploadMs: nowMs - 40 * 60_000, hours: 24 }, rng));
  // A second producer claiming the same id, its block straddling two real ones 10 h back.
  const straddle = Math.floor((nowMs - 10 * HOUR) / (2 * HOUR)) * 2 * HOUR + HOUR;
  s3s.put("warm", blockObjects("", { labels: { cluster_id: "overlapping" }, minTime: straddle - 2 * HOUR, maxTime: straddle, uploadedMs: straddle + HOUR }, rng).objects);
  // A cluster that labels its blocks "cluster", last upload 5 h ago: outside the recent window.
  s3s.put("warm", thanosClusterObjects("", { labels: { cluster: "old-label" }, newestUploadMs: nowMs - 5 * HOUR, hours: 12 }, rng));
  proxy = await startSlowProxy(s3s.endpoint, 60);
});
afterAll(async () => {
  await proxy.stop();
  await s3s.stop();
});
beforeEach(() => {
  clearFullScanCache();
  clearMetaCache();
  clearLastKnown();
});

const expected = ["fleet-0", "silent-9h", "overlapping", "old-label"];
const probe = (fullScan: FullScanMode) =>
  probeThanos(
    { bucket: "warm", region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 },
    { now, s3: createS3Client({ s3Endpoint: proxy.endpoint }, "us-east-1"), thresholds, expectedClusters: expected },
    { fullScan, fullScanWaitMs: 0, cacheScope: "warmup" },
  );
const verdicts = (r: Awaited<ReturnType<typeof probe>>) => Object.fromEntries(r.clusters.filter((c) => expected.includes(c.clusterId)).map((c) => [c.clusterId, c.verdict]));

describe("Thanos probe on a cold start", () => {
  it("shows what it cannot judge yet as checking, then the real verdicts once the scan is done", async () => {
    const cold = await probe("auto");
    const scan = cold.checks.find((c) => c.id === "thanos.fullScan")!;
    expect(scan.status).toBe("warn");
    expect(scan.message).toMatch(/^The first full block scan is running \((listing the bucket|read [\d,]+ of [\d,]+ meta\.json)/);
    expect(cold.checks.find((c) => c.id === "thanos.overlaps")).toMatchObject({ status: "warn", message: expect.stringMatching(/^Not checked yet/) });
    // old-label's blocks (5 h back) are inside the look-back window: their label is already known.
    expect(verdicts(cold)).toEqual({ "fleet-0": "checking", "silent-9h": "checking", overlapping: "checking", "old-label": "error" });
    expect(cold.clusters.find((c) => c.clusterId === "silent-9h")?.reason).toMatch(/^Expected; no sidecar block from it found yet\. No block in the last 8 h; the full block scan .* tells whether it is stale or missing\./);
    expect(cold.clusters.some((c) => c.verdict === "missing" || c.verdict === "healthy")).toBe(false);

    const warm = await probe("await");
    expect(warm.checks.find((c) => c.id === "thanos.fullScan")?.status).toBe("ok");
    expect(verdicts(warm)).toEqual({ "fleet-0": "healthy", "silent-9h": "stale", overlapping: "error", "old-label": "error" });
    expect(warm.clusters.find((c) => c.clusterId === "silent-9h")?.lagSeconds).toBe(9 * 3600);
    expect(warm.clusters.find((c) => c.clusterId === "overlapping")?.reason).toMatch(/overlap/);
    const oldLabel = warm.clusters.find((c) => c.clusterId === "old-label")!;
    expect(oldLabel.reason).toMatch(/carry cluster="old-label" instead of cluster_id="old-label"/);
    expect(oldLabel.fix).not.toContain("check the thanos-sidecar");
    expect(warm.checks.find((c) => c.id === "thanos.clusterLabel")?.message).toMatch(/^\d+ blocks lack the label cluster_id/);
  }, 60_000);

  it("after a restart with FC_DATA_DIR, a cluster silent for 9 h is stale on the first answer", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-warm-"));
    try {
      keepClusterMemoryIn(dir, { buckets: sharedClusterMemory });
      await probe("await");
      keepClusterMemoryIn(dir, { buckets: sharedClusterMemory }).flush();
      // The restart: every in-process cache and memory is gone, the file is read back.
      clearFullScanCache();
      clearMetaCache();
      clearLastKnown();
      keepClusterMemoryIn(dir, { buckets: sharedClusterMemory });
      const cold = await probe("auto");
      expect(cold.checks.find((c) => c.id === "thanos.fullScan")?.message).toMatch(/^The first full block scan is running/);
      const silent = cold.clusters.find((c) => c.clusterId === "silent-9h")!;
      expect(silent.verdict).toBe("stale");
      expect(silent.lagSeconds).toBe(9 * 3600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
