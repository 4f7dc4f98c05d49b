import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createS3Client, newS3Usage } from "@/lib/probe/s3-client";
import { probeEtl } from "@/lib/probe/etl";
import { listPage } from "@/lib/probe/s3-list";
import { thresholdsSchema } from "@/lib/status/config";
import { startFakeS3Errors, type FakeS3 } from "@/test/support/fake-s3-errors";

// The fault suite (issue 11 item 6): throttling bursts, connection resets, hangs, 301s and slow
// bodies from an S3 stand-in shaped like the AWS API (test/support/fake-s3-errors.ts). What must
// hold: bounded retries, bounded time, and a verdict with a fix instead of a crash.
// Bounded time is shown without a clock: a request the stand-in never answers ends with the SDK's
// TimeoutError naming the timeout the client was given (100 ms here; 10 s in production), and the
// test would otherwise never end.

const thresholds = thresholdsSchema.parse({});
let fake: FakeS3;
beforeAll(async () => {
  fake = await startFakeS3Errors();
});
afterAll(() => fake.stop());
const before: Record<string, number> = {};
beforeEach(() => {
  Object.assign(before, fake.hits);
  // The SDK's retry delay is a random fraction of its backoff (full jitter; up to 1 s and 2 s
  // for throttling): drawing 0 retries at once, so these tests wait for no backoff. Which errors
  // are retried, and how often, is the SDK's own decision still.
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  vi.restoreAllMocks();
});
const hitsSince = (bucket: string) => (fake.hits[bucket] ?? 0) - (before[bucket] ?? 0);

async function etl(bucket: string, opts: { maxAttempts?: number; requestTimeoutMs?: number } = {}) {
  const usage = newS3Usage();
  const s3 = createS3Client({ s3Endpoint: fake.endpoint }, "us-east-1", { maxAttempts: 3, requestTimeoutMs: 1_000, ...opts, usage });
  const report = await probeEtl({ bucket, region: "us-east-1", prefix: "" }, { now: new Date(), s3, thresholds, expectedClusters: ["prod-1"], usage });
  return { report, usage };
}

describe("S3 faults", () => {
  it("a throttling burst (503 SlowDown twice) is retried with backoff and the listing arrives", async () => {
    const { report } = await etl("burst-bucket");
    expect(report.checks.find((c) => c.id === "etl.bucket")?.status).not.toBe("fail");
    expect(report.clusters.map((c) => c.clusterId)).toContain("prod-1");
  });

/** One listing call that fails: how many HTTP attempts it made, and the error it ended with. */
async function attemptsOfOneListing(bucket: string, maxAttempts: number, requestTimeoutMs = 1_000) {
  const s3 = createS3Client({ s3Endpoint: fake.endpoint }, "us-east-1", { maxAttempts, requestTimeoutMs });
  const at = fake.hits[bucket] ?? 0;
  const error = await listPage(s3, { bucket, prefix: "federated/", delimiter: "/" }).then(
    () => undefined,
    (e: unknown) => e as { name?: string; message?: string },
  );
  expect(error).toBeDefined();
  return { attempts: (fake.hits[bucket] ?? 0) - at, error };
}

  it("throttling beyond the retry budget stops at maxAttempts and says to retry", async () => {
    expect((await attemptsOfOneListing("slow-bucket", 2)).attempts).toBe(2);
    const { report } = await etl("slow-bucket", { maxAttempts: 2 });
    expect(report.checks[0]).toMatchObject({ id: "etl.bucket", status: "fail" });
    expect(report.checks[0].fix).toBeTruthy();
    expect(report.clusters[0]).toMatchObject({ clusterId: "prod-1", verdict: "error" });
  });

  it("a reset connection is retried once and succeeds", async () => {
    const { report } = await etl("reset-bucket");
    expect(report.checks.find((c) => c.id === "etl.bucket")?.status).not.toBe("fail");
    expect(hitsSince("reset-bucket")).toBeGreaterThanOrEqual(2);
  });

  it("a hanging endpoint and a stalled body end at the request timeout, attempts bounded", async () => {
    for (const bucket of ["hang-bucket", "slow-body-bucket"]) {
      const one = await attemptsOfOneListing(bucket, 2, 100);
      expect(one.attempts, bucket).toBe(2);
      // Ended by the timeout given (the handler's for headers, the body deadline for a stalled body).
      expect(one.error?.name, bucket).toBe("TimeoutError");
      expect(one.error?.message, bucket).toMatch(/\b100 ms\b/);
      const { report } = await etl(bucket, { maxAttempts: 2, requestTimeoutMs: 100 });
      expect(report.checks[0].status, bucket).toBe("fail");
      expect(report.checks[0].message, bucket).toContain("after 2 attempts: the request timed out.");
      expect(report.clusters[0], bucket).toMatchObject({ clusterId: "prod-1", verdict: "error" });
    }
  });

  it("a 301 to a real region is followed once on that region's client and named", async () => {
    const { report, usage } = await etl("west-bucket");
    expect(usage.regionRedirects).toEqual({ "west-bucket": "us-west-2" });
    expect(JSON.stringify(report.checks)).toContain("us-west-2");
  });
});
