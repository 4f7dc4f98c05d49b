import "server-only";
import type { BucketTarget } from "./targets";
import type { CheckResult, Evidence, SourceReport } from "@/lib/health/types";
import type { ClusterObservation, ClusterProblem } from "@/lib/health/observation";
import { formatAge } from "@/lib/health/evaluate";
import { coverageDays, coverageWindowStart } from "@/lib/health/coverage";
import { etlProgressProblem } from "@/lib/health/etl-progress";
import { resolutionSeconds } from "./etl-keys";
import type { ProbeContext } from "./context";
import { bucketSourceReport } from "./bucket-report";
import { listClusterRun, splitIntoRuns, type ClusterListing } from "./etl-listing";
import { readDiagnostics } from "./etl-diagnostics";
import { mapPool } from "./pool";
import { listChildPrefixes, type ListedObject } from "./s3-list";
import { describeS3Error, s3FailedCheck } from "./s3-errors";

// Federated ETL probe (layout: https://github.com/opencost/opencost/blob/develop/core/pkg/exporter/pathing/bingenpath_test.go): cluster folders under <prefix>federated/, newest bingen file
// per pipeline/resolution, coverage, zero-byte files, 1.x combined/ and diagnostics/<id>.json.
// Cost: the prefix pages + the pages of recent keys (clusters share pages; a jump skips a
// series' history when it is longer than a page) + at least one request per parallel run +
// one diagnostics listing + at most MAX_DIAG_READS small GETs. Never more than about one
// listing per cluster.

type EtlTarget = BucketTarget;
const MAX_DIAG_READS = 20;
/** Parallel key streams: enough to hide S3 latency; each extra one costs a partly wasted page. */
const ETL_RUNS = 16;
const COMBINED = "combined";

