import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newS3Usage, sharedS3Client } from "@/lib/probe/s3-client";
import { listPage } from "@/lib/probe/s3-list";
import { startFakeS3Errors, type FakeS3 } from "@/test/support/fake-s3-errors";

// Issue 11: one allowed wizard link whose bucket answers 301 used to re-point the shared client
// of the server's own buckets to the link's region until restart (the SDK's region redirect swaps
// the client's region while it follows). Now a redirect is re-sent on that region's own client.

let fake: FakeS3;
beforeAll(async () => {
  fake = await startFakeS3Errors();
});
afterAll(async () => {
  await fake.stop();
});

describe("a 301 for a link's bucket", () => {
  it("leaves the server's own requests on their region, during and after the redirect", async () => {
    const config = { s3Endpoint: fake.endpoint };
    const own = sharedS3Client(config, "us-east-1");
    const linkUsage = newS3Usage();
    const link = sharedS3Client(config, "us-east-1", { usage: linkUsage });
    // The link's bucket lives in us-west-2; the server's own in us-east-1, listed at the same time.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? listPage(link, { bucket: "west-bucket", prefix: "federated/", delimiter: "/" })
          : listPage(own, { bucket: "east-bucket", prefix: "federated/", delimiter: "/" }),
      ),
    );
    for (const [i, page] of results.entries()) expect(page.prefixes, `request ${i}`).toEqual([i % 2 === 0 ? "federated/west-1/" : "federated/east-1/"]);
    expect(new Set(fake.signedRegions["east-bucket"])).toEqual(new Set(["us-east-1"]));
    expect(fake.signedRegions["east-bucket"]).toHaveLength(10);
    expect(linkUsage.regionRedirects).toEqual({ "west-bucket": "us-west-2" });
    expect(linkUsage.requests).toBe(20); // 10 refused in us-east-1, 10 answered in us-west-2

    // The server's own listings that start while the link's redirected request is still in flight.
    const inFlight = listPage(link, { bucket: "west-slow-bucket", prefix: "federated/", delimiter: "/" });
    await new Promise((r) => setTimeout(r, 100));
    const during = await Promise.all(Array.from({ length: 5 }, () => listPage(own, { bucket: "east-bucket", prefix: "federated/", delimiter: "/" })));
    expect(during.map((p) => p.prefixes)).toEqual(Array(5).fill(["federated/east-1/"]));
    expect((await inFlight).prefixes).toEqual(["federated/west-1/"]);
    expect(new Set(fake.signedRegions["east-bucket"])).toEqual(new Set(["us-east-1"]));

    // Afterwards the shared us-east-1 client still signs for us-east-1.
    expect(await own.config.region()).toBe("us-east-1");
    await listPage(own, { bucket: "east-bucket", prefix: "federated/", delimiter: "/" });
    expect(fake.signedRegions["east-bucket"].at(-1)).toBe("us-east-1");
  });

  it("follows a 301 at most once and never to a region outside the AWS list", async () => {
    const s3 = sharedS3Client({ s3Endpoint: fake.endpoint }, "us-east-1");
    const before = fake.hits["moved-bucket"] ?? 0;
    // moved-bucket always answers 301 eu-central-1: one re-send there, then the 301 surfaces.
    await expect(listPage(s3, { bucket: "moved-bucket", prefix: "federated/" })).rejects.toMatchObject({ $metadata: { httpStatusCode: 301 } });
    expect(fake.hits["moved-bucket"] - before).toBe(2);
    expect(fake.signedRegions["moved-bucket"].slice(-2)).toEqual(["us-east-1", "eu-central-1"]);
  });
});
