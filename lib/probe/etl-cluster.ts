import "server-only";
import type { CheckResult, Evidence } from "@/lib/health/types";
import type { ClusterObservation, ClusterProblem } from "@/lib/health/observation";
import { formatAge } from "@/lib/health/evaluate";
import { coverageDays } from "@/lib/health/coverage";
import { etlProgressProblem } from "@/lib/health/etl-progress";
import { resolutionSeconds } from "./etl-keys";
import type { ProbeContext } from "./context";
import type { ClusterListing, EtlListingPlan } from "./etl-listing";

// What one Federated ETL cluster folder's listing says (newest file per series, coverage,
// zero-byte files, series most clusters have and this one lacks), and the 1.x combined/ folder.

export function observeCluster(id: string, listing: ClusterListing, ctx: ProbeContext, fed: string, commonSeries: string[]): ClusterObservation {
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

export function combinedCheck(listing: ClusterListing, ctx: ProbeContext, fed: string): CheckResult {
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

export function describePlan(plan: EtlListingPlan, pages: number): string {
  return plan === "shared"
    ? `Listed as one shared key listing (clusters hold fewer keys than a page): ${pages} page${pages === 1 ? "" : "s"}.`
    : `Listed per cluster folder (a cluster holds a page of keys or more; older history skipped): ${pages} requests.`;
}
