import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { seededRandom, thanosClusterObjects } from "@/lib/demo/seed-thanos";
import { createS3Client } from "./s3-client";
import { createProbeLimit, sharedProbeLimit } from "./probe-limit";
import { probeThanos } from "./thanos";
import { clearFullScanCache } from "./thanos-scan";

describe("the probe limit", () => {
  it("keeps a reserved slot for the server's own targets and answers busy past the queue", async () => {
    const limit = createProbeLimit({ max: 2, reserved: 1, maxQueued: 1 });
    const links = [await limit.acquire("link"), await limit.acquire("link")];
    expect(limit.running).toBe(2);
    const queued = limit.acquire("link");
    expect(await limit.acquire("link")).toBeUndefined(); // queue full: busy
    const own = await limit.acquire("own"); // the reserved slot
    expect(own).toBeDefined();
    expect(limit.running).toBe(3);
    own!();
    links[0]!();
    expect(await queued).toBeDefined();
    expect(limit.running).toBe(2);
  });
});

describe("Thanos full scans under the shared limit", () => {
  let s3s: SeedableS3;
  beforeAll(async () => {
    s3s = await startSeedableFauxqs({ byteOrderIndex: true });
    const rng = seededRandom(5);
    for (let i = 0; i < 5; i++) {
      s3s.createBucket(`scan-${i}`);
      s3s.put(`scan-${i}`, thanosClusterObjects("", { labels: { cluster_id: `c-${i}` }, newestUploadMs: Date.now() - 30 * 60_000, hours: 48 }, rng));
    }
  });
  afterAll(() => s3s.stop());

  it("five link probes' scans never run more than the limit at once, and all finish", async () => {
    clearFullScanCache();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, sharedProbeLimit.running)), 1);
    try {
      const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1");
      const reports = await Promise.all(
        [0, 1, 2, 3, 4].map((i) =>
          probeThanos(
            { bucket: `scan-${i}`, region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 },
            { now: new Date(), s3, thresholds: thresholdsSchema.parse({}), expectedClusters: [] },
            { fullScan: "await", cacheScope: "limit", priority: "link" },
          ),
        ),
      );
      expect(reports.map((r) => r.checks.find((c) => c.id === "thanos.fullScan")?.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(2);
      expect(sharedProbeLimit.running).toBe(0);
    } finally {
      clearInterval(sampler);
    }
  }, 60_000);
});
