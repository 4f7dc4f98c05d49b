import "server-only";
import { setMaxListeners } from "node:events";
import { encodeTime } from "ulid";
import type { ThanosTarget } from "./targets";
import type { CheckResult, SourceReport } from "@/lib/health/types";
import type { ClusterObservation } from "@/lib/health/observation";
import { evaluateClusters, formatAge, thresholdsFor } from "@/lib/health/evaluate";
import { targetLabel, type ProbeContext } from "./context";
import { blockTimeMs, isBlockId, isProducerBlock, type BlockMeta } from "./thanos-blocks";
import { readBlockMeta } from "./thanos-meta-reader";
import { cachedFullScan, describeScanProgress, runFullScan, type CachedScan, type FullScanMode, type ScanProgress } from "./thanos-scan";
import { clusterFindings, droppedOutObservations, invalidMetaCheck, scanChecks } from "./thanos-findings";
import { emptyBucketCheck, mislabelledClusters, unlabelledCheck, type UnlabelledBlocks } from "./thanos-labels";
import { lastKnownClusters, rememberClusters } from "./last-known";
import { listChildPrefixes } from "./s3-list";
import { mapPool } from "./pool";
import { sharedProbeLimit, type ProbePriority } from "./probe-limit";
import { describeS3Error, regionRedirectCheck, s3FailedCheck } from "./s3-errors";

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
// cached.

const HOUR = 3_600_000;
/** Sidecar block range: Kubecost 1.x sets min/max block duration to 2 h (https://github.com/kubecost/cost-analyzer-helm-chart/blob/v1.108.1/cost-analyzer/values-thanos.yaml). */
export const SIDECAR_BLOCK_MS = 2 * HOUR;
const ULID_RANDOM_ZERO = "0000000000000000";

export interface ThanosProbeOptions {
  fullScan?: FullScanMode;
  /** How long a page load waits for a running full scan before showing the previous one. */
  fullScanWaitMs?: number;
  /** Cache scope for meta.json and full scans, e.g. the endpoint. */
  cacheScope?: string;
  /** With it, the full scan takes a slot of the shared probe limit at this priority. */
  priority?: ProbePriority;
}

export interface NewestBlock {
  meta: BlockMeta;
  uploadedMs: number;
}

