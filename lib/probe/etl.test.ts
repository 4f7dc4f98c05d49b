import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { DEMO_ETL_VERDICTS, demoEtlObjects, diagnosticsObject, etlClusterObjects } from "@/lib/demo/seed-etl";
import { createS3Client, newS3Usage } from "./s3-client";
import { probeEtl } from "./etl";

const now = new Date("2026-03-10T12:34:00Z");
const thresholds = thresholdsSchema.parse({});
const HOUR = 3_600_000;
const DAY = 86_400_000;

// Stock fauxqs listing (localeCompare order) and the byte-order index the bench uses must agree.
describe.each([false, true])("ETL probe against fauxqs (byteOrderIndex=%s)", (byteOrderIndex) => {
  let s3s: SeedableS3;
  beforeAll(async () => {
    s3s = await startSeedableFauxqs({ byteOrderIndex });
    s3s.createBucket("kc-etl");
    s3s.put("kc-etl", demoEtlObjects("", now.getTime()).objects);
    s3s.createBucket("kc-heavy");
    // 90 days of hourly files per series (4,380 keys per cluster): history worth jumping over.
    s3s.put("kc-heavy", etlClusterObjects("fed/", { id: "busy", lastUploadMs: now.getTime() - 10 * 60_000, hourlyHours: 90 * 24 }));
    s3s.put("kc-heavy", etlClusterObjects("fed/", { id: "gone", lastUploadMs: now.getTime() - 9 * DAY - 2 * HOUR, hourlyHours: 90 * 24 }));
  });
  afterAll(() => s3s.stop());

  const probe = async (bucket: string, prefix = "", expected: string[] = []) => {
    const usage = newS3Usage();
    const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage });
    const report = await probeEtl({ bucket, region: "us-east-1", prefix }, { now, s3, thresholds, expectedClusters: expected, usage });
    return { report, usage };
  };

  it("gives each demo cluster the verdict a user would expect", async () => {
    const { expectedClusters } = demoEtlObjects("", now.getTime());
    const { report, usage } = await probe("kc-etl", "", expectedClusters);
    const verdicts = Object.fromEntries(report.clusters.map((c) => [c.clusterId, c.verdict]));
    expect(verdicts).toEqual(DEMO_ETL_VERDICTS);
    // One shared listing of federated/ (every key fits one page) + diagnostics/ + 1 diagnostics
    // read (staging-1 is late and its Kubecost still writes diagnostics).
    expect(usage.requests).toBe(1 + 1 + 1);
    expect(report.checks.find((c) => c.id === "etl.bucket")?.message).toContain("Listed as one shared key listing");
    expect(usage.byCommand.GetObjectCommand).toBe(1);

    const east = report.clusters.find((c) => c.clusterId === "prod-east-1")!;
    expect(east.lastSeen).toBe(new Date(now.getTime() - 20 * 60_000).toISOString());
    expect(east.lagSeconds).toBe(1200);
    const today = Date.parse("2026-03-10T00:00:00Z") / 1000;
    expect(east.evidence?.map((e) => e.key)).toEqual([
      `federated/prod-east-1/etl/bingen/allocations/1d/${today}-${today + 86400}`,
      `federated/prod-east-1/etl/bingen/allocations/1h/${today + 11 * 3600}-${today + 12 * 3600}`,
      `federated/prod-east-1/etl/bingen/assets/1d/${today}-${today + 86400}`,
      `federated/prod-east-1/etl/bingen/assets/1h/${today + 11 * 3600}-${today + 12 * 3600}`,
    ]);
    // Seven full days of coverage except today (12 h 14 min so far).
    expect(east.coverage?.map((d) => d.coveredHours)).toEqual([24, 24, 24, 24, 24, 24, 12.2]);

    const zero = report.clusters.find((c) => c.clusterId === "analytics-2")!;
    expect(zero.reason).toMatch(/1 zero-byte file/);
    expect(zero.fix).toContain(`federated/analytics-2/etl/bingen/allocations/1h/${today + 11 * 3600}-${today + 12 * 3600}`);
    expect(report.checks.find((c) => c.id === "etl.zeroByte")?.status).toBe("warn");

    const staging = report.clusters.find((c) => c.clusterId === "staging-1")!;
    const diag = staging.evidence?.find((e) => e.key === "diagnostics/staging-1.json");
    expect(diag?.note).toBe("Failing checks: kubecostPodsNotOOMKilled.");
    expect(staging.reason).toContain("kubecostPodsNotOOMKilled");

    expect(report.checks.find((c) => c.id === "etl.combined")).toMatchObject({ status: "ok" });
    expect(report.checks.find((c) => c.id === "etl.bucket")?.message).toContain("Found 6 cluster folders");
    expect(report.clusters.some((c) => c.clusterId === "combined")).toBe(false);
  });

  it("finds the newest hourly file with jumps instead of paging through 90 days", async () => {
    const { report, usage } = await probe("kc-heavy", "fed/");
    const busy = report.clusters.find((c) => c.clusterId === "busy")!;
    expect(busy.verdict).toBe("healthy");
    const hour = Math.floor((now.getTime() - 10 * 60_000) / HOUR) * 3600;
    expect(busy.evidence?.find((e) => e.label === "assets/1h newest")?.key).toBe(`fed/federated/busy/etl/bingen/assets/1h/${hour - 3600}-${hour}`);
    expect(busy.coverage?.every((d, i, all) => i === all.length - 1 || d.coveredHours === 24)).toBe(true);
    // 8,760 keys in the bucket: the probe reads fewer than a full listing would.
    expect(usage.objectsListed).toBeLessThan(2 * 4380);
    // A first page of one cluster's keys picks the per-cluster plan: federated/ folders +
    // diagnostics/ + busy (first page, two jumps) + gone (first page, two jumps, one step back
    // per series).
    expect(usage.requests).toBe(1 + 1 + 3 + 5);
    expect(report.checks.find((c) => c.id === "etl.bucket")?.message).toContain("Listed per cluster folder");
  });

  it("keeps the exact age of a cluster whose newest files are older than the coverage window", async () => {
    const { report } = await probe("kc-heavy", "fed/");
    const gone = report.clusters.find((c) => c.clusterId === "gone")!;
    expect(gone.verdict).toBe("stale");
    expect(gone.lastSeen).toBe(new Date(now.getTime() - 9 * DAY - 2 * HOUR).toISOString());
    const hour = Math.floor((now.getTime() - 9 * DAY - 2 * HOUR) / HOUR) * 3600;
    expect(gone.evidence?.find((e) => e.label === "assets/1h newest")?.key).toBe(`fed/federated/gone/etl/bingen/assets/1h/${hour - 3600}-${hour}`);
    expect(gone.coverage?.every((d) => d.coveredHours === 0)).toBe(true);
  });

  it("fails the listing check with the fix when the bucket does not exist, and says so per expected cluster", async () => {
    const { report } = await probe("no-such-bucket", "", ["prod-east-1"]);
    expect(report.checks[0]).toMatchObject({ id: "etl.bucket", status: "fail" });
    expect(report.checks[0].message).toContain("no-such-bucket does not exist");
    expect(report.clusters).toEqual([expect.objectContaining({ clusterId: "prod-east-1", verdict: "error" })]);
  });
});

