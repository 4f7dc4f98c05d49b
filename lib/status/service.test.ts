import { describe, expect, it } from "vitest";
import type { StatusReport } from "@/lib/health/types";
import { statusConfigSchema, type StatusConfig } from "./config";
import { StatusConfigError } from "./load-config";
import { createStatusService, emptySummary } from "./service";

const config = statusConfigSchema.parse({
  allowRequestTargets: true,
  etl: { bucket: "server-etl", region: "us-east-1" },
  refreshSeconds: 20,
});

function setup(overrides: Partial<Parameters<typeof createStatusService>[0]> = {}) {
  let now = 1_700_000_000_000;
  const calls: StatusConfig[] = [];
  const service = createStatusService({
    loadConfig: () => ({ ok: true, config }),
    collect: async (c) => {
      calls.push(c);
      const report: StatusReport = {
        generatedAt: new Date(now).toISOString(),
        sources: [{ source: "etl", target: `s3://${c.etl?.bucket}`, checks: [], clusters: [], durationMs: 3 }],
        summary: emptySummary(),
      };
      return report;
    },
    clock: () => now,
    ...overrides,
  });
  return { service, calls, tick: (ms: number) => (now += ms) };
}

describe("status service", () => {
  it("returns the report with the configured refresh interval", async () => {
    const { service } = setup();
    const r = await service.getStatus();
    expect(r.sources[0].target).toBe("s3://server-etl");
    expect(r.refreshSeconds).toBe(20);
    expect(r.error).toBeUndefined();
  });

  it("reuses a report for a few seconds per target, and probes each target on its own", async () => {
    const { service, calls, tick } = setup();
    await Promise.all([service.getStatus(), service.getStatus()]);
    expect(calls).toHaveLength(1);
    await service.getStatus({ etlBucket: "other-etl" });
    expect(calls.map((c) => c.etl?.bucket)).toEqual(["server-etl", "other-etl"]);
    tick(4_000);
    await service.getStatus();
    expect(calls).toHaveLength(2);
    tick(1_500);
    const later = await service.getStatus();
    expect(calls).toHaveLength(3);
    expect(later.generatedAt).toBe(new Date(1_700_000_005_500).toISOString());
  });

  it("probes again on a forced refresh, but not twice within a second", async () => {
    const { service, calls, tick } = setup();
    await service.getStatus();
    await service.getStatus({}, { fresh: true });
    expect(calls).toHaveLength(1);
    tick(1_200);
    await service.getStatus({}, { fresh: true });
    expect(calls).toHaveLength(2);
  });

  it("turns an invalid config into a report-shaped error without probing", async () => {
    const problems = [{ field: "etl.region", message: "Invalid input", fix: "Fix: set FC_ETL_REGION." }];
    const { service, calls } = setup({ loadConfig: () => ({ ok: false, error: new StatusConfigError(problems) }) });
    const r = await service.getStatus();
    expect(calls).toHaveLength(0);
    expect(r.sources).toEqual([]);
    expect(r.summary.total).toBe(0);
    expect(r.error?.title).toMatch(/configuration is not valid/);
    expect(r.error?.problems).toEqual(problems);
    expect(r.error?.message).toContain("FC_ETL_REGION");
  });

  it("reports a crashed probe instead of throwing", async () => {
    const { service } = setup({ collect: async () => Promise.reject(new Error("boom")) });
    const r = await service.getStatus();
    expect(r.error).toMatchObject({ title: "The probe crashed", message: "boom" });
    expect(r.refreshSeconds).toBe(20);
  });

  it("keeps at most maxEntries targets", async () => {
    const { service, calls } = setup({ maxEntries: 2 });
    for (const b of ["b-1a", "b-2a", "b-3a", "b-1a"]) await service.getStatus({ etlBucket: b });
    expect(calls.map((c) => c.etl?.bucket)).toEqual(["b-1a", "b-2a", "b-3a", "b-1a"]);
  });

  it("does not probe again for the same clusters in another order", async () => {
    const { service, calls } = setup();
    await service.getStatus({ clusters: ["b", "a"] });
    await service.getStatus({ clusters: ["a", "b", "a"] });
    expect(calls).toHaveLength(1);
  });

  it("runs at most maxConcurrentProbes probes at once, queues a few and answers busy beyond that", async () => {
    let inFlight = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const { service, calls } = setup({
      maxConcurrentProbes: 2,
      maxQueuedProbes: 2,
      collect: async (c) => {
        calls.push(c);
        peak = Math.max(peak, ++inFlight);
        await new Promise<void>((r) => gates.push(r));
        inFlight--;
        return { generatedAt: new Date(0).toISOString(), sources: [], summary: emptySummary() };
      },
    });
    const pending = ["b-1a", "b-2a", "b-3a", "b-4a"].map((b) => service.getStatus({ etlBucket: b }));
    const busy = await service.getStatus({ etlBucket: "b-5a" });
    expect(busy.error?.title).toBe("The console is busy");
    expect(busy.error?.message).toMatch(/2 probes are running and 2 are waiting/);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.map((c) => c.etl?.bucket)).toEqual(["b-1a", "b-2a"]);
    // Each finished probe hands its slot to the next waiter, never more than two at once.
    while (gates.length > 0 || calls.length < 4) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    const reports = await Promise.all(pending);
    expect(reports.every((r) => !r.error)).toBe(true);
    expect(calls.map((c) => c.etl?.bucket)).toEqual(["b-1a", "b-2a", "b-3a", "b-4a"]);
    expect(peak).toBe(2);
    // The busy answer was not cached: the same link probes once there is room.
    const again = service.getStatus({ etlBucket: "b-5a" });
    await new Promise((r) => setTimeout(r, 0));
    gates.shift()?.();
    expect((await again).error).toBeUndefined();
  });
});