export async function probeThanos(target: ThanosTarget, ctx: ProbeContext, opts: ThanosProbeOptions = {}): Promise<SourceReport> {
  const started = Date.now();
  const { s3, now } = ctx;
  const { bucket, prefix, region, clusterLabel } = target;
  const scope = opts.cacheScope ?? "default";
  const checks: CheckResult[] = [];
  const nowMs = now.getTime();
  // Without a full scan, look back far enough to tell lagging from stale.
  const lookbackMs = ctx.thresholds.thanosStaleAfterSeconds * 1000 + SIDECAR_BLOCK_MS;

  // Region is part of the key: a link to the same bucket name signed for another region fails
  // its scan, and that cached failure must not show on the server's own view.
  const scanKey = `${scope}|${region}|${bucket}|${prefix}`;
  const knownKey = `${scanKey}|${clusterLabel}`;
  const known = lastKnownClusters(knownKey, nowMs);
  const wanted = new Set([...ctx.expectedClusters, ...(known?.keys() ?? [])]);
  // Nothing tells which clusters to look for: only the lookback (or a scan) shows silent ones.
  const blind = !known && ctx.expectedClusters.length === 0;
  const fullScanPromise = cachedFullScan(
    scanKey,
    target.fullScanIntervalSeconds * 1000,
    opts.fullScan ?? "auto",
    opts.fullScanWaitMs ?? 2_000,
    (progress) => runOwnFullScan(s3, target, scope, ctx.concurrency ?? 32, opts.priority, progress),
  );

  // Freshness path.
  const newest = new Map<string, NewestBlock>();
  const unlabelled: UnlabelledBlocks = new Map();
  let recentBlocks = 0;
  let inProgress = 0;
  let metaFailures = 0;
  const invalidMeta = new Map<string, string>();
  let firstMetaError: unknown;
  let listError: unknown;
  let from = nowMs - SIDECAR_BLOCK_MS;
  let until = Infinity;
  let full: CachedScan | undefined;
  const t0 = Date.now();
  for (;;) {
    let ids: string[];
    try {
      const listed = await listChildPrefixes(s3, bucket, prefix, {
        startAfter: `${prefix}${encodeTime(Math.max(0, from))}${ULID_RANDOM_ZERO}`,
        abortSignal: ctx.abortSignal,
        stopWhen: (p) => isBlockId(p.slice(prefix.length, -1)) && blockTimeMs(p.slice(prefix.length, -1)) >= until,
      });
      ids = listed.prefixes.map((p) => p.slice(prefix.length, -1)).filter((id) => isBlockId(id) && blockTimeMs(id) < until);
    } catch (error) {
      listError = error;
      break;
    }
    recentBlocks += ids.length;
    await mapPool(ids, ctx.concurrency ?? 32, async (id) => {
      const r = await readBlockMeta(s3, bucket, `${prefix}${id}/meta.json`, scope, ctx.abortSignal);
      if (r.absent) inProgress++;
      else if (r.invalid) invalidMeta.set(id, r.invalid);
      else if (r.error) {
        metaFailures++;
        firstMetaError ??= r.error;
      } else if (r.meta && isProducerBlock(r.meta)) {
        const cluster = r.meta.labels[clusterLabel];
        const uploadedMs = r.uploadedMs ?? blockTimeMs(id);
        if (cluster === undefined) {
          unlabelled.set(id, { labels: r.meta.labels, uploadedMs });
          return;
        }
        const cur = newest.get(cluster);
        if (!cur || uploadedMs > cur.uploadedMs) newest.set(cluster, { meta: r.meta, uploadedMs });
      }
    });
    if (!blind && ![...wanted].some((c) => !newest.has(c))) break;
    // Clusters not seen in the window: the full scan knows older blocks. Only step the window
    // back (reading other clusters' blocks too) over the span the scan does not cover.
    full ??= await fullScanPromise;
    const scanCoversUntil = full.scan ? nowMs - (Date.now() - full.scan.finishedAtMs) : -Infinity;
    const floor = Math.max(nowMs - lookbackMs, full.scan ? Math.min(scanCoversUntil, from) : -Infinity);
    if (from <= floor) break;
    until = from;
    from = Math.max(floor, from - 2 * (nowMs - from));
  }

  if (listError) {
    checks.push(s3FailedCheck(listError, { bucket, region, action: "s3:ListBucket", doing: "listing recent blocks", id: "thanos.bucket", source: "thanos", title: "Bucket listing", durationMs: Date.now() - t0 }));
  } else {
    checks.push({
      id: "thanos.bucket",
      source: "thanos",
      title: "Recent blocks",
      // No block at all is not green: a wrong bucket or prefix, or no sidecar uploads.
      status: recentBlocks > 0 ? "ok" : "warn",
      fix: recentBlocks > 0 ? undefined : "Sidecars upload a block about every 2 h: check the thanos-sidecar containers' objstore config (bucket and prefix) and their logs.",
      message: `${recentBlocks} block${recentBlocks === 1 ? "" : "s"} created in the last ${formatAge((nowMs - from) / 1000)} from ${newest.size} cluster${newest.size === 1 ? "" : "s"}${inProgress ? `; ${inProgress} still uploading (no meta.json yet)` : ""}.`,
      durationMs: Date.now() - t0,
    });
  }
  if (metaFailures > 0) {
    const d = describeS3Error(firstMetaError, { bucket, region, action: "s3:GetObject", doing: "reading meta.json" });
    checks.push({ id: "thanos.meta", source: "thanos", title: "Block metadata", status: "fail", message: `${metaFailures} meta.json read${metaFailures === 1 ? "" : "s"} failed: ${d.message}`, fix: d.fix, missingAction: d.missingAction, durationMs: 0 });
  }

  full ??= await fullScanPromise;
  // Before the full scan is done, what it decides (overlaps, partial uploads, labels of older
  // blocks, clusters silent past the window) is "not checked yet", never a guess.
  const scanPending = !full.scan && full.running;
  const progress = full.progress ? describeScanProgress(full.progress) : "starting";
  for (const b of full.scan?.blocks ?? []) {
    if (b.invalidMeta) invalidMeta.set(b.ulid, b.invalidMeta);
    // Label sets of every producer block, not only the recent ones.
    if (b.meta && isProducerBlock(b.meta) && b.meta.labels[clusterLabel] === undefined) unlabelled.set(b.ulid, { labels: b.meta.labels, uploadedMs: b.metaUploadedMs ?? b.timeMs });
  }
  if (unlabelled.size > 0) checks.push(unlabelledCheck(unlabelled, clusterLabel, !!full.scan));
  if (full.scan && full.scan.blocks.length === 0) checks.push(emptyBucketCheck(full.scan.ignoredNames, target));
  if (invalidMeta.size > 0) checks.push(invalidMetaCheck(invalidMeta, prefix));
  const { observations, checks: scanCheckList } = clusterFindings(newest, full, { target, now, thresholds: ctx.thresholds, listFailed: !!listError });
  observations.push(...mislabelledClusters(unlabelled, clusterLabel, observations));
  if (scanPending) for (const o of observations) o.pending = `Overlaps, partial uploads and the cluster label are not checked yet: the full block scan is running (${progress}).`;
  checks.push(...scanChecks(full, { target, now, thresholds: ctx.thresholds }));
  checks.push(...scanCheckList);
  if (!listError) {
    const blockTime = (o: ClusterObservation) => (isBlockId(String(o.facts?.newestBlock)) ? blockTimeMs(String(o.facts?.newestBlock)) : undefined);
    rememberClusters(knownKey, observations.map((o) => [o.clusterId, { lastSeenMs: o.lastSeenMs, blockTimeMs: blockTime(o) }]));
  }
  // The scan sees every block; without it only blocks created since `from` were read.
  if (!listError && known) observations.push(...droppedOutObservations(known, observations, { searchedFromMs: full.scan ? -Infinity : from, nowMs }));

  const redirect = ctx.usage?.regionRedirects[bucket];
  if (redirect && redirect !== region) checks.unshift(regionRedirectCheck("thanos", bucket, region, redirect));

  const pendingMissing = scanPending ? `No block in the last ${formatAge((nowMs - from) / 1000)}; the full block scan (${progress}) tells whether it is stale or missing.` : undefined;
  const expected = listError
    ? [...wanted]
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