describe("cluster folder discovery pages past 1,000 prefixes", () => {
  it("finds all 1,005 clusters", async () => {
    const s3s = await startSeedableFauxqs({ byteOrderIndex: true });
    try {
      s3s.createBucket("many");
      const objects = Array.from({ length: 1005 }, (_, i) => ({
        key: `federated/c-${String(i).padStart(4, "0")}/etl/bingen/allocations/1d/1773100800-1773187200`,
        body: "x",
        lastModifiedMs: now.getTime() - 60_000,
      }));
      s3s.put("many", objects);
      const usage = newS3Usage();
      const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage });
      const report = await probeEtl({ bucket: "many", region: "us-east-1", prefix: "" }, { now, s3, thresholds, expectedClusters: [], usage });
      expect(report.clusters).toHaveLength(1005);
      expect(report.clusters.every((c) => c.verdict === "healthy")).toBe(true);
      // Clusters with few files share pages: the 2 pages of a full listing + 1 diagnostics page.
      expect(usage.requests).toBe(2 + 1);
    } finally {
      await s3s.stop();
    }
  });
});

describe("ETL agent that uploads but no longer builds new windows", () => {
  it("is lagging past the stale threshold + one resolution and an error past a day, with the fix", async () => {
    const s3s = await startSeedableFauxqs({ byteOrderIndex: true });
    try {
      s3s.createBucket("stuck");
      // Windows stop 15 h (stuck-a) and 2 d (stuck-b) ago, but the agent keeps rewriting its
      // newest files: every upload time is within the last 10 min.
      const rewritten = (id: string, stoppedMs: number) =>
        [...etlClusterObjects("", { id, lastUploadMs: stoppedMs, days: 10 })].map((o) => ({ ...o, lastModifiedMs: o.lastModifiedMs >= stoppedMs - HOUR ? now.getTime() - 10 * 60_000 : o.lastModifiedMs }));
      s3s.put("stuck", rewritten("stuck-a", now.getTime() - 15 * HOUR));
      s3s.put("stuck", rewritten("stuck-b", now.getTime() - 2 * DAY));
      s3s.put("stuck", etlClusterObjects("", { id: "fine", lastUploadMs: now.getTime() - 10 * 60_000, days: 10 }));
      const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1");
      const report = await probeEtl({ bucket: "stuck", region: "us-east-1", prefix: "" }, { now, s3, thresholds, expectedClusters: [] });
      const byId = Object.fromEntries(report.clusters.map((c) => [c.clusterId, c]));
      expect(Object.fromEntries(report.clusters.map((c) => [c.clusterId, c.verdict]))).toEqual({ fine: "healthy", "stuck-a": "lagging", "stuck-b": "error" });
      expect(byId["stuck-a"].lagSeconds).toBe(600); // uploads look fresh
      expect(byId["stuck-a"].reason).toContain("no new ETL windows are being built");
      expect(byId["stuck-b"].fix).toContain("check the cost-model logs for ETL build errors");
    } finally {
      await s3s.stop();
    }
  });
});