export async function probeEtl(target: EtlTarget, ctx: ProbeContext): Promise<SourceReport> {
  const started = Date.now();
  const { s3, now } = ctx;
  const { bucket, prefix, region } = target;
  const fed = `${prefix}federated/`;
  const checks: CheckResult[] = [];
  const report = (observations: ClusterObservation[]): SourceReport => bucketSourceReport("etl", target, ctx, checks, observations, started);
  const errCtx = (doing: string, action: "s3:ListBucket" | "s3:GetObject" = "s3:ListBucket") => ({ bucket, region, action, doing });

  // 1. Cluster folders (and diagnostics/ in parallel: both are prefix pages).
  let t0 = Date.now();
  const [folders, diagnostics] = await Promise.allSettled([
    listChildPrefixes(s3, bucket, fed, { abortSignal: ctx.abortSignal }),
    listChildPrefixes(s3, bucket, `${prefix}diagnostics/`, { abortSignal: ctx.abortSignal }),
  ]);
  if (folders.status === "rejected") {
    checks.push(s3FailedCheck(folders.reason, { ...errCtx(`listing ${fed}`), id: "etl.bucket", source: "etl", title: "Bucket listing", durationMs: Date.now() - t0 }));
    // Nothing is known about the clusters: each expected one says why instead of "missing".
    const failed = checks[checks.length - 1];
    return report(ctx.expectedClusters.map((id) => ({ clusterId: id, problems: [{ severity: "error", reason: failed.message, fix: failed.fix ?? "" }], emptyReason: "The bucket could not be listed." })));
  }
  const ids = folders.value.prefixes.map((p) => p.slice(fed.length, -1)).filter(Boolean);
  const clusterIds = ids.filter((id) => id !== COMBINED);
  checks.push({
    id: "etl.bucket",
    source: "etl",
    title: "Bucket listing",
    status: clusterIds.length > 0 ? "ok" : "warn",
    message:
      clusterIds.length > 0
        ? `Found ${clusterIds.length} cluster folder${clusterIds.length === 1 ? "" : "s"} under s3://${bucket}/${fed}.`
        : `No cluster folders under s3://${bucket}/${fed}: no agent has uploaded yet.`,
    fix:
      clusterIds.length > 0
        ? undefined
        : "On each cluster set federatedETL.federatedCluster=true and kubecostModel.federatedStorageConfigSecret (key federated-store.yaml) pointing at this bucket and prefix.",
    durationMs: Date.now() - t0,
  });

  const diagByCluster = new Map<string, ListedObject>();
  if (diagnostics.status === "fulfilled") {
    for (const o of diagnostics.value.objects) {
      const m = /\/([^/]+)\.json$/.exec(o.key);
      if (m) diagByCluster.set(m[1], o);
    }
  }

  // 2. Runs of consecutive cluster folders (+ combined/) listed as key streams, in parallel.
  t0 = Date.now();
  const windowStartSec = coverageWindowStart(now, ctx.thresholds.coverageDays) / 1000;
  const runs = splitIntoRuns(folders.value.prefixes, Math.min(ctx.concurrency ?? ETL_RUNS, ETL_RUNS));
  const listings: Array<{ id: string; listing?: ClusterListing; error?: unknown }> = (
    await mapPool(runs, ctx.concurrency ?? 32, async (run) => {
      try {
        const byId = await listClusterRun(s3, bucket, fed, run, windowStartSec, ctx.abortSignal);
        return [...byId].map(([id, listing]) => ({ id, listing }));
      } catch (error) {
        return run.folders.map((f) => ({ id: f.slice(fed.length, -1), error }));
      }
    })
  ).flat();

  const seriesCount = new Map<string, number>();
  for (const l of listings) {
    if (!l.listing || l.id === COMBINED) continue;
    for (const s of l.listing.newest.keys()) seriesCount.set(s, (seriesCount.get(s) ?? 0) + 1);
  }
  const commonSeries = [...seriesCount].filter(([, n]) => n * 2 >= clusterIds.length).map(([s]) => s).sort();

  const observations: ClusterObservation[] = [];
  const failedListings: string[] = [];
  let zeroByteFiles = 0;
  for (const l of listings) {
    if (l.id === COMBINED) {
      if (l.listing) checks.push(combinedCheck(l.listing, ctx, fed));
      else checks.push(s3FailedCheck(l.error, { ...errCtx(`listing ${fed}combined/`), id: "etl.combined", source: "etl", title: "1.x combined folder", durationMs: Date.now() - t0 }));
      continue;
    }
    if (!l.listing) {
      const d = describeS3Error(l.error, errCtx(`listing ${fed}${l.id}/`));
      failedListings.push(l.id);
      observations.push({ clusterId: l.id, problems: [{ severity: "error", reason: d.message, fix: d.fix }], emptyReason: "Could not list this cluster's files." });
      continue;
    }
    const obs = observeCluster(l.id, l.listing, ctx, fed, commonSeries);
    zeroByteFiles += Number(obs.facts?.zeroByteFiles ?? 0);
    const diag = diagByCluster.get(l.id);
    if (diag) {
      obs.evidence!.push({ label: "Kubecost diagnostics", key: diag.key, lastModified: new Date(diag.lastModifiedMs).toISOString(), sizeBytes: diag.size });
      obs.facts!.diagnosticsAgeSeconds = Math.round((now.getTime() - diag.lastModifiedMs) / 1000);
    }
    observations.push(obs);
  }
  if (failedListings.length > 0) {
    checks.push({
      id: "etl.clusters",
      source: "etl",
      title: "Cluster listings",
      status: "fail",
      message: `Could not list ${failedListings.length} of ${clusterIds.length} cluster folders (${failedListings.slice(0, 5).join(", ")}${failedListings.length > 5 ? ", ..." : ""}).`,
      fix: observations.find((o) => failedListings.includes(o.clusterId))?.problems?.[0]?.fix,
      durationMs: Date.now() - t0,
    });
  }
  if (zeroByteFiles > 0) {
    checks.push({
      id: "etl.zeroByte",
      source: "etl",
      title: "Zero-byte files",
      status: "warn",
      message: `${zeroByteFiles} zero-byte bingen file${zeroByteFiles === 1 ? "" : "s"} found; the 3.x aggregator crashes on them (https://github.com/kubecost/kubecost/issues/4769).`,
      fix: "Delete the files named in the affected clusters' details; the agent rewrites them on its next ETL build.",
      durationMs: 0,
    });
  }

  // 3. Diagnostics: listed above; read the JSON only for clusters that look late.
  t0 = Date.now();
  if (diagnostics.status === "rejected") {
    const d = describeS3Error(diagnostics.reason, errCtx(`listing ${prefix}diagnostics/`));
    checks.push({ id: "etl.diagnostics", source: "etl", title: "Kubecost diagnostics", status: "warn", message: d.message, fix: d.fix, durationMs: 0 });
  } else {
    const late = observations
      .filter((o) => diagByCluster.has(o.clusterId) && (o.lastSeenMs === undefined || now.getTime() - o.lastSeenMs > ctx.thresholds.etlLaggingAfterSeconds * 1000))
      .slice(0, MAX_DIAG_READS);
    await mapPool(late, 8, async (o) => {
      const key = diagByCluster.get(o.clusterId)!.key;
      try {
        const r = await readDiagnostics(s3, bucket, key, ctx.abortSignal);
        const ev = o.evidence!.find((e) => e.key === key)!;
        if ("unreadable" in r) ev.note = `Unreadable: ${r.unreadable}.`;
        else if (r.failed.length > 0) {
          ev.note = `Failing checks: ${r.failed.join(", ")}.`;
          (o.problems ??= []).push({ severity: "note", reason: `Kubecost's own diagnostics report: ${r.failed.join(", ")}.`, fix: "Open the cluster's Kubecost diagnostics page for details." });
        } else ev.note = "No failing checks found.";
      } catch (error) {
        o.evidence!.find((e) => e.key === key)!.note = describeS3Error(error, errCtx(`reading ${key}`, "s3:GetObject")).message;
      }
    });
    checks.push({
      id: "etl.diagnostics",
      source: "etl",
      title: "Kubecost diagnostics",
      status: "ok",
      message:
        diagByCluster.size > 0
          ? `${diagByCluster.size} cluster${diagByCluster.size === 1 ? "" : "s"} publish ${prefix}diagnostics/<cluster_id>.json; read ${late.length} for late clusters.`
          : `No ${prefix}diagnostics/ files (Kubecost 2.x writes them when diagnostics.enabled is true).`,
      durationMs: Date.now() - t0,
    });
  }
  return report(observations);
}

