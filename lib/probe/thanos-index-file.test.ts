import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DeleteObjectsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { blockObjects, seededRandom, thanosClusterObjects } from "@/lib/demo/seed-thanos";
import { createS3Client, newS3Usage } from "./s3-client";
import { probeThanos } from "./thanos";
import { cachedFullScans, clearFullScanCache } from "./thanos-scan";
import { clearMetaCache } from "./thanos-meta-reader";
import { clearLastKnown } from "./last-known";
import { keepThanosIndexIn, THANOS_INDEX_FILE, THANOS_INDEX_VERSION } from "./thanos-index-file";

// A restart with FC_DATA_DIR: the block index the full scan learned is read back, so the first
// full scan after the start lists the bucket and reads only the meta.json of blocks it has not
// seen; what was deleted meanwhile is gone from it.

const now = new Date("2026-03-10T12:34:00Z");
const nowMs = now.getTime();
const HOUR = 3_600_000;
const thresholds = thresholdsSchema.parse({});
const target = { bucket: "restart", region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 };
let s3s: SeedableS3;
let blocks = 0;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "fc-index-"));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  s3s = await startSeedableFauxqs({ byteOrderIndex: true });
  s3s.createBucket("restart");
  const rng = seededRandom(5);
  for (let i = 0; i < 4; i++) blocks += s3s.put("restart", thanosClusterObjects("", { labels: { cluster_id: `c-${i}` }, newestUploadMs: nowMs - 30 * 60_000, hours: 24 }, rng)) / 3;
});
afterAll(async () => {
  await s3s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A new process: nothing cached, nothing remembered. */
function restart() {
  clearMetaCache();
  clearFullScanCache();
  clearLastKnown();
}
beforeEach(restart);

/** The first complete answer (the full scan awaited) and what it read. */
async function firstCompleteAnswer() {
  const usage = newS3Usage();
  const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage });
  const report = await probeThanos(target, { now, s3, thresholds, expectedClusters: [], usage }, { fullScan: "await", cacheScope: "index-test" });
  return { report, metaReads: usage.byCommand.GetObjectCommand ?? 0, scanned: cachedFullScans()[0].blocks.map((b) => b.ulid) };
}

describe("the Thanos block index in FC_DATA_DIR", () => {
  it("a restart reads only the meta.json of blocks added since; deleted blocks are gone", async () => {
    const dir = tempDir();
    const before = keepThanosIndexIn(dir);
    const cold = await firstCompleteAnswer();
    // Every block's meta.json (a recent one may be read by both the recent-blocks read and the scan).
    expect(cold.metaReads).toBeGreaterThanOrEqual(blocks);
    before.flush();
    expect(before.problem()).toBeUndefined();

    // Between the two processes: the compactor deletes one block, a sidecar uploads another.
    const gone = cold.scanned[3];
    const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1");
    await s3.send(new DeleteObjectsCommand({ Bucket: "restart", Delete: { Objects: ["meta.json", "index", "chunks/000001"].map((f) => ({ Key: `${gone}/${f}` })) } }));
    const added = blockObjects("", { labels: { cluster_id: "c-new" }, minTime: nowMs - 3 * HOUR, maxTime: nowMs - HOUR, uploadedMs: nowMs - 20 * 60_000 }, seededRandom(9));
    s3s.put("restart", added.objects);

    restart();
    keepThanosIndexIn(dir);
    const warm = await firstCompleteAnswer();
    // Only the new block's meta.json (the recent-blocks read and the scan may both fetch it).
    expect(warm.metaReads).toBeGreaterThanOrEqual(1);
    expect(warm.metaReads).toBeLessThanOrEqual(2);
    expect(warm.scanned).toContain(added.id);
    expect(warm.scanned).not.toContain(gone);
    expect(warm.report.clusters.map((c) => c.clusterId).sort()).toEqual(["c-0", "c-1", "c-2", "c-3", "c-new"]);
    expect(warm.report.clusters.map((c) => c.verdict)).toEqual(cold.report.clusters.map((c) => c.verdict).concat("healthy"));
  });

  it("a restart before the first scan finishes keeps the index it read", async () => {
    const dir = tempDir();
    keepThanosIndexIn(dir).flush();
    await firstCompleteAnswer();
    keepThanosIndexIn(dir).flush(); // a scan finished: written
    restart();
    const store = keepThanosIndexIn(dir);
    store.flush(); // written again before any scan ran in this process
    restart();
    keepThanosIndexIn(dir);
    expect((await firstCompleteAnswer()).metaReads).toBe(0);
  });

  it.each([
    ["a corrupt file", "\u0000not json", /was ignored \(not JSON\)/],
    ["an older version", JSON.stringify({ version: THANOS_INDEX_VERSION - 1, scans: [] }), /was ignored \(index version 0, this console reads 1\)/],
    ["a file of another shape", JSON.stringify({ version: THANOS_INDEX_VERSION, savedAtMs: 1, scans: [{ bucket: 3 }] }), /was ignored \(not a block index: scans\.0\.cacheScope/],
  ])("%s is ignored with a warning, then rewritten", async (_name, text, warning) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, THANOS_INDEX_FILE), text);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const store = keepThanosIndexIn(dir);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(warning));
    warn.mockRestore();
    expect(store.problem()).toBeUndefined();
    // Nothing restored: every block's meta.json is read.
    const cold = await firstCompleteAnswer();
    expect(cold.metaReads).toBeGreaterThanOrEqual(cold.scanned.length);
    store.flush();
    expect(JSON.parse(readFileSync(path.join(dir, THANOS_INDEX_FILE), "utf8"))).toMatchObject({ version: THANOS_INDEX_VERSION, scans: [{ bucket: "restart", cacheScope: "index-test" }] });
  });
});