describe("diagnostics of late clusters", () => {
  it("reads them only when Kubecost still writes them after its last upload", async () => {
    const s3s = await startSeedableFauxqs({ byteOrderIndex: true });
    try {
      s3s.createBucket("late");
      s3s.put("late", etlClusterObjects("", { id: "alive", lastUploadMs: now.getTime() - 6 * HOUR, days: 3 }));
      s3s.put("late", [diagnosticsObject("", "alive", now.getTime() - 2 * 60_000, ["dailyAllocationEtlHealthy"])]);
      s3s.put("late", etlClusterObjects("", { id: "down", lastUploadMs: now.getTime() - 2 * DAY, days: 3 }));
      s3s.put("late", [diagnosticsObject("", "down", now.getTime() - 2 * DAY - 60_000)]);
      const usage = newS3Usage();
      const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage });
      const report = await probeEtl({ bucket: "late", region: "us-east-1", prefix: "" }, { now, s3, thresholds, expectedClusters: [], usage });
      const byId = Object.fromEntries(report.clusters.map((c) => [c.clusterId, c]));
      expect(usage.byCommand.GetObjectCommand).toBe(1);
      expect(byId.alive.evidence?.find((e) => e.key === "diagnostics/alive.json")?.note).toBe("Failing checks: dailyAllocationEtlHealthy.");
      expect(byId.down.evidence?.find((e) => e.key === "diagnostics/down.json")?.note).toContain("Kubecost stopped writing both");
    } finally {
      await s3s.stop();
    }
  });
});