function observeCluster(id: string, listing: ClusterListing, ctx: ProbeContext, fed: string, commonSeries: string[]): ClusterObservation {
  const { now } = ctx;
  const bySeries = listing.newest;
  const zero = listing.zeroByteKeys;
  const evidence: Evidence[] = [...bySeries.values()]
    .sort((a, b) => (a.series < b.series ? -1 : 1))
    .map((f) => ({
      label: `${f.series} newest`,
      key: f.key,
      lastModified: new Date(f.lastModifiedMs).toISOString(),
      sizeBytes: f.size,
      note: `covers ${iso(f.startSec)} to ${iso(f.endSec)}`,
    }));
  const problems: ClusterProblem[] = [];
  if (zero.length > 0) {
    for (const key of zero.slice(0, 5)) evidence.push({ label: "zero-byte file", key, sizeBytes: 0 });
    problems.push({
      severity: "error",
      reason: `${zero.length} zero-byte file${zero.length === 1 ? "" : "s"} (${zero[0]}${zero.length > 1 ? ", ..." : ""}).`,
      fix: `Delete ${zero.length === 1 ? zero[0] : "the zero-byte files listed"}: the 3.x aggregator crashes on zero-byte bingen files (https://github.com/kubecost/kubecost/issues/4769); the agent rewrites them.`,
    });
  }
  const absent = commonSeries.filter((s) => !bySeries.has(s));
  if (bySeries.size > 0 && absent.length > 0) {
    problems.push({
      severity: "note",
      reason: `No ${absent.join(", ")} files, which most clusters upload.`,
      fix: "Check that pipeline's ETL on this cluster (its /diagnostics page) and the agent's version.",
    });
  }
  const progress = etlProgressProblem(
    [...bySeries.values()].map((f) => ({ series: f.series, endMs: f.endSec * 1000, resolutionSeconds: resolutionSeconds(f.resolution) })),
    listing.lastModifiedMs,
    now,
    ctx.thresholds,
  );
  if (progress) problems.push(progress);
  const pipelines = new Set([...bySeries.values()].map((f) => f.pipeline));
  const coverageFrom = pipelines.has("allocations") ? listing.files.filter((f) => f.pipeline === "allocations") : listing.files;
  const newestEnd = Math.max(0, ...[...bySeries.values()].map((f) => Math.min(f.endSec * 1000, f.lastModifiedMs)));
  return {
    clusterId: id,
    lastSeenMs: listing.lastModifiedMs,
    emptyReason: `${fed}${id}/ holds no etl/bingen files.`,
    problems,
    // A file cannot hold data newer than its upload, so today's 1d file covers only up to then.
    coverage: coverageDays(coverageFrom.map((f) => [f.startSec * 1000, Math.min(f.endSec * 1000, f.lastModifiedMs)]), now, ctx.thresholds.coverageDays),
    evidence,
    facts: {
      series: bySeries.size,
      filesInWindow: listing.files.length,
      zeroByteFiles: zero.length,
      ...(newestEnd > 0 ? { newestDataEnd: new Date(newestEnd).toISOString(), dataLagSeconds: Math.round((now.getTime() - newestEnd) / 1000) } : {}),
    },
  };
}

function combinedCheck(listing: ClusterListing, ctx: ProbeContext, fed: string): CheckResult {
  const newest = listing.lastModifiedMs ?? 0;
  const age = (ctx.now.getTime() - newest) / 1000;
  const fresh = newest > 0 && age <= ctx.thresholds.etlLaggingAfterSeconds;
  return {
    id: "etl.combined",
    source: "etl",
    title: "1.x combined folder",
    status: fresh ? "ok" : "warn",
    message:
      newest > 0
        ? `${fed}combined/ (Kubecost 1.x federator output) last written ${formatAge(age)} ago.`
        : `${fed}combined/ exists but holds no bingen files.`,
    fix: fresh
      ? undefined
      : "The 1.x federator writes combined/ every 30 min: check the primary's federator, or delete combined/ after moving to 2.x (the Aggregator ignores it).",
    durationMs: 0,
  };
}

const iso = (sec: number) => new Date(sec * 1000).toISOString().replace(".000Z", "Z");
