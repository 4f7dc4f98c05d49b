import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { startSeedableFauxqs, type SeedableS3 } from "./seed-store";
import { seededRandom } from "./seed-thanos";

// The bench's byte-order index must page exactly like fauxqs's own listing (for keys where
// localeCompare and byte order agree: lowercase, digits, '-', '/').

const rng = seededRandom(3);
const part = () => ["a", "b", "ab", "a-b", "b1", "c"][Math.floor(rng() * 6)];
const keys = [...new Set(Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(rng() * 4) }, part).join("/")))];

let stock: SeedableS3;
let indexed: SeedableS3;
beforeAll(async () => {
  [stock, indexed] = await Promise.all([startSeedableFauxqs(), startSeedableFauxqs({ byteOrderIndex: true })]);
  for (const s of [stock, indexed]) {
    s.createBucket("b");
    s.put("b", keys.map((key) => ({ key, body: "x", lastModifiedMs: 0 })));
  }
});
afterAll(async () => {
  await stock.stop();
  await indexed.stop();
});

async function pages(endpoint: string, input: { Prefix?: string; Delimiter?: string; StartAfter?: string; MaxKeys?: number }) {
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const out: string[][] = [];
  let token: string | undefined;
  for (;;) {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: "b", ...input, ContinuationToken: token }));
    out.push([...(r.Contents ?? []).map((c) => c.Key!), ...(r.CommonPrefixes ?? []).map((p) => `P:${p.Prefix}`)]);
    if (!r.IsTruncated) return out;
    token = r.NextContinuationToken;
  }
}

describe("byte-order listing index", () => {
  const cases = [
    {},
    { MaxKeys: 7 },
    { Prefix: "a/" },
    { Prefix: "a/", Delimiter: "/" },
    { Delimiter: "/", MaxKeys: 2 },
    { StartAfter: "ab/", MaxKeys: 13 },
    { Prefix: "b1/", StartAfter: "b1/a-b", Delimiter: "/" },
  ];
  for (const input of cases) {
    it(`pages like fauxqs for ${JSON.stringify(input)}`, async () => {
      expect(await pages(indexed.endpoint, input)).toEqual(await pages(stock.endpoint, input));
    });
  }
});
