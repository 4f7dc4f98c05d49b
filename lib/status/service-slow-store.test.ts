import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { etlClusterObjects } from "@/lib/demo/seed-etl";
import { startSlowProxy, type SlowProxy } from "@/test/support/slow-proxy";
import { statusConfigSchema } from "./config";
import { collectStatus } from "./collect";
import { renderStatusMetrics } from "./metrics";
import { createStatusService } from "./service";

// The status service in front of a slow store (fauxqs behind a delaying proxy): concurrent
// viewers share one probe, the TTL counts from completion, and the API and the metrics answer
// from the last complete report at once while a newer one is collected. "While a probe runs" is
// the proxy holding every request until the test releases it: answers that arrive during the hold
// came without the probe, whatever the machine's speed (no clock is read).

let s3s: SeedableS3;
let proxy: SlowProxy;
beforeAll(async () => {
  s3s = await startSeedableFauxqs({ byteOrderIndex: true });
  s3s.createBucket("slow-etl");
  for (const id of ["prod-1", "prod-2"]) s3s.put("slow-etl", etlClusterObjects("", { id, lastUploadMs: Date.now() - 20 * 60_000, days: 1, hourlyHours: 2 }));
  proxy = await startSlowProxy(s3s.endpoint, 250);
});
afterAll(async () => {
  await proxy.stop();
  await s3s.stop();
});

function service(ttlMs: number) {
  const config = statusConfigSchema.parse({ s3Endpoint: proxy.endpoint, etl: { bucket: "slow-etl", region: "us-east-1" }, expectedClusters: ["prod-1", "prod-2"] });
  return createStatusService({ loadConfig: () => ({ ok: true, value: config }), collect: (c) => collectStatus(c), ttlMs, minForcedAgeMs: 0 });
}

describe("status service on a slow store", () => {
  it("viewers arriving while a probe runs share it, and the TTL counts from its completion", async () => {
    const svc = service(2_000);
    const before = proxy.requests;
    proxy.hold();
    const first = svc.getStatus();
    // The others arrive once the probe's first request is at the store, held there.
    await vi.waitFor(() => expect(proxy.requests).toBeGreaterThan(before), { timeout: 20_000 });
    const second = svc.getStatus();
    const third = svc.getStatus();
    proxy.release();
    const reports = await Promise.all([first, second, third]);
    const oneProbe = proxy.requests - before;
    expect(oneProbe).toBeGreaterThan(0);
    expect(new Set(reports.map((r) => r.generatedAt)).size).toBe(1);
    expect(reports[0].sources[0].clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["prod-1", "healthy"], ["prod-2", "healthy"]]);
    // The probe took longer than the TTL, yet a viewer right after it finished is served from cache.
    const again = await svc.getStatus();
    expect(proxy.requests - before).toBe(oneProbe);
    expect(again.generatedAt).toBe(reports[0].generatedAt);
    expect(again.ageSeconds).toBe(0);
  }, 30_000);

  it("answers the API and /api/metrics from the last report at once while a slow probe runs", async () => {
    const svc = service(50);
    const first = await svc.getStatus();
    await new Promise((r) => setTimeout(r, 100)); // past the TTL: the next viewer starts a new probe
    proxy.hold(); // which cannot finish before release()
    try {
      const stale = await svc.getStatus();
      const { body } = await renderStatusMetrics(await svc.getStatus({}, { maxWaitMs: 500 }));
      expect(stale.generatedAt).toBe(first.generatedAt);
      expect(stale.refreshing).toBe(true);
      expect(body).toMatch(/^federation_console_cluster_verdict\{source="etl",cluster_id="prod-1",verdict="healthy",expected="true"\} 1$/m);
      expect(body).toMatch(/^federation_console_report_age_seconds \d+$/m);
    } finally {
      proxy.release();
    }
    // A Refresh waits for the new data.
    const fresh = await svc.getStatus({}, { fresh: true });
    expect(Date.parse(fresh.generatedAt)).toBeGreaterThan(Date.parse(first.generatedAt));
    expect(fresh.refreshing).toBe(false);
  }, 30_000);

  it("the first scrape before any report waits at most its budget and says the first check is running", async () => {
    const svc = service(5_000);
    proxy.hold(); // the first probe cannot finish before release()
    try {
      const r = await svc.getStatus({}, { maxWaitMs: 300 });
      expect(r.pending).toBe(true);
      const { body } = await renderStatusMetrics(r);
      expect(body).toMatch(/^federation_console_first_report_pending 1$/m);
      // The config is valid and the probe runs: status_ok stays 1, no source or cluster series yet.
      expect(body).toMatch(/^federation_console_status_ok 1$/m);
      expect(body).not.toMatch(/^federation_console_(source_up|cluster_verdict)\{/m);
    } finally {
      proxy.release();
    }
  }, 30_000);
});
