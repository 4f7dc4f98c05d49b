import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { DEMO_AGENT_EXPECTED, DEMO_AGENT_FLEET, DEMO_AGENT_VERDICTS, demoAgentObjects } from "@/lib/demo/seed-agent";
import { demoEtlObjects } from "@/lib/demo/seed-etl";
import { createS3Client, newS3Usage } from "./s3-client";
import { clearAgentCache, probeAgent } from "./agent";

// The FinOps agent probe against fauxqs holding the demo's 2.9 / 3.x fleet next to a Federated
// ETL layout (Kubecost 2.9 agents write both into one bucket).

const now = new Date("2026-12-01T12:00:00Z");
const thresholds = thresholdsSchema.parse({});
let s3s: SeedableS3;
beforeAll(async () => {
  s3s = await startSeedableFauxqs({ byteOrderIndex: true });
  s3s.createBucket("fed");
  s3s.put("fed", demoEtlObjects("", now.getTime()).objects);
  s3s.put("fed", demoAgentObjects("", now.getTime()));
  s3s.createBucket("no-agents");
  s3s.put("no-agents", demoEtlObjects("", now.getTime()).objects);
});
afterAll(() => s3s.stop());
beforeEach(() => clearAgentCache());

async function probe(bucket = "fed", expectedClusters = DEMO_AGENT_EXPECTED) {
  const usage = newS3Usage();
  const s3 = createS3Client({ s3Endpoint: s3s.endpoint }, "us-east-1", { usage });
  const report = await probeAgent({ bucket, region: "us-east-1", prefix: "" }, { now, s3, thresholds, expectedClusters, usage });
  return { report, usage };
}
const byId = (r: Awaited<ReturnType<typeof probe>>["report"]) => Object.fromEntries(r.clusters.map((c) => [c.clusterId, c]));

describe("FinOps agent probe", () => {
  it("gives each agent of the fleet its verdict: healthy, late heartbeat, failing diagnostic, cluster-one, two producers", async () => {
    const { report } = await probe();
    expect(Object.fromEntries(report.clusters.map((c) => [c.clusterId, c.verdict]))).toEqual(DEMO_AGENT_VERDICTS);
    const c = byId(report);
    expect(c["prod-east-1"].lagSeconds).toBe(2 * 60 - 1);
    expect(c["prod-east-1"].facts).toMatchObject({ agentVersion: "3.2.1", readyFor3x: true, heartbeatSince: expect.any(String) });
    expect(c["staging-1"].reason).toMatch(/^Newest agent heartbeat 25 min ago \(lagging after 15 min\)/);
    expect(c["analytics-2"].reason).toContain("The agent's diagnostics fail: kubeStateMetricsAvailable");
    expect(c["analytics-2"].evidence?.find((e) => e.label === "newest diagnostics")?.note).toBe("Failing: kubeStateMetricsAvailable.");
    expect(c["cluster-one"].reason).toContain('reports as "cluster-one", Kubecost\'s default cluster id');
    expect(c["cluster-one"].fix).toContain("global.clusterId");
    expect(c["shared-id"].reason).toMatch(/^Two agents write under this cluster id: \d+ heartbeats in 30 min \(one agent writes 6\) with different cluster metadata/);
    expect(c["dev-3"].verdict).toBe("stale");
    // The other folder order is found, not assumed away.
    expect(c["edge-9"].facts).toMatchObject({ layout: "<cluster>/heartbeat/finops-agent/", agentVersion: "2.9.7" });
    // The leftover write test names the missing permission.
    expect(c["prod-west-2"].reason).toContain("write-test object");
    expect(c["prod-west-2"].fix).toContain("s3:DeleteObject");
  });

  it("shows the version matrix and whether every agent has written heartbeats for 48 h", async () => {
    const { report } = await probe();
    const versions = report.checks.find((c) => c.id === "agent.versions")!;
    expect(versions.status).toBe("warn");
    expect(versions.message).toMatch(/^2 versions across 8 agents: 3\.2\.1: 5 \(.*\); 2\.9\.7: 3 \(dev-3, edge-9, prod-west-2\)\./);
    const ready = report.checks.find((c) => c.id === "agent.readiness")!;
    expect(ready.status).toBe("warn");
    expect(ready.message).toContain("prod-west-2 (20 h)");
    expect(ready.message).toContain("dev-3 (not writing)");
    expect(ready.message).not.toContain("prod-east-1");
    expect(ready.fix).toContain("48 h");
  });

  it("costs a few requests per agent, fewer once the oldest heartbeats are known", async () => {
    const cold = await probe();
    const agents = DEMO_AGENT_FLEET.length;
    expect(cold.usage.requests / agents).toBeLessThanOrEqual(7);
    const warm = await probe();
    expect(warm.usage.requests).toBeLessThan(cold.usage.requests);
  });

  it("a bucket without agent output is a warning and expected agents are missing", async () => {
    const { report } = await probe("no-agents", ["prod-east-1"]);
    expect(report.checks.find((c) => c.id === "agent.bucket")).toMatchObject({ status: "warn" });
    expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["prod-east-1", "missing"]]);
    expect(report.checks.find((c) => c.id === "agent.readiness")?.message).toBe("1 of 1 agent not ready: prod-east-1 (no heartbeat).");
  });
});
