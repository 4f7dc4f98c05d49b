// `npm run bench`: how much the status probes cost on a 1,000-cluster federation.
// Seeds an in-process fauxqs with a Federated ETL bucket (30 days of daily files + Kubecost's
// default 49 h of hourly files, 2 pipelines, per cluster) and a Thanos bucket (a week of 2 h
// sidecar blocks per cluster) and a FinOps agent bucket (2 h of heartbeats and diagnostics per
// cluster), then runs the freshness probes beside a naive baseline in the
// same process and prints S3 requests, objects listed, wall time and peak RSS. The last line is
// one JSON object for scripts.
//
// Flags: --clusters N (1000), --hourly-days D (hourly history; default 49 h), --stock-listing
// (fauxqs's own O(bucket) listing instead of the byte-order index; same requests, slower).
import { createRequire, Module } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { S3Client } from "@aws-sdk/client-s3";
import type { S3Usage } from "@/lib/probe/s3-client";

// The probes import "server-only", which throws outside Next's server bundle. This script is a
// server too: mark that module as loaded before importing them.
{
  const require = createRequire(import.meta.url);
  const id = require.resolve("server-only");
  const stub = new Module(id);
  stub.loaded = true;
  stub.exports = {};
  require.cache[id] = stub;
}
const { GetObjectCommand } = await import("@aws-sdk/client-s3");
const { thresholdsSchema } = await import("@/lib/status/config");
const { fleetClusterIds } = await import("@/lib/demo/seed-fleet");
const { createS3Client, newS3Usage } = await import("@/lib/probe/s3-client");
const { probeEtl } = await import("@/lib/probe/etl");
const { probeThanos } = await import("@/lib/probe/thanos");
const { runFullScan } = await import("@/lib/probe/thanos-scan");
const { clearMetaCache } = await import("@/lib/probe/thanos-meta-reader");
const { clearLastKnown } = await import("@/lib/probe/last-known");
const { clearFullScanCache, onFullScanFinished } = await import("@/lib/probe/thanos-scan");
const { keepThanosIndexIn } = await import("@/lib/probe/thanos-index-file");
const { probeAgent, clearAgentCache } = await import("@/lib/probe/agent");
const { listChildPrefixes, listPage } = await import("@/lib/probe/s3-list");
const { mapPool } = await import("@/lib/probe/pool");

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const CLUSTERS = Number(arg("--clusters") ?? 1000);
const HOURLY_HOURS = arg("--hourly-days") ? Number(arg("--hourly-days")) * 24 : 49;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const mb = (b: number) => Math.round(b / 1024 / 1024);

