import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { startSeedableFauxqs, type SeedableS3, type SeedObject } from "@/lib/demo/seed-store";
import { coverageWindowStart } from "@/lib/health/coverage";
import { createS3Client } from "./s3-client";
import { listClusterRun, splitIntoRuns } from "./etl-listing";
import { parseBingenPath, resolutionSeconds } from "./etl-keys";

// listClusterRun skips history with jumps and searches back for a series' newest file; these
// tests compare it with the brute-force answer (every key read) on buckets where series mix
// name prefixes, whose byte order differs from time order.

const now = new Date("2026-03-10T12:34:00Z");
const nowSec = Math.floor(now.getTime() / 1000);
const windowStartSec = coverageWindowStart(now, 7) / 1000;
const fed = "federated/";

interface Family {
  cluster: string;
  series: string; // "<pipeline>/<resolution>"
  namePrefix: string;
  /** Periods between the family's newest file end and now. */
  endsAgo: number;
  count: number;
}

function familyObjects(f: Family, familyIndex: number): SeedObject[] {
  const res = resolutionSeconds(f.series.split("/")[1]);
  const newestEnd = Math.floor(nowSec / res) * res - f.endsAgo * res;
  const out: SeedObject[] = [];
  for (let i = 0; i < f.count; i++) {
    const end = newestEnd - i * res;
    // Distinct upload times per family, so "newest" never depends on listing order.
    out.push({ key: `${fed}${f.cluster}/etl/bingen/${f.series}/${f.namePrefix}${end - res}-${end}`, body: "x", lastModifiedMs: (end + familyIndex) * 1000 });
  }
  return out;
}

/** What reading every key gives: newest file per series, last upload, files reaching into the window. */
function bruteForce(objects: SeedObject[]) {
  const out = new Map<string, { newest: Map<string, { key: string; startSec: number; lastModifiedMs: number }>; lastModifiedMs: number; files: string[] }>();
  for (const o of objects) {
    const id = o.key.slice(fed.length).split("/")[0];
    const p = parseBingenPath(o.key.slice(`${fed}${id}/etl/bingen/`.length))!;
    const c = out.get(id) ?? out.set(id, { newest: new Map(), lastModifiedMs: 0, files: [] }).get(id)!;
    const cur = c.newest.get(p.series);
    if (!cur || p.startSec > cur.startSec || (p.startSec === cur.startSec && o.lastModifiedMs > cur.lastModifiedMs)) c.newest.set(p.series, { key: o.key, startSec: p.startSec, lastModifiedMs: o.lastModifiedMs });
    c.lastModifiedMs = Math.max(c.lastModifiedMs, o.lastModifiedMs);
    if (p.endSec > windowStartSec) c.files.push(o.key);
  }
  return out;
}

let s3s: SeedableS3;
let bucketNo = 0;
beforeAll(async () => {
  s3s = await startSeedableFauxqs({ byteOrderIndex: true });
});
afterAll(() => s3s.stop());

async function listAndCompare(families: Family[], runCount: number) {
  const bucket = `prop-${bucketNo++}`;
  s3s.createBucket(bucket);
  const objects = families.flatMap((f, i) => familyObjects(f, i));
  s3s.put(bucket, objects);
  const expected = bruteForce(objects);
  const folders = [...expected.keys()].sort().map((id) => `${fed}${id}/`);
  const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1");
  for (const run of splitIntoRuns(folders, runCount)) {
    const got = await listClusterRun(s3, bucket, fed, run, windowStartSec);
    for (const [id, listing] of got) {
      const want = expected.get(id)!;
      expect(Object.fromEntries([...listing.newest].map(([s, f]) => [s, f.key])), `newest files of ${id}`).toEqual(Object.fromEntries([...want.newest].map(([s, f]) => [s, f.key])));
      expect(listing.lastModifiedMs).toBe(want.lastModifiedMs);
      expect(listing.files.map((f) => f.key).sort()).toEqual([...want.files].sort());
    }
  }
}

describe("ETL key-stream listing against a brute-force listing", () => {
  it("finds the newest unprefixed file when the series also holds older v2. files (after a jump)", async () => {
    // Quiet for 9 days after 3,000 h of history: the stream jumps over the unprefixed family's
    // last 1,000+ old files, then reads "v2.…" files, which sort after every unprefixed key and
    // are newer than the page end but older than the skipped unprefixed files.
    await listAndCompare(
      [
        { cluster: "a", series: "allocations/1h", namePrefix: "", endsAgo: 9 * 24, count: 3000 },
        { cluster: "a", series: "allocations/1h", namePrefix: "v2.", endsAgo: 12 * 24, count: 1500 },
      ],
      1,
    );
  });

  it("agrees on random buckets with mixed name prefixes and long histories", async () => {
    const family = fc.record({
      cluster: fc.constantFrom("a", "b"),
      series: fc.constantFrom("allocations/1h", "allocations/1d"),
      namePrefix: fc.constantFrom("", "v2.", "0."),
      endsAgo: fc.integer({ min: 0, max: 400 }),
      count: fc.integer({ min: 1, max: 3200 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(family, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), async (families, runs) => {
        // One family per (cluster, series, prefix): a duplicate would write the same keys twice.
        const unique = [...new Map(families.map((f) => [`${f.cluster}|${f.series}|${f.namePrefix}`, f])).values()];
        await listAndCompare(unique, runs);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
