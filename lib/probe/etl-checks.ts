import "server-only";
import type { BucketTarget } from "./targets";
import type { CheckResult } from "@/lib/health/types";
import type { ClusterObservation } from "@/lib/health/observation";
import { coverageWindowStart } from "@/lib/health/coverage";
import type { ProbeContext } from "./context";
import { etlListingPlan, listClusterRun, splitIntoRuns, type ClusterListing, type EtlListingPlan, type RunStats } from "./etl-listing";
import { combinedCheck, describePlan, observeCluster } from "./etl-cluster";
import { readDiagnostics } from "./etl-diagnostics";
import { mapPool } from "./pool";
import { listChildPrefixes, listPage, type ListedObject, type ListPage } from "./s3-list";
import { describeS3Error, s3FailedCheck } from "./s3-errors";

// What the Federated ETL probe does for one bucket, as a list of named checks run in order (the
// shape of lib/probe/agent-checks.ts). Each reads what the earlier ones left in the run and adds
// checks and observations; one that cannot go on (the bucket cannot be listed) stops the list
// and leaves each expected cluster saying why.

export interface EtlRun {
  target: BucketTarget;
  ctx: ProbeContext;
  /** <prefix>federated/ */
  fed: string;
  checks: CheckResult[];
  observations: ClusterObservation[];
  /** When the part being timed began: the bucket listing spans the first page and the plan. */
  t0: number;
  firstPage?: ListPage;
  diagnostics?: PromiseSettledResult<Awaited<ReturnType<typeof listChildPrefixes>>>;
  diagByCluster: Map<string, ListedObject>;
  plan?: EtlListingPlan;
  listings: Array<{ id: string; listing?: ClusterListing; error?: unknown }>;
  /** List requests the plan made (the first page included). */
  pages: number;
  clusterIds: string[];
  failedListings: string[];
  zeroByteFiles: number;
}

export interface EtlCheck {
  name: string;
  /** "stop": nothing more can be learnt; the run's observations are the report's. */
  run(r: EtlRun): Promise<"stop" | void> | "stop" | void;
}

const MAX_DIAG_READS = 20;
/** Kubecost 2.x rewrites diagnostics/<cluster_id>.json every 300 s (see etl-diagnostics.ts). */
const DIAGNOSTICS_INTERVAL_MS = 300_000;
/** Cluster folders listed at once in the per-cluster plan. */
const ETL_RUNS = 16;
const COMBINED = "combined";

const errCtx = (r: EtlRun, doing: string, action: "s3:ListBucket" | "s3:GetObject" = "s3:ListBucket") => ({ bucket: r.target.bucket, region: r.target.region, action, doing });

/** The listing failed: nothing is known about the clusters, so each expected one says why instead of "missing". */
function listFailed(r: EtlRun, error: unknown): "stop" {
  r.checks.push(s3FailedCheck(error, { ...errCtx(r, `listing ${r.fed}`), id: "etl.bucket", source: "etl", title: "Bucket listing", durationMs: Date.now() - r.t0 }));
  const failed = r.checks[r.checks.length - 1];
  r.observations = r.ctx.expectedClusters.map((id) => ({ clusterId: id, problems: [{ severity: "error", reason: failed.message, fix: failed.fix ?? "" }], emptyReason: "The bucket could not be listed." }));
  return "stop";
}

const firstPage: EtlCheck = {
  name: "the first page of federated/ and the diagnostics listing",
  async run(r) {
    const { s3, abortSignal } = r.ctx;
    const [page, diagnostics] = await Promise.allSettled([
      listPage(s3, { bucket: r.target.bucket, prefix: r.fed, abortSignal }),
      listChildPrefixes(s3, r.target.bucket, `${r.target.prefix}diagnostics/`, { abortSignal }),
    ]);
    if (page.status === "rejected") return listFailed(r, page.reason);
    r.firstPage = page.value;
    r.diagnostics = diagnostics;
    if (diagnostics.status === "fulfilled") {
      for (const o of diagnostics.value.objects) {
        const m = /\/([^/]+)\.json$/.exec(o.key);
        if (m) r.diagByCluster.set(m[1], o);
      }
    }
  },
};

/** Clusters holding fewer keys than a page (the first page spans several) share pages: one
 * key-ordered listing of federated/, never more requests than a full listing of it. A cluster
 * holding a page or more: a listing per cluster folder, in parallel, each jumping over history
 * older than the coverage window (one folder listing first). */
