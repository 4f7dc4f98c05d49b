import "server-only";
import type { BucketTarget } from "./targets";
import type { CheckResult, SourceReport } from "@/lib/health/types";
import type { ClusterObservation } from "@/lib/health/observation";
import { agentReadinessCheck, agentVersionCheck } from "@/lib/health/agent-fleet";
import type { ProbeContext } from "./context";
import { bucketSourceReport } from "./bucket-report";
import { AGENT_APP } from "./agent-files";
import { discoverAgentFolders, type AgentBucketLayout } from "./agent-layout";
import { AGENT_CLUSTER_CHECKS, type AgentCheckContext, type AgentCluster } from "./agent-checks";
import { mapPool } from "./pool";
import { describeS3Error, s3FailedCheck } from "./s3-errors";

export { clearAgentCache } from "./agent-io";

// Kubecost 2.9 / 3.x FinOps agent probe: discover where agents write, then run the named
// per-cluster checks (lib/probe/agent-checks.ts) and the fleet checks (versions, readiness for a
// 3.x primary). Freshness comes from the heartbeat where the agent exports one; an agent with
// heartbeats off (finops-agent chart 1.0.21+) is judged on its kubemodel objects, and a cluster
// that writes only federated/<id>/ (2.x) on its Federated ETL files: alive, never "missing",
// and listed as not ready for a 3.x primary. Cost per heartbeat cluster: one listing of the
// recent heartbeats, one GET of the newest, one listing and one GET for diagnostics, one
// listing for the oldest heartbeat (cached an hour): 4 warm, 5 cold.

export async function probeAgent(target: BucketTarget, ctx: ProbeContext): Promise<SourceReport> {
  const started = Date.now();
  const { s3, now } = ctx;
  const { bucket, prefix, region } = target;
  const checks: CheckResult[] = [];
  const finish = (observations: ClusterObservation[]): SourceReport => bucketSourceReport("agent", target, ctx, checks, observations, started);

  let t0 = Date.now();
  let layout: AgentBucketLayout;
  try {
    layout = await discoverAgentFolders(s3, bucket, prefix, ctx.abortSignal);
  } catch (error) {
    checks.push(s3FailedCheck(error, { bucket, region, action: "s3:ListBucket", doing: `listing ${prefix || "the bucket root"}`, id: "agent.bucket", source: "agent", title: "Agent folders", durationMs: Date.now() - t0 }));
    const failed = checks[0];
    return finish(ctx.expectedClusters.map((clusterId) => ({ clusterId, problems: [{ severity: "error", reason: failed.message, fix: failed.fix ?? "" }], emptyReason: "The bucket could not be listed." })));
  }
  const clusters = agentClusters(layout, ctx.expectedClusters);
  checks.push(foldersCheck(layout, clusters, target));

  t0 = Date.now();
  const checkCtx: AgentCheckContext = { s3, bucket, prefix, nowMs: now.getTime(), abortSignal: ctx.abortSignal, thresholds: ctx.thresholds };
  const failures: string[] = [];
  await mapPool(clusters, ctx.concurrency ?? 16, async (c) => {
    try {
      for (const check of AGENT_CLUSTER_CHECKS) await check.run(c, checkCtx);
    } catch (error) {
      const d = describeS3Error(error, { bucket, region, action: "s3:ListBucket", doing: `reading the agent files of ${c.obs.clusterId}` });
      failures.push(c.obs.clusterId);
      c.obs.problems!.push({ severity: "error", reason: d.message, fix: d.fix });
    }
  });
  if (failures.length) {
    const fix = clusters.find((c) => c.obs.clusterId === failures[0])?.obs.problems?.at(-1)?.fix;
    checks.push({ id: "agent.clusters", source: "agent", title: "Agent files", status: "fail", message: `Could not read the agent files of ${failures.length} of ${clusters.length} clusters (${failures.slice(0, 5).join(", ")}${failures.length > 5 ? ", ..." : ""}).`, fix, durationMs: Date.now() - t0 });
  }
  const withBeat = clusters.filter((c) => c.signal === "heartbeat");
  checks.push(agentVersionCheck(withBeat.map((c) => ({ clusterId: c.obs.clusterId, version: c.obs.facts?.agentVersion as string | undefined }))));
  const staleAfterMs = (c: AgentCluster) => 1000 * (c.signal === "heartbeat" ? ctx.thresholds.agentStaleAfterSeconds : ctx.thresholds.agentDataStaleAfterSeconds);
  checks.push(
    agentReadinessCheck(
      ctx.expectedClusters,
      clusters.map((c) => ({
        clusterId: c.obs.clusterId,
        heartbeatForMs: c.obs.facts?.heartbeatForSeconds !== undefined ? Number(c.obs.facts.heartbeatForSeconds) * 1000 : undefined,
        fresh: c.obs.lastSeenMs !== undefined && now.getTime() - c.obs.lastSeenMs <= staleAfterMs(c),
        signal: c.signal,
      })),
    ),
  );
  return finish(clusters.map((c) => c.obs));
}

/** The clusters the agent source reports: every agent folder, and the clusters under federated/
 * with no agent output that it is asked about (expected, or every one when no list is set). */
function agentClusters(layout: AgentBucketLayout, expected: string[]): AgentCluster[] {
  const federated = new Set(layout.federatedIds);
  const byId = new Map(layout.folders.map((f) => [f.clusterId, f]));
  const want = new Set(expected);
  for (const id of layout.federatedIds) {
    if (!byId.has(id) && (want.size === 0 || want.has(id))) byId.set(id, { clusterId: id, layout: "federated/<cluster>/ only" });
  }
  return [...byId.values()]
    .sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1))
    .map((f) => ({
      folders: f,
      federated: federated.has(f.clusterId),
      obs: { clusterId: f.clusterId, problems: [], evidence: [], facts: { layout: f.layout }, emptyReason: `No heartbeat under ${f.heartbeat ?? `${AGENT_APP}/${f.clusterId}/heartbeat/`} and no cost data from it.` },
    }));
}

function foldersCheck(layout: AgentBucketLayout, clusters: AgentCluster[], target: BucketTarget): CheckResult {
  const { bucket, prefix } = target;
  const agents = layout.folders.filter((f) => f.heartbeat || f.kubemodel);
  const onlyEtl = clusters.length - layout.folders.length;
  const layouts = [...new Set(agents.map((f) => f.layout))].join(", ");
  return {
    id: "agent.bucket",
    source: "agent",
    title: "Agent folders",
    status: agents.length > 0 ? "ok" : "warn",
    message: agents.length
      ? `Found ${agents.length} cluster${agents.length === 1 ? "" : "s"} with FinOps agent output under s3://${bucket}/${prefix} (${layouts})${onlyEtl ? `, and ${onlyEtl} writing only Federated ETL` : ""}.`
      : `No FinOps agent output under s3://${bucket}/${prefix}: no Kubecost 2.9 / 3.x agent writes here yet${onlyEtl ? ` (${onlyEtl} cluster${onlyEtl === 1 ? "" : "s"} write only Federated ETL)` : ""}.`,
    fix: agents.length ? undefined : `On each cluster enable the agent (3.x: finopsagent.enabled=true; 2.9: finopsagent.enabled=true with global.federatedStorage) pointing at this bucket; it writes ${AGENT_APP}/<cluster id>/heartbeat/ every 5 min.`,
    durationMs: 0,
  };
}
