import "server-only";
import { setMaxListeners } from "node:events";
import type { ThanosTarget } from "./targets";
import type { SourceReport } from "@/lib/health/types";
import type { ClusterObservation } from "@/lib/health/observation";
import { evaluateClusters, formatAge, thresholdsFor } from "@/lib/health/evaluate";
import { targetLabel, type ProbeContext } from "./context";
import { cachedFullScan, runFullScan, type FullScanMode, type ScanProgress } from "./thanos-scan";
import { SIDECAR_BLOCK_MS, THANOS_CHECKS, type ThanosRun } from "./thanos-checks";
import { lastKnownClusters } from "./last-known";
import { sharedProbeLimit, type ProbePriority } from "./probe-limit";

// Thanos bucket probe (https://thanos.io/tip/thanos/storage.md/). Freshness: list only block dirs whose ULID time is after
// now - 2 h (StartAfter = encodeTime(t) + "0"*16; ULIDs sort by time), read those meta.json
// files and keep the newest producer (level 1, non-compactor) block per cluster label. A sidecar
// uploads one 2 h block about every 2 h, so this reads about one meta.json per cluster. Clusters
// expected or seen before (lib/probe/last-known.ts) but not in the window come from the cached
// full scan, or when there is none the window steps back (doubling) to the stale threshold plus
// one block. With no expected list and nothing seen before, and no scan, it steps back all the
// way: a cluster silent for over 2 h must show as stale, not be left out. A known cluster not
// found even so is reported from memory (stale, or error when its blocks vanished). The full
// scan (overlaps, compaction picture, partial uploads, deletion marks) runs less often and is
// cached. The steps are the named checks of lib/probe/thanos-checks.ts (THANOS_CHECKS), run in order.

export { SIDECAR_BLOCK_MS, type NewestBlock } from "./thanos-checks";

export interface ThanosProbeOptions {
  fullScan?: FullScanMode;
  /** How long a page load waits for a running full scan before showing the previous one. */
  fullScanWaitMs?: number;
  /** Cache scope for meta.json and full scans, e.g. the endpoint. */
  cacheScope?: string;
  /** With it, the full scan takes a slot of the shared probe limit at this priority. */
  priority?: ProbePriority;
}

export async function probeThanos(target: ThanosTarget, ctx: ProbeContext, opts: ThanosProbeOptions = {}): Promise<SourceReport> {
  const started = Date.now();
  const { now } = ctx;
  const { bucket, prefix, region, clusterLabel } = target;
  const scope = opts.cacheScope ?? "default";
  const nowMs = now.getTime();
  // Region is part of the key: a link to the same bucket name signed for another region fails
  // its scan, and that cached failure must not show on the server's own view.
  const scanKey = `${scope}|${region}|${bucket}|${prefix}`;
  const knownKey = `${scanKey}|${clusterLabel}`;
  const known = lastKnownClusters(knownKey, nowMs);
  const r: ThanosRun = {
    target,
    ctx,
    scope,
    nowMs,
    lookbackMs: ctx.thresholds.thanosStaleAfterSeconds * 1000 + SIDECAR_BLOCK_MS,
    knownKey,
    known,
    wanted: new Set([...ctx.expectedClusters, ...(known?.keys() ?? [])]),
    blind: !known && ctx.expectedClusters.length === 0,
    fullScan: cachedFullScan(
      scanKey,
      target.fullScanIntervalSeconds * 1000,
      opts.fullScan ?? "auto",
      opts.fullScanWaitMs ?? 2_000,
      (progress) => runOwnFullScan(ctx.s3, target, scope, ctx.concurrency ?? 32, opts.priority, progress),
    ),
    checks: [],
    observations: [],
    newest: new Map(),
    unlabelled: new Map(),
    invalidMeta: new Map(),
    recentBlocks: 0,
    inProgress: 0,
    metaFailures: 0,
    from: nowMs - SIDECAR_BLOCK_MS,
    t0: Date.now(),
    scanPending: false,
    scanProgress: "starting",
  };
  for (const check of THANOS_CHECKS) await check.run(r);

  const { checks, observations, listError } = r;
  const pendingMissing = r.scanPending ? `No block in the last ${formatAge((nowMs - r.from) / 1000)}; the full block scan (${r.scanProgress}) tells whether it is stale or missing.` : undefined;
  const expected = listError
    ? [...r.wanted]
        .filter((id) => !observations.some((o) => o.clusterId === id))
        .map((id): ClusterObservation => ({ clusterId: id, problems: [{ severity: "error", reason: checks.find((c) => c.id === "thanos.bucket")!.message, fix: checks.find((c) => c.id === "thanos.bucket")!.fix ?? "" }] }))
    : [];
  return {
    source: "thanos",
    target: `${targetLabel(target)}, cluster label ${clusterLabel}`,
    checks,
    clusters: evaluateClusters({
      source: "thanos",
      observations: [...observations, ...expected],
      expectedClusters: ctx.expectedClusters,
      thresholds: thresholdsFor("thanos", ctx.thresholds),
      now,
      dataNoun: "sidecar block",
      pendingMissing,
    }),
    pendingReason: pendingMissing,
    durationMs: Date.now() - started,
  };
}

/** The shortest time a full scan may run: a big bucket takes minutes (bench: 84k requests). */
const FULL_SCAN_MIN_BUDGET_MS = 5 * 60_000;

/**
 * The full scan outlives the page load that started it and is shared by later ones, so it gets
 * its own abort signal and budget (its interval, at least FULL_SCAN_MIN_BUDGET_MS) instead of
 * the first page's: that page's timeout must not kill everyone's scan.
 */
async function runOwnFullScan(s3: ProbeContext["s3"], target: ThanosTarget, scope: string, concurrency: number, priority: ProbePriority | undefined, progress: ScanProgress) {
  // A scan lists the whole bucket: it counts against the same limit as the probes.
  const release = priority ? await sharedProbeLimit.acquire(priority) : () => {};
  if (!release) throw new Error("too many probes and scans are queued; the scan starts at a later refresh");
  const budgetMs = Math.max(FULL_SCAN_MIN_BUDGET_MS, target.fullScanIntervalSeconds * 1000);
  const controller = new AbortController();
  // One abort listener per request in flight (up to `concurrency` meta.json reads): not a leak.
  setMaxListeners(Math.max(128, 2 * concurrency), controller.signal);
  const timer = setTimeout(() => controller.abort(new Error(`the full scan did not finish within ${formatAge(budgetMs / 1000)}`)), budgetMs);
  timer.unref();
  return runFullScan(s3, { bucket: target.bucket, prefix: target.prefix }, scope, concurrency, controller.signal, progress).finally(() => {
    clearTimeout(timer);
    release();
  });
}
