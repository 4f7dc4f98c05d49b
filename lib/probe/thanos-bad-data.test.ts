import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { sourceReadable } from "@/lib/health/types";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { blockObjects, seededRandom, thanosClusterObjects } from "@/lib/demo/seed-thanos";
import { etlClusterObjects } from "@/lib/demo/seed-etl";
import { createS3Client, newS3Usage } from "./s3-client";
import { probeThanos } from "./thanos";
import { clearFullScanCache } from "./thanos-scan";
import { clearMetaCache } from "./thanos-meta-reader";
import { clearLastKnown } from "./last-known";

// Bad data is a finding about that object, an empty or foreign bucket is a warning, and a store
// that cannot be reached is the only thing that marks the source unreadable.

const now = new Date("2026-03-10T12:34:00Z");
const nowMs = now.getTime();
const HOUR = 3_600_000;
const thresholds = thresholdsSchema.parse({});
let s3s: SeedableS3;
const bad: Record<string, string> = {};

beforeAll(async () => {
  s3s = await startSeedableFauxqs({ byteOrderIndex: true });
  const rng = seededRandom(11);
  s3s.createBucket("bad-meta");
  s3s.put("bad-meta", thanosClusterObjects("", { labels: { cluster_id: "prod-1" }, newestUploadMs: nowMs - 30 * 60_000, hours: 8 }, rng));
  const bodies: Record<string, string | Uint8Array> = {
    corrupt: '{"ulid": "01K', // truncated upload
    binary: new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0xff, 0x00, 0x41]),
    huge: JSON.stringify({ ulid: "x", minTime: 0, maxTime: 1, padding: "x".repeat(3 << 20) }),
  };
  for (const [name, body] of Object.entries(bodies)) {
    const b = blockObjects("", { labels: { cluster_id: "prod-1" }, minTime: nowMs - 30 * HOUR, maxTime: nowMs - 28 * HOUR, uploadedMs: nowMs - 27 * HOUR, withoutMeta: true }, rng);
    bad[name] = b.id;
    s3s.put("bad-meta", [...b.objects, { key: `${b.id}/meta.json`, body, lastModifiedMs: nowMs - 27 * HOUR }]);
  }
  s3s.createBucket("empty-thanos");
  s3s.createBucket("etl-not-thanos");
  s3s.put("etl-not-thanos", etlClusterObjects("", { id: "prod-1", lastUploadMs: nowMs - HOUR, days: 1, hourlyHours: 2 }));
});
afterAll(() => s3s.stop());
beforeEach(() => {
  clearFullScanCache();
  clearMetaCache();
  clearLastKnown();
});

async function probe(bucket: string, endpoint = s3s.endpoint, expectedClusters: string[] = []) {
  const s3 = createS3Client({ s3Endpoint: endpoint }, "us-east-1", { maxAttempts: 1, requestTimeoutMs: 2_000 });
  return probeThanos({ bucket, region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 }, { now, s3, thresholds, expectedClusters, usage: newS3Usage() }, { fullScan: "await", cacheScope: endpoint });
}

describe("Thanos probe on bad data", () => {
  it("a corrupt, binary or oversized meta.json is a finding naming the key and the block, not an S3 error", async () => {
    const report = await probe("bad-meta");
    const check = report.checks.find((c) => c.id === "thanos.metaInvalid")!;
    expect(check).toMatchObject({ status: "fail", finding: true, title: "Corrupt block metadata" });
    expect(check.message).toMatch(/^3 meta\.json files are not Thanos block metadata/);
    expect(check.message).toContain(`${bad.corrupt}/meta.json (block ${bad.corrupt}): not valid JSON`);
    expect(check.message).toContain(`${bad.binary}/meta.json (block ${bad.binary}): binary data, not JSON`);
    expect(check.message).toContain(`${bad.huge}/meta.json (block ${bad.huge}): larger than 1 MB, not read`);
    expect(check.fix).toContain("thanos tools bucket mark");
    // No raw bytes, no S3 wording, no failed-read check.
    expect(JSON.stringify(report)).not.toMatch(/\\u0000|\\u001f|S3 error|policy/);
    expect(report.checks.find((c) => c.id === "thanos.meta")).toBeUndefined();
    // The source was read fine and the cluster is judged on its good blocks.
    expect(sourceReadable(report.checks)).toBe(true);
    expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["prod-1", "healthy"]]);
  });

  it("an empty bucket is a warning, never green", async () => {
    const report = await probe("empty-thanos");
    expect(report.checks.find((c) => c.id === "thanos.bucket")).toMatchObject({ status: "warn" });
    expect(report.checks.find((c) => c.id === "thanos.layout")).toMatchObject({ status: "warn", message: "s3://empty-thanos/ is empty: no Thanos block was ever uploaded here." });
  });

  it("a bucket with another layout says what it looks like", async () => {
    const report = await probe("etl-not-thanos");
    expect(report.checks.find((c) => c.id === "thanos.layout")?.message).toMatch(/holds no Thanos blocks \(<ULID>\/meta\.json\), only: federated\. .*Kubecost ETL or FinOps-agent bucket/);
  });

  it("an endpoint that refuses connections marks the source unreadable and its clusters error", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const report = await probe("any-bucket", `http://127.0.0.1:${port}`, ["prod-1"]);
    expect(report.checks.find((c) => c.id === "thanos.bucket")).toMatchObject({ status: "fail" });
    expect(report.checks.find((c) => c.id === "thanos.bucket")?.message).toMatch(/Cannot connect to the S3 endpoint/);
    expect(sourceReadable(report.checks)).toBe(false);
    expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["prod-1", "error"]]);
  });
});
