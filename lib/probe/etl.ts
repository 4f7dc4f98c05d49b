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
import { etlListingPlan, listClusterRun, splitIntoRuns, type ClusterListing, type EtlListingPlan, type RunStats } from "./etl-listing";
import { readDiagnostics } from "./etl-diagnostics";
import { mapPool } from "./pool";
import { listChildPrefixes, listPage, type ListedObject } from "./s3-list";
import { describeS3Error, s3FailedCheck } from "./s3-errors";

// Federated ETL probe (layout: https://github.com/opencost/opencost/blob/develop/core/pkg/exporter/pathing/bingenpath_test.go): cluster folders under <prefix>federated/, newest bingen file
// per pipeline/resolution, coverage, zero-byte files, 1.x combined/ and diagnostics/<id>.json.
// Cost, by the plan the first page picks: clusters with fewer keys than a page share one
// key-ordered listing of federated/ (exactly the pages of a full listing of it); clusters with
// more get a folder listing and one listing each that jumps over history older than the
// coverage window (never the pages of a full listing). Plus the diagnostics listing and at most
// MAX_DIAG_READS small GETs, only for late clusters whose Kubecost still writes diagnostics.

type EtlTarget = BucketTarget;
const MAX_DIAG_READS = 20;
/** Kubecost 2.x rewrites diagnostics/<cluster_id>.json every 300 s (see etl-diagnostics.ts). */
const DIAGNOSTICS_INTERVAL_MS = 300_000;
/** Cluster folders listed at once in the per-cluster plan. */
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

  // 1. The first page of federated/ (and diagnostics/ in parallel) tells the layout.
  let t0 = Date.now();
  const [firstPage, diagnostics] = await Promise.allSettled([
    listPage(s3, { bucket, prefix: fed, abortSignal: ctx.abortSignal }),
    listChildPrefixes(s3, bucket, `${prefix}diagnostics/`, { abortSignal: ctx.abortSignal }),
  ]);
  const listFailed = (error: unknown) => {
    checks.push(s3FailedCheck(error, { ...errCtx(`listing ${fed}`), id: "etl.bucket", source: "etl", title: "Bucket listing", durationMs: Date.now() - t0 }));
    // Nothing is known about the clusters: each expected one says why instead of "missing".
    const failed = checks[checks.length - 1];
    return report(ctx.expectedClusters.map((id) => ({ clusterId: id, problems: [{ severity: "error", reason: failed.message, fix: failed.fix ?? "" }], emptyReason: "The bucket could not be listed." })));
  };
  if (firstPage.status === "rejected") return listFailed(firstPage.reason);

  const diagByCluster = new Map<string, ListedObject>();
  if (diagnostics.status === "fulfilled") {
    for (const o of diagnostics.value.objects) {
      const m = /\/([^/]+)\.json$/.exec(o.key);
      if (m) diagByCluster.set(m[1], o);
    }
  }

  // 2. The plan. Clusters holding fewer keys than a page (the first page spans several) share
  // pages: one key-ordered listing of federated/, never more requests than a full listing of
  // it. A cluster holding a page or more: a listing per cluster folder, in parallel, each
  // jumping over history older than the coverage window (one folder listing first).
  const windowStartSec = coverageWindowStart(now, ctx.thresholds.coverageDays) / 1000;
  const plan = etlListingPlan(firstPage.value, fed);
  let listings: Array<{ id: string; listing?: ClusterListing; error?: unknown }>;
  let pages = 1;
  if (plan === "shared") {
    const stats: RunStats = { pages: 0 };
    try {
      const byId = await listClusterRun(s3, bucket, fed, { folders: [] }, windowStartSec, ctx.abortSignal, { firstPage: firstPage.value, stats });
      listings = [...byId].map(([id, listing]) => ({ id, listing }));
    } catch (error) {
      return listFailed(error);
    }
    pages += stats.pages;
  } else {
    let folders: string[];
    try {
      const listed = await listChildPrefixes(s3, bucket, fed, { abortSignal: ctx.abortSignal });
      folders = listed.prefixes;
      pages += listed.pages;
    } catch (error) {
      return listFailed(error);
    }
    listings = (
      await mapPool(splitIntoRuns(folders, folders.length), ctx.concurrency ?? ETL_RUNS, async (run, i) => {
        const stats: RunStats = { pages: 0 };
        try {
          // The first folder's first page is the one already read.
          const byId = await listClusterRun(s3, bucket, fed, run, windowStartSec, ctx.abortSignal, { firstPage: i === 0 ? firstPage.value : undefined, stats });
          return [...byId].map(([id, listing]) => ({ id, listing }));
        } catch (error) {
          return run.folders.map((f) => ({ id: f.slice(fed.length, -1), error }));
        } finally {
          pages += stats.pages;
        }
      })
    ).flat();
  }
  listings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const clusterIds = listings.map((l) => l.id).filter((id) => id !== COMBINED);
  checks.push({
    id: "etl.bucket",
    source: "etl",
    title: "Bucket listing",
    status: clusterIds.length > 0 ? "ok" : "warn",
    message:
      (clusterIds.length > 0
        ? `Found ${clusterIds.length} cluster folder${clusterIds.length === 1 ? "" : "s"} under s3://${bucket}/${fed}.`
        : `No cluster folders under s3://${bucket}/${fed}: no agent has uploaded yet.`) + ` ${describePlan(plan, pages)}`,
    fix:
      clusterIds.length > 0
        ? undefined
        : "On each cluster set federatedETL.federatedCluster=true and kubecostModel.federatedStorageConfigSecret (key federated-store.yaml) pointing at this bucket and prefix.",
    durationMs: Date.now() - t0,
  });
  t0 = Date.now();

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
    const lateClusters = observations.filter((o) => diagByCluster.has(o.clusterId) && (o.lastSeenMs === undefined || now.getTime() - o.lastSeenMs > ctx.thresholds.etlLaggingAfterSeconds * 1000));
    // Diagnostics written after the last upload: Kubecost runs but its ETL does not upload, and
    // they say why. Written with it: Kubecost stopped writing both; the listing says as much.
    const stillWriting = (o: ClusterObservation) => diagByCluster.get(o.clusterId)!.lastModifiedMs > (o.lastSeenMs ?? -Infinity) + 2 * DIAGNOSTICS_INTERVAL_MS;
    for (const o of lateClusters.filter((o) => !stillWriting(o))) {
      const diag = diagByCluster.get(o.clusterId)!;
      o.evidence!.find((e) => e.key === diag.key)!.note = "Not read: written no later than the cluster's last ETL upload, so Kubecost stopped writing both.";
    }
    const late = lateClusters.filter(stillWriting).slice(0, MAX_DIAG_READS);
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

function describePlan(plan: EtlListingPlan, pages: number): string {
  return plan === "shared"
    ? `Listed as one shared key listing (clusters hold fewer keys than a page): ${pages} page${pages === 1 ? "" : "s"}.`
    : `Listed per cluster folder (a cluster holds a page of keys or more; older history skipped): ${pages} requests.`;
}
