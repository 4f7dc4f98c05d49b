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
  // legacy-4 writes Federated ETL only (lib/demo/seed-etl.ts); the others come from the agent fleet.
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
    // The leftover write test makes the row need action, with the permission and what happens next.
    expect(c["prod-west-2"].verdict).toBe("error");
    expect(c["prod-west-2"].reason).toContain("start-up write test prod-west-2/write-test/test.txt is still in the bucket (20 h old)");
    expect(c["prod-west-2"].fix).toMatch(/^Grant s3:DeleteObject on this bucket to the agent's role .*panics at its next start/);
    expect(c["prod-west-2"].facts?.freshnessSignal).toBe("heartbeat");
  });

  it("judges an agent with heartbeats off on its kubemodel objects: healthy when fresh, stale when not", async () => {
    const c = byId((await probe()).report);
    expect(c["ops-5"]).toMatchObject({ verdict: "healthy", lagSeconds: 6 * 60, facts: { freshnessSignal: "kubemodel objects" } });
    expect(c["ops-5"].reason).toMatch(/^Newest kubemodel object 6 min ago\. No heartbeat from this agent \(finops-agent chart 1\.0\.21\+ with agent\.exports\.heartbeat off\)/);
    expect(c["ops-5"].evidence?.find((e) => e.label === "newest kubemodel object")?.key).toMatch(/^finops-agent\/ops-5\/kubemodel\/1h\/\d{14}$/);
    expect(c["batch-7"]).toMatchObject({ verdict: "stale", lagSeconds: 26 * 3600 });
    expect(c["batch-7"].reason).toContain("Newest kubemodel object 26 h ago (stale after 12 h).");
  });

  it("a 2.x cluster writing only federated/<id>/ is alive, never missing, and not ready for a 3.x primary", async () => {
    const { report } = await probe();
    const legacy = byId(report)["legacy-4"];
    expect(legacy.verdict).toBe("healthy");
    expect(legacy.facts).toMatchObject({ freshnessSignal: "Federated ETL files" });
    expect(legacy.reason).toMatch(/^Newest Federated ETL file 40 min ago\. No FinOps agent output: this cluster writes only Federated ETL \(federated\/legacy-4\/\)/);
    const ready = report.checks.find((c) => c.id === "agent.readiness")!;
    expect(ready.message).toContain("legacy-4 (Federated ETL only: no FinOps agent, a 2.x cluster)");
    expect(ready.message).toContain("ops-5 (no heartbeats to count: agent.exports.heartbeat is off)");
  });

  it("shows the version matrix and whether every agent has written heartbeats for 48 h", async () => {
    const { report } = await probe();
    const versions = report.checks.find((c) => c.id === "agent.versions")!;
    expect(versions.status).toBe("warn");
    // Only agents that write heartbeats say their version.
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
    // Per cluster shown: heartbeat agents cost 5 cold; heartbeat-less ones read kubemodel or ETL.
    const clusters = cold.report.clusters.length;
    expect(clusters).toBe(DEMO_AGENT_FLEET.length + 1);
    expect(cold.usage.requests / clusters).toBeLessThanOrEqual(8);
    const warm = await probe();
    expect(warm.usage.requests).toBeLessThan(cold.usage.requests);
  });

  it("a bucket without agent output is a warning; expected clusters with fresh Federated ETL are not missing, absent ones are", async () => {
    const { report } = await probe("no-agents", ["prod-east-1", "never-seen"]);
    expect(report.checks.find((c) => c.id === "agent.bucket")).toMatchObject({ status: "warn" });
    expect(report.checks.find((c) => c.id === "agent.bucket")?.message).toContain("(1 cluster write only Federated ETL)");
    expect(report.clusters.map((c) => [c.clusterId, c.verdict])).toEqual([["never-seen", "missing"], ["prod-east-1", "healthy"]]);
    expect(report.checks.find((c) => c.id === "agent.readiness")?.message).toBe("2 of 2 agents not ready: prod-east-1 (Federated ETL only: no FinOps agent, a 2.x cluster), never-seen (no heartbeat).");
  });
});
