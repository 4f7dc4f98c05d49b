import { describe, expect, it, vi } from "vitest";
import { startDemo } from "@/lib/demo";
import type { StatusReport } from "@/lib/health/types";
import { statusConfigSchema, type StatusConfig } from "./config";
import { collectStatus } from "./collect";
import { loadStatusConfig } from "./load-config";
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
    loadConfig: () => ({ ok: true, value: config }),
    collect: async (c) => {
      calls.push(c);
      const report: StatusReport = {
        generatedAt: new Date(now).toISOString(),
        sources: [{ source: "etl", target: `s3://${c.etl?.bucket}`, checks: [], clusters: [], durationMs: 3 }],
        clusters: [], summary: emptySummary(),
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
    // Past the TTL: the last report answers at once (with its age) while a new one is collected.
    const stale = await service.getStatus();
    expect(calls).toHaveLength(3);
    expect(stale).toMatchObject({ generatedAt: new Date(1_700_000_000_000).toISOString(), ageSeconds: 6, refreshing: true });
    await new Promise((r) => setTimeout(r, 0));
    const later = await service.getStatus();
    expect(later.generatedAt).toBe(new Date(1_700_000_005_500).toISOString());
    expect(later.refreshing).toBe(false);
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
    const problems = [{ path: "etl.region", message: "Invalid input", fix: "Fix: set FC_ETL_REGION." }];
    const { service, calls } = setup({ loadConfig: () => ({ ok: false, problems }) });
    const r = await service.getStatus();
    expect(calls).toHaveLength(0);
    expect(r.sources).toEqual([]);
    expect(r.summary.total).toBe(0);
    expect(r.error?.title).toMatch(/configuration is not valid/);
    expect(r.error?.problems).toEqual(problems);
    expect(r.error?.message).toContain("FC_ETL_REGION");
  });

  it("reports a crashed probe with a reference, logging the text without the endpoint", async () => {
    const withEndpoint = { ...config, s3Endpoint: "http://minio.internal.example:9000" };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { service } = setup({
        loadConfig: () => ({ ok: true, value: withEndpoint }),
        collect: async () => Promise.reject(new Error("connect ECONNREFUSED http://minio.internal.example:9000/server-etl?list-type=2")),
      });
      const r = await service.getStatus();
      expect(r.error?.title).toBe("The probe crashed");
      expect(r.error?.message).toMatch(/^The status probe failed unexpectedly \(reference [0-9a-f]{8}\)\. The console server's log has the details/);
      expect(JSON.stringify(r)).not.toContain("ECONNREFUSED");
      expect(r.refreshSeconds).toBe(20);
      const ref = /reference ([0-9a-f]{8})/.exec(r.error!.message)![1];
      expect(logged).toHaveBeenCalledTimes(1);
      const line = String(logged.mock.calls[0][0]);
      expect(line).toContain(`reference ${ref}`);
      expect(line).toContain("ECONNREFUSED");
      expect(line).not.toContain("minio.internal.example");
    } finally {
      logged.mockRestore();
    }
  });

  it("never returns a configured endpoint address, whatever a probe wrote", async () => {
    const endpoints = {
      ...config,
      s3Endpoint: "http://minio.internal.example:9000",
      amp: { region: "us-east-1", workspaceId: "ws-aaaaaaaa-abcd-1234-abcd-1234567890ab", clusterLabel: "cluster_id", rulesNamespace: "r", controlPlaneEndpoint: "https://cp.vpce.example", queryEndpoint: "https://vpce-0abc.aps-workspaces.us-east-1.vpce.amazonaws.com/workspaces/ws-aaaaaaaa-abcd-1234-abcd-1234567890ab" },
    };
    const { service } = setup({
      loadConfig: () => ({ ok: true, value: endpoints }),
      collect: async () => ({
        generatedAt: new Date(0).toISOString(),
        clusters: [], summary: emptySummary(),
        sources: [
          {
            source: "etl",
            target: "s3://server-etl (us-east-1) via http://minio.internal.example:9000",
            durationMs: 1,
            clusters: [],
            checks: [
              { id: "etl.bucket", source: "etl", title: "Bucket listing", status: "fail", durationMs: 1, message: "Could not reach minio.internal.example:9000 (ECONNREFUSED)", fix: "Check http://minio.internal.example:9000/server-etl." },
              { id: "amp.data", source: "amp", title: "q", status: "fail", durationMs: 1, message: "POST https://vpce-0abc.aps-workspaces.us-east-1.vpce.amazonaws.com/workspaces/x/api/v1/query failed; cp https://cp.vpce.example/ too" },
            ],
          },
        ],
      }),
    });
    const text = JSON.stringify(await service.getStatus());
    for (const leak of ["minio.internal.example", "vpce-0abc", "cp.vpce.example"]) expect(text).not.toContain(leak);
    expect(text).toContain("Could not reach the configured endpoint (ECONNREFUSED)");
    expect(text).toContain("s3://server-etl (us-east-1) via the configured endpoint");
  });

  it("the demo's report names none of its stand-in endpoints", async () => {
    const demo = await startDemo();
    try {
      const loaded = loadStatusConfig({ FC_DEMO_CONFIG: JSON.stringify({ ...demo.config, allowRequestTargets: true }) });
      expect(loaded.ok).toBe(true);
      const service = createStatusService({ loadConfig: () => loaded, collect: (c) => collectStatus(c) });
      const wsB = "ws-0de00000-0000-4000-8000-000000000002"; // a workspace the stand-in does not have: a failed check
      for (const report of [await service.getStatus(), await service.getStatus({ ampWorkspaceId: wsB })]) {
        expect(report.sources.length).toBeGreaterThan(0);
        const text = JSON.stringify(report);
        expect(text).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
        for (const url of [demo.config.s3Endpoint, demo.config.amp?.controlPlaneEndpoint, demo.config.amp?.queryEndpoint]) {
          expect(url).toBeTruthy();
          expect(text).not.toContain(new URL(url!).host);
        }
      }
    } finally {
      await demo.stop();
    }
  }, 60_000);

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
        return { generatedAt: new Date(0).toISOString(), sources: [], clusters: [], summary: emptySummary() };
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

  it("a link flood leaves the server's own targets answering: a reserved slot, stale allowed, never busy", async () => {
    const gates: Array<() => void> = [];
    let peak = 0;
    let inFlight = 0;
    const { service, calls, tick } = setup({
      maxConcurrentProbes: 2,
      maxQueuedProbes: 2,
      linkProbesPerMinute: 100,
      collect: async (c) => {
        calls.push(c);
        peak = Math.max(peak, ++inFlight);
        if (c.etl?.bucket !== "server-etl") await new Promise<void>((r) => gates.push(r));
        inFlight--;
        return { generatedAt: new Date(0).toISOString(), sources: [{ source: "etl", target: c.etl!.bucket, checks: [], clusters: [], durationMs: 1 }], clusters: [], summary: emptySummary() };
      },
    });
    const own = await service.getStatus();
    expect(own.error).toBeUndefined();
    const links = Array.from({ length: 6 }, (_, i) => service.getStatus({ etlBucket: `flood-${i}a` }, { client: "10.0.0.9" }));
    await new Promise((r) => setTimeout(r, 0));
    // Two run, two wait, the rest are refused with a retry time.
    const refused = await Promise.all(links.slice(4));
    expect(refused.map((r) => r.error?.retryAfterSeconds)).toEqual([5, 5]);
    tick(10_000);
    // The server's own target probes on its reserved slot (three at once, one more than links get).
    const ownAgain = await service.getStatus({}, { fresh: true });
    expect(ownAgain.error).toBeUndefined();
    expect(ownAgain.sources[0].target).toBe("server-etl");
    expect(peak).toBe(3);
    while (calls.length < 6 || gates.length > 0) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect((await Promise.all(links.slice(0, 4))).every((r) => !r.error)).toBe(true);
  });

  it("rate-limits the link probes each client starts, not the cached answers or the server's own view", async () => {
    const { service, calls } = setup({ linkProbesPerMinute: 2 });
    await service.getStatus({ etlBucket: "link-1a" }, { client: "a" });
    await service.getStatus({ etlBucket: "link-2a" }, { client: "a" });
    await service.getStatus({ etlBucket: "link-1a" }, { client: "a" }); // cached: free
    const limited = await service.getStatus({ etlBucket: "link-3a" }, { client: "a" });
    expect(limited.error?.title).toBe("Too many links from this client");
    expect(limited.error?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await service.getStatus({ etlBucket: "link-3a" }, { client: "b" })).error).toBeUndefined();
    expect((await service.getStatus()).error).toBeUndefined();
    expect(calls.map((c) => c.etl?.bucket)).toEqual(["link-1a", "link-2a", "link-3a", "server-etl"]);
  });

  it("before the first report, answers with each source as soon as its probe is done", async () => {
    let finishThanos!: () => void;
    const both = statusConfigSchema.parse({ etl: { bucket: "server-etl", region: "us-east-1" }, thanos: { bucket: "server-thanos", region: "us-east-1" } });
    const src = (source: "etl" | "thanos") => ({ source, target: source, checks: [], clusters: [{ clusterId: "a", source, verdict: "healthy" as const, reason: "ok", expected: false }], durationMs: 1 });
    const { service } = setup({
      loadConfig: () => ({ ok: true, value: both }),
      collect: async (_c, ctx) => {
        ctx?.onSource?.(src("etl"));
        await new Promise<void>((r) => (finishThanos = r));
        ctx?.onSource?.(src("thanos"));
        return { generatedAt: new Date(0).toISOString(), sources: [src("etl"), src("thanos")], clusters: [], summary: { ...emptySummary(), healthy: 2, total: 2 } };
      },
    });
    const partial = await service.getStatus({}, { partialAfterMs: 20 });
    expect(partial).toMatchObject({ partial: true, pendingSources: ["thanos"] });
    expect(partial.sources.map((x) => x.source)).toEqual(["etl"]);
    // A cluster that looks fine while a source is still probing counts as checking, as the progress line says.
    expect(partial.summary).toMatchObject({ healthy: 0, checking: 1, total: 1 });
    finishThanos();
    await new Promise((r) => setTimeout(r, 0));
    const full = await service.getStatus({}, { partialAfterMs: 20 });
    expect(full.partial).toBeUndefined();
    expect(full.sources.map((x) => x.source)).toEqual(["etl", "thanos"]);
  });

  it("links to the same bucket with other cluster lists share one probe, each judged against its own list", async () => {
    const { service, calls } = setup({
      collect: async (c) => {
        calls.push(c);
        const clusters = ["prod-1", "prod-2"].map((clusterId) => ({ clusterId, source: "etl" as const, verdict: "healthy" as const, reason: "Newest ETL upload 5 min ago.", expected: false }));
        return { generatedAt: new Date(0).toISOString(), sources: [{ source: "etl", target: "etl", checks: [], clusters, durationMs: 1 }], clusters: [], summary: { ...emptySummary(), healthy: 2, total: 2 } };
      },
    });
    const a = await service.getStatus({ etlBucket: "team-etl", clusters: ["prod-1", "prod-9"] });
    const b = await service.getStatus({ etlBucket: "team-etl", clusters: ["prod-2"] });
    expect(calls).toHaveLength(1);
    expect(calls[0].expectedClusters).toEqual([]);
    const verdicts = (r: typeof a) => r.sources[0].clusters.map((c) => [c.clusterId, c.verdict, c.expected]);
    expect(verdicts(a)).toEqual([["prod-1", "healthy", true], ["prod-2", "unexpected", false], ["prod-9", "missing", true]]);
    expect(a.sources[0].clusters.find((c) => c.clusterId === "prod-9")?.reason).toBe("Expected, but no ETL upload from this cluster was found.");
    expect(a.summary).toMatchObject({ healthy: 1, unexpected: 1, missing: 1, total: 3 });
    expect(verdicts(b)).toEqual([["prod-1", "unexpected", false], ["prod-2", "healthy", true]]);
  });
});
