import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Demo } from "@/lib/demo/s3";
import { DEMO_ETL_VERDICTS } from "@/lib/demo/seed-etl";
import { DEMO_AGENT_VERDICTS } from "@/lib/demo/seed-agent";
import type { DemoBackends } from "@/lib/demo";
import { clearFullScanCache } from "@/lib/probe/thanos-scan";
import { startFakeS3Errors, type FakeS3 } from "@/test/support/fake-s3-errors";
import { startSeedableFauxqs } from "@/lib/demo/seed-store";
import { etlClusterObjects } from "@/lib/demo/seed-etl";
import { seededRandom, thanosClusterObjects } from "@/lib/demo/seed-thanos";
import { statusConfigSchema } from "./config";
import { collectStatus } from "./collect";
import { newS3Usage, sharedS3ClientCount } from "@/lib/probe/s3-client";

let demo: DemoBackends;
let fake: FakeS3;
beforeAll(async () => {
  demo = await startS3Demo();
  fake = await startFakeS3Errors();
});
afterAll(async () => {
  await demo.stop();
  await fake.stop();
});

describe("collectStatus on the embedded demo", () => {
  it("runs ETL and Thanos and counts every verdict", async () => {
    clearFullScanCache();
    const config = statusConfigSchema.parse(demo.config);
    const report = await collectStatus(config, { thanosFullScan: "await" });
    expect(report.sources.map((s) => s.source)).toEqual(["etl", "thanos", "agent"]);
    expect(Object.fromEntries(report.sources[2].clusters.map((c) => [c.clusterId, c.verdict]))).toEqual(DEMO_AGENT_VERDICTS);
    expect(report.sources[2].requests).toBeGreaterThan(0);
    const byId = (src: "etl" | "thanos") => Object.fromEntries(report.sources.find((s) => s.source === src)!.clusters.map((c) => [c.clusterId, c.verdict]));
    // The demo's 2.x cluster (lib/demo/seed-agent.ts) uploads to the same ETL bucket.
    expect(byId("etl")).toEqual({ ...DEMO_ETL_VERDICTS, "legacy-4": "healthy" });
    expect(byId("thanos")).toEqual({
      "analytics-2": "lagging",
      "dev-3": "stale",
      "legacy-1": "error",
      "prod-east-1": "healthy",
      "prod-eu-1": "missing",
      "prod-west-2": "error",
      "staging-1": "healthy",
    });
    // The summary counts clusters (distinct ids, each by its worst verdict), not per-source rows.
    const ids = new Set(report.sources.flatMap((s) => s.clusters.map((c) => c.clusterId)));
    expect(report.summary).toEqual({ healthy: 4, lagging: 1, stale: 2, missing: 1, unexpected: 1, error: 5, checking: 0, total: ids.size, failedChecks: 1 });
    expect(ids.size).toBe(14);
    expect(report.clusters[0].verdict).toBe("error");
    expect(report.clusters.find((c) => c.clusterId === "prod-west-2")).toMatchObject({ verdict: "error", sources: { etl: "healthy", thanos: "error", agent: "error" }, needsAction: true });
    expect(report.clusters.find((c) => c.clusterId === "legacy-4")).toMatchObject({ verdict: "healthy", sources: { etl: "healthy", agent: "healthy" } });
    expect(report.sources[0].target).toBe("s3://kubecost-federated-etl/ (us-east-1)");
    // Nothing secret or internal in the report: no endpoint, no credentials.
    expect(JSON.stringify(report)).not.toContain(config.s3Endpoint!);
    expect(JSON.stringify(report)).not.toMatch(/local-demo|secretAccessKey/);
  });

  it("a source's own expected clusters win over the global list", async () => {
    const base = statusConfigSchema.parse(demo.config);
    const config = statusConfigSchema.parse({
      ...demo.config,
      expectedClusters: ["only-in-amp"],
      etl: { ...base.etl, expectedClusters: ["prod-east-1", "never-uploaded"] },
      thanos: { ...base.thanos, expectedClusters: undefined },
    });
    const report = await collectStatus(config, { thanosFullScan: "skip" });
    const missing = (src: "etl" | "thanos") => report.sources.find((s) => s.source === src)!.clusters.filter((c) => c.verdict === "missing").map((c) => c.clusterId);
    expect(missing("etl")).toEqual(["never-uploaded"]);
    expect(missing("thanos")).toEqual(["only-in-amp"]);
  });

  it("one failing source never blanks the other", async () => {
    const config = statusConfigSchema.parse({ ...demo.config, thanos: { bucket: "no-such-thanos", region: "us-east-1" } });
    const report = await collectStatus(config, { thanosFullScan: "skip" });
    const thanos = report.sources.find((s) => s.source === "thanos")!;
    expect(thanos.checks.find((c) => c.id === "thanos.bucket")?.status).toBe("fail");
    expect(report.sources.find((s) => s.source === "etl")!.clusters).toHaveLength(8);
    expect(report.summary.failedChecks).toBe(1);
  });

  it("a hanging store is cut off at the source budget and reported", async () => {
    const config = statusConfigSchema.parse({ s3Endpoint: fake.endpoint, etl: { bucket: "hang-bucket", region: "us-east-1" } });
    const started = Date.now();
    const report = await collectStatus(config, { sourceTimeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(report.sources[0].checks[0]).toMatchObject({ id: "etl.bucket", status: "fail" });
    expect(report.sources[0].checks[0].message).toMatch(/timed out/);
  });

  it("a probe that throws keeps its expected and previously shown clusters, as errors with the fix", async () => {
    const config = statusConfigSchema.parse({ ...demo.config, thanos: undefined, agent: undefined });
    const first = await collectStatus(config);
    expect(first.sources[0].clusters.map((c) => c.clusterId)).toContain("sandbox-x"); // shown, not expected
    const report = await collectStatus(config, { probes: { etl: async () => Promise.reject(new Error("socket hang up")) } });
    const etl = report.sources[0];
    expect(etl.checks).toEqual([expect.objectContaining({ id: "etl.probe", status: "fail" })]);
    expect(etl.clusters.map((c) => c.clusterId)).toEqual(first.sources[0].clusters.map((c) => c.clusterId));
    expect(etl.clusters.every((c) => c.verdict === "error")).toBe(true);
    const east = etl.clusters.find((c) => c.clusterId === "prod-east-1")!;
    expect(east.reason).toMatch(/^The etl probe failed: socket hang up\./);
    expect(east.fix).toBe(etl.checks[0].fix);
    expect(report.summary.error).toBe(etl.clusters.length);
  });

  it("keeps clusters a source showed before as errors when they drop out of its report", async () => {
    const config = statusConfigSchema.parse({ ...demo.config, thanos: undefined, agent: undefined, etl: { ...statusConfigSchema.parse(demo.config).etl, bucket: "kubecost-federated-etl", prefix: "" } });
    const first = await collectStatus(config);
    const shownBefore = first.sources[0].clusters.filter((c) => c.verdict !== "missing").map((c) => c.clusterId);
    expect(shownBefore).toContain("sandbox-x");
    // The bucket listing now fails inside the probe (a failed check, not a throw): the probe
    // reports only the expected clusters; the one it showed before must not vanish.
    const realEtl = (await import("@/lib/probe/etl")).probeEtl;
    const failing: typeof realEtl = async (target, ctx) => {
      const r = await realEtl({ ...target, bucket: "no-such-bucket-here" }, ctx);
      return { ...r, target: "s3://kubecost-federated-etl/ (us-east-1)" };
    };
    const report = await collectStatus(config, { probes: { etl: failing } });
    const etl = report.sources[0];
    expect(etl.checks.find((c) => c.id === "etl.bucket")?.status).toBe("fail");
    const sandbox = etl.clusters.find((c) => c.clusterId === "sandbox-x");
    expect(sandbox).toMatchObject({ verdict: "error", expected: false });
    expect(sandbox!.reason).toMatch(/^Bucket listing failed: /);
    expect(sandbox!.lastSeen).toBe(first.sources[0].clusters.find((c) => c.clusterId === "sandbox-x")!.lastSeen);
    // Every cluster appears once: the expected ones from the probe, the dropped one from memory.
    const ids = etl.clusters.map((c) => c.clusterId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("a probe that ignores the abort is cut off at the budget; its expected clusters are errors", async () => {
    const config = statusConfigSchema.parse({ s3Endpoint: fake.endpoint, expectedClusters: ["a", "b"], thanos: { bucket: "kc-thanos", region: "us-east-1" } });
    const started = Date.now();
    const report = await collectStatus(config, { sourceTimeoutMs: 300, probes: { thanos: () => new Promise(() => {}) } });
    expect(Date.now() - started).toBeLessThan(3_000);
    const thanos = report.sources[0];
    expect(thanos.checks[0]).toMatchObject({ id: "thanos.probe", status: "fail", message: "The thanos probe did not finish within 0.3 s." });
    expect(thanos.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([
      ["a", "error"],
      ["b", "error"],
    ]);
    expect(thanos.clusters[0].reason).toMatch(/^The thanos probe failed: it did not finish within 0.3 s\./);
    expect(thanos.clusters[0].fix).toMatch(/answers too slowly/);
  });

  it("reuses one S3 client per endpoint and region across collections, counting requests per call", async () => {
    // Both buckets in a region no other test uses: ETL and Thanos share one new client.
    const base = statusConfigSchema.parse(demo.config);
    const config = statusConfigSchema.parse({ ...demo.config, etl: { ...base.etl, region: "ap-south-1" }, thanos: { ...base.thanos, region: "ap-south-1" } });
    const run = async () => {
      const usage = { etl: newS3Usage(), thanos: newS3Usage() };
      await collectStatus(config, { thanosFullScan: "skip", usage });
      return usage;
    };
    const before = sharedS3ClientCount();
    const first = await run();
    expect(sharedS3ClientCount()).toBe(before + 1);
    const second = await run();
    expect(sharedS3ClientCount()).toBe(before + 1);
    // Same work, counted again from zero: the counters belong to each call, not the client.
    expect(second.etl.requests).toBe(first.etl.requests);
    expect(second.etl.requests).toBeGreaterThan(2);
    expect(second.thanos.byCommand.ListObjectsV2Command).toBeGreaterThan(0);
  });
});

describe("many requests in flight on one source's abort signal", () => {
  it("raise no MaxListenersExceededWarning (16 ETL streams, 32 meta.json reads)", async () => {
    const s3s = await startSeedableFauxqs({ byteOrderIndex: true });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      const now = Date.now();
      s3s.createBucket("many-etl");
      s3s.createBucket("many-thanos");
      const rng = seededRandom(5);
      for (let i = 0; i < 40; i++) {
        s3s.put("many-etl", etlClusterObjects("", { id: `c-${i}`, lastUploadMs: now - 20 * 60_000, days: 2, hourlyHours: 4 }));
        s3s.put("many-thanos", thanosClusterObjects("", { labels: { cluster_id: `c-${i}` }, newestUploadMs: now - 20 * 60_000, hours: 4 }, rng));
      }
      const config = statusConfigSchema.parse({
        s3Endpoint: s3s.endpoint,
        etl: { bucket: "many-etl", region: "us-east-1" },
        thanos: { bucket: "many-thanos", region: "us-east-1" },
      });
      const report = await collectStatus(config, { thanosFullScan: "skip" });
      expect(report.sources.map((s) => s.clusters.length)).toEqual([40, 40]);
      await new Promise((r) => setTimeout(r, 50)); // warnings are emitted on a later tick
      expect(warnings.filter((w) => w.includes("MaxListenersExceeded"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      await s3s.stop();
    }
  });
});