const clusterFolders: EtlCheck = {
  name: "the cluster folders, listed by the plan the first page picks",
  async run(r) {
    const { s3, abortSignal, now, thresholds } = r.ctx;
    const { bucket } = r.target;
    const fed = r.fed;
    const first = r.firstPage!;
    const windowStartSec = coverageWindowStart(now, thresholds.coverageDays) / 1000;
    r.plan = etlListingPlan(first, fed);
    if (r.plan === "shared") {
      const stats: RunStats = { pages: 0 };
      try {
        const byId = await listClusterRun(s3, bucket, fed, { folders: [] }, windowStartSec, abortSignal, { firstPage: first, stats });
        r.listings = [...byId].map(([id, listing]) => ({ id, listing }));
      } catch (error) {
        return listFailed(r, error);
      }
      r.pages += stats.pages;
    } else {
      let folders: string[];
      try {
        const listed = await listChildPrefixes(s3, bucket, fed, { abortSignal });
        folders = listed.prefixes;
        r.pages += listed.pages;
      } catch (error) {
        return listFailed(r, error);
      }
      r.listings = (
        await mapPool(splitIntoRuns(folders, folders.length), r.ctx.concurrency ?? ETL_RUNS, async (run, i) => {
          const stats: RunStats = { pages: 0 };
          try {
            // The first folder's first page is the one already read.
            const byId = await listClusterRun(s3, bucket, fed, run, windowStartSec, abortSignal, { firstPage: i === 0 ? first : undefined, stats });
            return [...byId].map(([id, listing]) => ({ id, listing }));
          } catch (error) {
            return run.folders.map((f) => ({ id: f.slice(fed.length, -1), error }));
          } finally {
            r.pages += stats.pages;
          }
        })
      ).flat();
    }
    r.listings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    r.clusterIds = r.listings.map((l) => l.id).filter((id) => id !== COMBINED);
  },
};

const bucketListing: EtlCheck = {
  name: "bucket listing",
  run(r) {
    const n = r.clusterIds.length;
    const where = `s3://${r.target.bucket}/${r.fed}`;
    r.checks.push({
      id: "etl.bucket",
      source: "etl",
      title: "Bucket listing",
      status: n > 0 ? "ok" : "warn",
      message: (n > 0 ? `Found ${n} cluster folder${n === 1 ? "" : "s"} under ${where}.` : `No cluster folders under ${where}: no agent has uploaded yet.`) + ` ${describePlan(r.plan!, r.pages)}`,
      fix: n > 0 ? undefined : "On each cluster set federatedETL.federatedCluster=true and kubecostModel.federatedStorageConfigSecret (key federated-store.yaml) pointing at this bucket and prefix.",
      durationMs: Date.now() - r.t0,
    });
    r.t0 = Date.now();
  },
};

const clusterFiles: EtlCheck = {
  name: "each cluster's newest files, coverage and series",
  run(r) {
    const seriesCount = new Map<string, number>();
    for (const l of r.listings) {
      if (!l.listing || l.id === COMBINED) continue;
      for (const s of l.listing.newest.keys()) seriesCount.set(s, (seriesCount.get(s) ?? 0) + 1);
    }
    const commonSeries = [...seriesCount].filter(([, n]) => n * 2 >= r.clusterIds.length).map(([s]) => s).sort();
    for (const l of r.listings) {
      if (l.id === COMBINED) {
        if (l.listing) r.checks.push(combinedCheck(l.listing, r.ctx, r.fed));
        else r.checks.push(s3FailedCheck(l.error, { ...errCtx(r, `listing ${r.fed}combined/`), id: "etl.combined", source: "etl", title: "1.x combined folder", durationMs: Date.now() - r.t0 }));
        continue;
      }
      if (!l.listing) {
        const d = describeS3Error(l.error, errCtx(r, `listing ${r.fed}${l.id}/`));
        r.failedListings.push(l.id);
        r.observations.push({ clusterId: l.id, problems: [{ severity: "error", reason: d.message, fix: d.fix }], emptyReason: "Could not list this cluster's files." });
        continue;
      }
      const obs = observeCluster(l.id, l.listing, r.ctx, r.fed, commonSeries);
      r.zeroByteFiles += Number(obs.facts?.zeroByteFiles ?? 0);
      const diag = r.diagByCluster.get(l.id);
      if (diag) {
        obs.evidence!.push({ label: "Kubecost diagnostics", key: diag.key, lastModified: new Date(diag.lastModifiedMs).toISOString(), sizeBytes: diag.size });
        obs.facts!.diagnosticsAgeSeconds = Math.round((r.ctx.now.getTime() - diag.lastModifiedMs) / 1000);
      }
      r.observations.push(obs);
    }
  },
};