async function measure<T>(fn: (usage: S3Usage, s3: S3Client) => Promise<T>, endpoint: string) {
  const usage = newS3Usage();
  const s3 = createS3Client({ s3Endpoint: endpoint }, "us-east-1", { usage });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await fn(usage, s3);
  const cpu = process.cpuUsage(cpu0);
  // CPU of the whole process (probe + the fauxqs worker): steadier than wall time on a busy machine.
  return { result, usage, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const count = (clusters: { verdict: string }[]) =>
  Object.entries(clusters.reduce<Record<string, number>>((a, c) => ((a[c.verdict] = (a[c.verdict] ?? 0) + 1), a), {}))
    .sort()
    .map(([v, n]) => `${v} ${n}`)
    .join(", ");

async function main() {
  // Page weight from the production build (scripts/bench-routes.ts): first-load JS per route.
  for (const line of (await import("./bench-routes")).routeSizeReport(process.env.NEXT_DIST_DIR ?? ".next")) console.log(line);
  const now = Date.now();
  const ids = fleetClusterIds(CLUSTERS);
  const thresholds = thresholdsSchema.parse({});

  // fauxqs and the seeding run in a worker thread of this process (lib/demo/seed-worker.ts).
  const workerUrl = new URL("../lib/demo/seed-worker.ts", import.meta.url).href;
  const tsxApi = import.meta.resolve("tsx/esm/api");
  // The worker is TypeScript too: register tsx inside it, then load it.
  const worker = new Worker(
    `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(workerUrl)}); })();`,
    { eval: true, workerData: { now, clusters: CLUSTERS, hourlyHours: HOURLY_HOURS, stockListing: args.includes("--stock-listing") } },
  );
  const seeded = await new Promise<{ endpoint: string; etlObjects: number; thanosObjects: number; agentObjects: number; seedMs: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  const { etlObjects, thanosObjects } = seeded;
  console.log(`Seeded ${CLUSTERS} clusters: ${etlObjects} ETL objects, ${thanosObjects} Thanos objects, ${seeded.agentObjects} FinOps agent objects in ${seeded.seedMs} ms.`);
  const ep = seeded.endpoint;
  // Let the worker's garbage collection of the seeding settle before timing anything.
  await new Promise((r) => setTimeout(r, 3_000));

  // ETL: the probe.
  const etl = await measure(
    (usage, s3) => probeEtl({ bucket: "bench-etl", region: "us-east-1", prefix: "" }, { now: new Date(now), s3, thresholds, expectedClusters: ids, usage, concurrency: arg("--etl-concurrency") ? Number(arg("--etl-concurrency")) : undefined }),
    ep,
  );
  const folderPages = Math.ceil(CLUSTERS / 1000);
  const etlLowerBound = CLUSTERS + folderPages;
  // ETL baseline: one full recursive listing of the bucket (the cluster folders and diagnostics/,
  // what the probe reports on).
  const etlBase = await measure(async (_u, s3) => {
    let startAfter: string | undefined;
    let keys = 0;
    for (;;) {
      const page = await listPage(s3, { bucket: "bench-etl", prefix: "", startAfter });
      keys += page.objects.length;
      if (!page.truncated) return keys;
      startAfter = page.objects[page.objects.length - 1].key;
    }
  }, ep);

  if (args.includes("--etl-only")) {
    console.log(`ETL probe: ${etl.usage.requests} requests, ${etl.usage.objectsListed} listed, ${etl.wallMs} ms; baseline ${etlBase.usage.requests} requests, ${etlBase.wallMs} ms; ratio ${ratio(etl.usage.requests, etlBase.usage.requests)}x requests, ${ratio(etl.wallMs, etlBase.wallMs)}x wall`);
    process.exit(0);
  }
  // Thanos: the freshness path (no full scan), cold meta cache.
  clearMetaCache();
  const thanosTarget = { bucket: "bench-thanos", region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 900 };
  const thanos = await measure(
    (usage, s3) => probeThanos(thanosTarget, { now: new Date(now), s3, thresholds, expectedClusters: ids, usage }, { fullScan: "skip", cacheScope: "bench" }),
    ep,
  );
  const thanosLowerBound = CLUSTERS + 1; // one meta.json per cluster + one page of recent block dirs
  // Thanos baseline: list every block and read every meta.json (thanos tools bucket inspect).
  const thanosBase = await measure(async (_u, s3) => {
    const { prefixes } = await listChildPrefixes(s3, "bench-thanos", "");
    await mapPool(prefixes, 32, async (p) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: "bench-thanos", Key: `${p}meta.json` }));
      await out.Body?.transformToString();
    });
    return prefixes.length;
  }, ep);
  // Without an expected list (the default): the first look reads back to the stale threshold
  // plus one block so silent clusters show as stale; later looks know the clusters and read
  // only the last 2 h again (cold meta cache both times, so requests compare).
  clearLastKnown();
  clearMetaCache();
  const noListProbe = (usage: S3Usage, s3: S3Client) =>
    probeThanos(thanosTarget, { now: new Date(now), s3, thresholds, expectedClusters: [], usage }, { fullScan: "skip", cacheScope: "bench-no-list" });
  const noListFirst = await measure(noListProbe, ep);
  clearMetaCache();
  const noListSteady = await measure(noListProbe, ep);
  // The full scan (cached, runs every fullScanIntervalSeconds), cold and then warm.
  clearMetaCache();
  const scanCold = await measure((_u, s3) => runFullScan(s3, { bucket: "bench-thanos", prefix: "" }, "bench"), ep);
  const scanWarm = await measure((_u, s3) => runFullScan(s3, { bucket: "bench-thanos", prefix: "" }, "bench"), ep);
  // The next freshness probe in the same process: every meta.json is cached by now.
  const thanosWarm = await measure(
    (usage, s3) => probeThanos(thanosTarget, { now: new Date(now), s3, thresholds, expectedClusters: ids, usage }, { fullScan: "skip", cacheScope: "bench" }),
    ep,
  );

  // After a start, the first answer shows the clusters the console cannot judge yet as
  // "checking"; the page refreshes until the report is complete. Timed to the first complete
  // report with verdicts equal to the warm reference: cold, and restarted with FC_DATA_DIR.
  const reference = count((await probeThanos(thanosTarget, { now: new Date(now), s3: createS3Client({ s3Endpoint: ep }, "us-east-1"), thresholds, expectedClusters: ids }, { fullScan: "await", cacheScope: "bench" })).clusters); // meta.json cached by the scans above
  // Keep the block index the scans above learned, as FC_DATA_DIR does.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-data-"));
  keepThanosIndexIn(dataDir).flush();
  const firstCompleteAnswer = () =>
    measure(async (usage, s3) => {
      const t0 = performance.now();
      let first: { ms: number; checking: number } | undefined;
      for (;;) {
        const r = await probeThanos(thanosTarget, { now: new Date(now), s3, thresholds, expectedClusters: ids, usage }, { fullScan: "auto", fullScanWaitMs: 0, cacheScope: "bench" });
        const checking = r.clusters.filter((c) => c.verdict === "checking").length;
        first ??= { ms: Math.round(performance.now() - t0), checking };
        if (checking === 0 && r.checks.find((c) => c.id === "thanos.fullScan")?.status === "ok") return { first, completeMs: Math.round(performance.now() - t0), correct: count(r.clusters) === reference, verdicts: count(r.clusters) };
        await new Promise((res) => setTimeout(res, 1_000));
      }
    }, ep);
  const restart = () => {
    clearFullScanCache();
    clearMetaCache();
    clearLastKnown();
  };
  // Restarted: a new process with FC_DATA_DIR reads the block index back first.
  restart();
  keepThanosIndexIn(dataDir);
  const restarted = await firstCompleteAnswer();
  onFullScanFinished(undefined);
  rmSync(dataDir, { recursive: true, force: true });
  // Cold start: a new process without it (no meta.json cache, no full scan, no memory).
  restart();
  const coldStart = await firstCompleteAnswer();
  // The FinOps agent probe (2 h of heartbeats and diagnostics per cluster), cold and warm.
  clearAgentCache();
  const agentProbe = (usage: S3Usage, s3: S3Client) => probeAgent({ bucket: "bench-agent", region: "us-east-1", prefix: "" }, { now: new Date(now), s3, thresholds, expectedClusters: ids, usage });
  const agentCold = await measure(agentProbe, ep);
  const agentWarm = await measure(agentProbe, ep);
  // Per cluster at least: the recent heartbeats listed and the newest read, the same for
  // diagnostics; plus the bucket root and the finops-agent/ pages.
  const agentLowerBound = 4 * CLUSTERS + 1 + Math.ceil(CLUSTERS / 1000);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  worker.postMessage("stop");
  await new Promise((r) => worker.once("exit", r));

  const row = (name: string, requests: number, objects: number, wallMs: number, cpuMs?: number) =>
    `  ${name.padEnd(34)} ${String(requests).padStart(7)} req  ${String(objects).padStart(8)} listed  ${String(wallMs).padStart(6)} ms wall${cpuMs === undefined ? "" : `  ${String(cpuMs).padStart(6)} ms CPU`}`;
  console.log(`\nFederated ETL (${CLUSTERS} clusters, verdicts: ${count(etl.result.clusters)})`);
  console.log(row("probe (freshness + coverage)", etl.usage.requests, etl.usage.objectsListed, etl.wallMs, etl.cpuMs));
  console.log(row("per-cluster plan, at least", etlLowerBound, 0, 0));
  console.log(row("baseline (full listing of the bucket)", etlBase.usage.requests, etlBase.usage.objectsListed, etlBase.wallMs, etlBase.cpuMs));
  console.log(`  probe / baseline: ${ratio(etl.usage.requests, etlBase.usage.requests)}x the requests, ${ratio(etl.wallMs, etlBase.wallMs)}x the wall time (same run). ${etl.result.checks.find((c) => c.id === "etl.bucket")?.message ?? ""}`);
  console.log(`\nThanos (${CLUSTERS} clusters, verdicts: ${count(thanos.result.clusters)})`);
  console.log(row("probe (freshness, cold cache)", thanos.usage.requests, thanos.usage.objectsListed, thanos.wallMs, thanos.cpuMs));
  console.log(row("probe (freshness, warm cache)", thanosWarm.usage.requests, thanosWarm.usage.objectsListed, thanosWarm.wallMs));
  console.log(row("no expected list, first look", noListFirst.usage.requests, noListFirst.usage.objectsListed, noListFirst.wallMs));
  console.log(row("no expected list, steady state", noListSteady.usage.requests, noListSteady.usage.objectsListed, noListSteady.wallMs));
  console.log(row("lower bound (1 meta.json/cluster)", thanosLowerBound, 0, 0));
  console.log(row("baseline (every block + meta.json)", thanosBase.usage.requests, thanosBase.usage.objectsListed, thanosBase.wallMs, thanosBase.cpuMs));
  console.log(row("full scan, cold (cached 15 min)", scanCold.usage.requests, scanCold.usage.objectsListed, scanCold.wallMs));
  console.log(row("full scan, warm", scanWarm.usage.requests, scanWarm.usage.objectsListed, scanWarm.wallMs));
  const start = (name: string, m: typeof coldStart) =>
    `  ${name.padEnd(34)} ${String(m.usage.requests).padStart(7)} req  first answer in ${m.result.first.ms} ms (${m.result.first.checking} checking), complete and ${m.result.correct ? "correct" : "NOT matching the reference"} in ${(m.result.completeMs / 1000).toFixed(1)} s`;
  console.log("  First complete answer after a start, beside the warm full scan above:");
  console.log(start("cold start (no FC_DATA_DIR)", coldStart));
  console.log(start("restarted (block index kept)", restarted));
  console.log(`\nFinOps agent (${CLUSTERS} clusters, verdicts: ${count(agentCold.result.clusters)})`);
  console.log(row("probe, cold", agentCold.usage.requests, agentCold.usage.objectsListed, agentCold.wallMs, agentCold.cpuMs));
  console.log(row("probe, warm (oldest heartbeat cached)", agentWarm.usage.requests, agentWarm.usage.objectsListed, agentWarm.wallMs, agentWarm.cpuMs));
  console.log(row("lower bound (4/cluster + 2 pages)", agentLowerBound, 0, 0));
  console.log(`  ${ratio(agentCold.usage.requests, CLUSTERS)} requests per cluster cold, ${ratio(agentWarm.usage.requests, CLUSTERS)} warm; lower bound ${ratio(agentLowerBound, CLUSTERS)}.`);
  console.log(`\nPeak RSS ${mb(peakRss)} MB (fauxqs with ${etlObjects + thanosObjects} objects lives in this process). Load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.`);
  console.log(
    `ETL requests ${ratio(etl.usage.requests, etlBase.usage.requests)}x a full listing of the bucket; Thanos ${ratio(thanos.usage.requests, thanosLowerBound)}x the lower bound and ${Math.round(thanosBase.usage.requests / thanos.usage.requests)}x fewer than the baseline.`,
  );
  console.log(
    JSON.stringify({
      etl: {
        requests: etl.usage.requests,
        lowerBound: etlLowerBound,
        baselineRequests: etlBase.usage.requests,
        objectsListed: etl.usage.objectsListed,
        wallMs: etl.wallMs,
        baselineWallMs: etlBase.wallMs,
        cpuMs: etl.cpuMs,
        requestRatio: ratio(etl.usage.requests, etlBase.usage.requests),
        wallRatio: ratio(etl.wallMs, etlBase.wallMs),
      },
      thanos: {
        requests: thanos.usage.requests,
        lowerBound: thanosLowerBound,
        baselineRequests: thanosBase.usage.requests,
        objectsListed: thanos.usage.objectsListed,
        wallMs: thanos.wallMs,
        baselineWallMs: thanosBase.wallMs,
        cpuMs: thanos.cpuMs,
        warmRequests: thanosWarm.usage.requests,
        noListFirstRequests: noListFirst.usage.requests,
        noListSteadyRequests: noListSteady.usage.requests,
        noListSteadyWallMs: noListSteady.wallMs,
        fullScanRequests: scanCold.usage.requests,
        fullScanWarmRequests: scanWarm.usage.requests,
        fullScanWallMs: scanCold.wallMs,
        coldStartFirstAnswerMs: coldStart.result.first.ms,
        coldStartCheckingClusters: coldStart.result.first.checking,
        coldStartCompleteMs: coldStart.result.completeMs,
        coldStartCorrect: coldStart.result.correct,
        coldStartRequests: coldStart.usage.requests,
        restartedCompleteMs: restarted.result.completeMs,
        restartedCorrect: restarted.result.correct,
        restartedRequests: restarted.usage.requests,
      },
      agent: { requests: agentCold.usage.requests, warmRequests: agentWarm.usage.requests, lowerBound: agentLowerBound, requestsPerCluster: ratio(agentCold.usage.requests, CLUSTERS), warmRequestsPerCluster: ratio(agentWarm.usage.requests, CLUSTERS), wallMs: agentCold.wallMs, warmWallMs: agentWarm.wallMs },
      peakRssMb: mb(peakRss),
      loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
    }),
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
