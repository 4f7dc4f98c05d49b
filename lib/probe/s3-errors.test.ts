import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { startFakeS3Errors, type FakeS3 } from "@/test/support/fake-s3-errors";
import { createS3Client, newS3Usage } from "./s3-client";
import { probeEtl } from "./etl";
import { probeThanos } from "./thanos";
import { clearFullScanCache } from "./thanos-scan";

// Error branches against a local server that fails the way S3 does (no SDK mocks).

const now = new Date("2026-03-10T12:00:00Z");
const thresholds = thresholdsSchema.parse({});
let fake: FakeS3;
beforeAll(async () => {
  fake = await startFakeS3Errors();
});
afterAll(() => fake.stop());
beforeEach(() => clearFullScanCache());

function etl(bucket: string, region = "us-east-1", clientOpts: Parameters<typeof createS3Client>[2] = {}) {
  const usage = newS3Usage();
  const s3 = createS3Client({ s3Endpoint: fake.endpoint }, region, { maxAttempts: 2, requestTimeoutMs: 2_000, ...clientOpts, usage });
  return probeEtl({ bucket, region, prefix: "" }, { now, s3, thresholds, expectedClusters: ["prod-1"], usage }).then((report) => ({ report, usage }));
}

describe("S3 failures become checks with the fix", () => {
  it("AccessDenied names the missing IAM action", async () => {
    const { report } = await etl("denied-bucket");
    expect(report.checks[0]).toMatchObject({ id: "etl.bucket", status: "fail", missingAction: "s3:ListBucket" });
    expect(report.checks[0].fix).toContain("Allow s3:ListBucket on arn:aws:s3:::denied-bucket");
    expect(report.clusters).toEqual([expect.objectContaining({ clusterId: "prod-1", verdict: "error" })]);
  });

  it("NoSuchBucket says the bucket does not exist", async () => {
    const { report } = await etl("missing-bucket");
    expect(report.checks[0].message).toBe("Bucket missing-bucket does not exist at this endpoint.");
  });

  it("a wrong region is followed (x-amz-bucket-region) and named in a warning", async () => {
    const { report, usage } = await etl("west-bucket", "us-east-1");
    expect(usage.regionRedirects["west-bucket"]).toBe("us-west-2");
    expect(report.checks[0]).toMatchObject({ id: "etl.region", status: "warn", fix: "Set region to us-west-2 for west-bucket." });
    expect(report.checks[0].message).toBe("Bucket is in us-west-2 but config says us-east-1; every request pays a redirect.");
    expect(report.checks.find((c) => c.id === "etl.bucket"), JSON.stringify(report.checks)).toMatchObject({ status: "ok" });
    expect(report.clusters.map((c) => c.clusterId)).toContain("west-1");
  });

  it("a redirect that cannot be followed says which region to set", async () => {
    const { report } = await etl("moved-bucket", "us-east-1");
    const check = report.checks.find((c) => c.id === "etl.bucket")!;
    expect(check.status).toBe("fail");
    expect(check.message).toBe("Bucket is in eu-central-1 but config says us-east-1.");
    expect(check.fix).toBe("Set region to eu-central-1 for moved-bucket.");
  });

  it("AuthorizationHeaderMalformed names the expected region", async () => {
    const { report } = await etl("malformed-bucket");
    expect(report.checks[0].message).toBe("Requests are signed for us-east-1 but the bucket expects eu-west-1.");
    expect(report.checks[0].fix).toBe("Set region to eu-west-1 for malformed-bucket.");
  });

  it("SlowDown is retried with backoff, then reported", async () => {
    const before = fake.hits["slow-bucket"] ?? 0;
    const { report, usage } = await etl("slow-bucket", "us-east-1", { maxAttempts: 3 });
    // Both prefix listings (federated/ and diagnostics/) were tried three times each.
    expect((fake.hits["slow-bucket"] ?? 0) - before).toBe(6);
    expect(usage.requests).toBe(6);
    expect(report.checks[0].message).toMatch(/S3 throttled the probe \(SlowDown\).*after 3 attempts/);
  });

  it("a hanging endpoint times out and is reported; the probe returns", async () => {
    const started = Date.now();
    const { report } = await etl("hang-bucket", "us-east-1", { requestTimeoutMs: 300, maxAttempts: 2 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.checks[0].status).toBe("fail");
    expect(report.checks[0].message).toMatch(/timed out/);
  });

  it("Thanos: a denied meta.json read names s3:GetObject", async () => {
    const s3 = createS3Client({ s3Endpoint: fake.endpoint }, "us-east-1", { maxAttempts: 1 });
    const report = await probeThanos(
      { bucket: "meta-denied", region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 },
      { now, s3, thresholds, expectedClusters: [] },
      { fullScan: "skip" },
    );
    const meta = report.checks.find((c) => c.id === "thanos.meta")!;
    expect(meta).toMatchObject({ status: "fail", missingAction: "s3:GetObject" });
    expect(meta.fix).toContain("arn:aws:s3:::meta-denied/*");
  });

  it("Thanos: a denied listing fails its check and every expected cluster says why", async () => {
    const s3 = createS3Client({ s3Endpoint: fake.endpoint }, "us-east-1", { maxAttempts: 1 });
    const report = await probeThanos(
      { bucket: "denied-bucket", region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 },
      { now, s3, thresholds, expectedClusters: ["a"] },
      { fullScan: "await" },
    );
    expect(report.checks.find((c) => c.id === "thanos.bucket")).toMatchObject({ status: "fail", missingAction: "s3:ListBucket" });
    expect(report.checks.find((c) => c.id === "thanos.fullScan")).toMatchObject({ status: "fail", missingAction: "s3:ListBucket" });
    expect(report.clusters).toEqual([expect.objectContaining({ clusterId: "a", verdict: "error" })]);
  });

  it("a connection reset is called a reset, not a timeout", async () => {
    const { report } = await etl("reset-bucket");
    expect(report.checks[0]).toMatchObject({ id: "etl.bucket", status: "fail" });
    expect(report.checks[0].message).toMatch(/closed the connection .*connection reset/);
    expect(report.checks[0].message).not.toMatch(/timed out/);
  });

  it("upstream error text is scrubbed of anything credential-like and capped", async () => {
    const { report } = await etl("chatty-bucket");
    const text = `${report.checks[0].message} ${report.checks[0].fix}`;
    expect(report.checks[0].message).toMatch(/^S3 error while listing federated\/ in s3:\/\/chatty-bucket: InternalError \(HTTP 500\): We encountered an internal error\./);
    for (const secret of ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "0123456789abcdef0123"]) expect(text).not.toContain(secret);
    expect(report.checks[0].message.length).toBeLessThan(500);
  });
});