const clusterListings: EtlCheck = {
  name: "every cluster folder could be listed",
  run(r) {
    const failed = r.failedListings;
    if (failed.length === 0) return;
    r.checks.push({
      id: "etl.clusters",
      source: "etl",
      title: "Cluster listings",
      status: "fail",
      message: `Could not list ${failed.length} of ${r.clusterIds.length} cluster folders (${failed.slice(0, 5).join(", ")}${failed.length > 5 ? ", ..." : ""}).`,
      fix: r.observations.find((o) => failed.includes(o.clusterId))?.problems?.[0]?.fix,
      durationMs: Date.now() - r.t0,
    });
  },
};

const zeroByteFiles: EtlCheck = {
  name: "no zero-byte files",
  run(r) {
    const n = r.zeroByteFiles;
    if (n === 0) return;
    r.checks.push({
      id: "etl.zeroByte",
      source: "etl",
      title: "Zero-byte files",
      status: "warn",
      message: `${n} zero-byte bingen file${n === 1 ? "" : "s"} found; the 3.x aggregator crashes on them (https://github.com/kubecost/kubecost/issues/4769).`,
      fix: "Delete the files named in the affected clusters' details; the agent rewrites them on its next ETL build.",
      durationMs: 0,
    });
  },
};

/** Listed with the first page; the JSON is read only for clusters that look late. */
const kubecostDiagnostics: EtlCheck = {
  name: "Kubecost diagnostics of late clusters",
  async run(r) {
    r.t0 = Date.now();
    const { now, thresholds, s3, abortSignal } = r.ctx;
    const { prefix } = r.target;
    const diagnostics = r.diagnostics!;
    const diagByCluster = r.diagByCluster;
    if (diagnostics.status === "rejected") {
      const d = describeS3Error(diagnostics.reason, errCtx(r, `listing ${prefix}diagnostics/`));
      r.checks.push({ id: "etl.diagnostics", source: "etl", title: "Kubecost diagnostics", status: "warn", message: d.message, fix: d.fix, durationMs: 0 });
      return;
    }
    const lateClusters = r.observations.filter((o) => diagByCluster.has(o.clusterId) && (o.lastSeenMs === undefined || now.getTime() - o.lastSeenMs > thresholds.etlLaggingAfterSeconds * 1000));
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
        const d = await readDiagnostics(s3, r.target.bucket, key, abortSignal);
        const ev = o.evidence!.find((e) => e.key === key)!;
        if ("unreadable" in d) ev.note = `Unreadable: ${d.unreadable}.`;
        else if (d.failed.length > 0) {
          ev.note = `Failing checks: ${d.failed.join(", ")}.`;
          (o.problems ??= []).push({ severity: "note", reason: `Kubecost's own diagnostics report: ${d.failed.join(", ")}.`, fix: "Open the cluster's Kubecost diagnostics page for details." });
        } else ev.note = "No failing checks found.";
      } catch (error) {
        o.evidence!.find((e) => e.key === key)!.note = describeS3Error(error, errCtx(r, `reading ${key}`, "s3:GetObject")).message;
      }
    });
    r.checks.push({
      id: "etl.diagnostics",
      source: "etl",
      title: "Kubecost diagnostics",
      status: "ok",
      message:
        diagByCluster.size > 0
          ? `${diagByCluster.size} cluster${diagByCluster.size === 1 ? "" : "s"} publish ${prefix}diagnostics/<cluster_id>.json; read ${late.length} for late clusters.`
          : `No ${prefix}diagnostics/ files (Kubecost 2.x writes them when diagnostics.enabled is true).`,
      durationMs: Date.now() - r.t0,
    });
  },
};

/** In order: each check reads what the ones before it left in the run. */
export const ETL_CHECKS: readonly EtlCheck[] = [firstPage, clusterFolders, bucketListing, clusterFiles, clusterListings, zeroByteFiles, kubecostDiagnostics];
