import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { startFakeS3Errors, type FakeS3 } from "@/test/support/fake-s3-errors";
import { newS3Usage, sharedS3Client, sharedS3ClientCount } from "./s3-client";
import { listPage } from "./s3-list";

let s3s: SeedableS3;
let fake: FakeS3;
beforeAll(async () => {
  s3s = await startSeedableFauxqs();
  s3s.createBucket("b");
  s3s.put("b", [{ key: "federated/a/x", body: "x", lastModifiedMs: Date.now() }]);
  fake = await startFakeS3Errors();
});
afterAll(async () => {
  await s3s.stop();
  await fake.stop();
});

describe("shared S3 clients", () => {
  it("one client per endpoint and region; each caller's requests count into its own usage", async () => {
    const before = sharedS3ClientCount();
    const first = newS3Usage();
    const second = newS3Usage();
    const a = sharedS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage: first });
    const b = sharedS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage: second });
    await listPage(a, { bucket: "b", prefix: "federated/" });
    await listPage(a, { bucket: "b", prefix: "federated/", delimiter: "/" });
    const page = await listPage(b, { bucket: "b", prefix: "federated/" });
    expect(page.objects.map((o) => o.key)).toEqual(["federated/a/x"]);
    expect(first).toMatchObject({ requests: 2, objectsListed: 2, byCommand: { ListObjectsV2Command: 2 } });
    expect(second).toMatchObject({ requests: 1, objectsListed: 1 });
    expect(sharedS3ClientCount()).toBe(before + 1);
    sharedS3Client({ s3Endpoint: s3s.endpoint }, "eu-west-1");
    expect(sharedS3ClientCount()).toBe(before + 2);
  });

  it("records the region a 301 names in the caller's usage", async () => {
    const usage = newS3Usage();
    const s3 = sharedS3Client({ s3Endpoint: fake.endpoint }, "us-east-1", { usage });
    const page = await listPage(s3, { bucket: "west-bucket", prefix: "federated/", delimiter: "/" });
    expect(page.prefixes.length).toBeGreaterThan(0); // the SDK followed the redirect
    expect(usage.regionRedirects).toEqual({ "west-bucket": "us-west-2" });
    expect(usage.requests).toBe(2);
  });
});
