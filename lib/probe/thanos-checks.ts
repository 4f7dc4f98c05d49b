import "server-only";
import { encodeTime } from "ulid";
import type { ThanosTarget } from "./targets";
import type { CheckResult } from "@/lib/health/types";
import type { ClusterObservation } from "@/lib/health/observation";
import { formatAge } from "@/lib/health/evaluate";
import type { ProbeContext } from "./context";
import { blockTimeMs, isBlockId, isProducerBlock, type BlockMeta } from "./thanos-blocks";
import { readBlockMeta } from "./thanos-meta-reader";
import { describeScanProgress, type CachedScan } from "./thanos-scan";
import { clusterFindings, droppedOutObservations, invalidMetaCheck, scanChecks } from "./thanos-findings";
import { emptyBucketCheck, mislabelledClusters, unlabelledCheck, type UnlabelledBlocks } from "./thanos-labels";
import { rememberClusters, type lastKnownClusters } from "./last-known";
import { listChildPrefixes } from "./s3-list";
import { mapPool } from "./pool";
import { describeS3Error, regionRedirectCheck, s3FailedCheck } from "./s3-errors";

// What the Thanos probe does for one bucket, as a list of named checks run in order (the shape of
// lib/probe/agent-checks.ts): the freshness window first, then what the full scan decides, then
// the clusters remembered from earlier probes. Each reads what the earlier ones left in the run.

const HOUR = 3_600_000;
/** Sidecar block range: Kubecost 1.x sets min/max block duration to 2 h (https://github.com/kubecost/cost-analyzer-helm-chart/blob/v1.108.1/cost-analyzer/values-thanos.yaml). */
export const SIDECAR_BLOCK_MS = 2 * HOUR;
const ULID_RANDOM_ZERO = "0000000000000000";

export interface NewestBlock {
  meta: BlockMeta;
  uploadedMs: number;
}

export interface ThanosRun {
  target: ThanosTarget;
  ctx: ProbeContext;
  /** Cache scope for meta.json reads. */
  scope: string;
  nowMs: number;
  /** Without a full scan, how far back to look to tell lagging from stale. */
  lookbackMs: number;
  /** Where this bucket's clusters are remembered between probes. */
  knownKey: string;
  known: ReturnType<typeof lastKnownClusters>;
  /** Expected clusters and those seen before: the window widens until each is found. */
  wanted: Set<string>;
  /** Nothing tells which clusters to look for: only the lookback (or a scan) shows silent ones. */
  blind: boolean;
  fullScan: Promise<CachedScan>;
  full?: CachedScan;
  checks: CheckResult[];
  observations: ClusterObservation[];
  newest: Map<string, NewestBlock>;
  unlabelled: UnlabelledBlocks;
  invalidMeta: Map<string, string>;
  recentBlocks: number;
  inProgress: number;
  metaFailures: number;
  firstMetaError?: unknown;
  listError?: unknown;
  /** Start of the window read: blocks created since then. */
  from: number;
  /** When the window read began. */
  t0: number;
  /** The full scan is running and has no earlier result: what it decides is not checked yet. */
  scanPending: boolean;
  scanProgress: string;
}

export interface ThanosCheck {
  name: string;
  run(r: ThanosRun): Promise<void> | void;
}

/** List only block dirs whose ULID time is after `from` (StartAfter = encodeTime(from) + "0"*16;
 * ULIDs sort by time), read those meta.json files and keep the newest producer (level 1,
 * non-compactor) block per cluster label. Clusters wanted but not in the window: step back
 * (doubling) over the span the full scan does not cover, down to the stale threshold plus one block. */
const recentBlocks: ThanosCheck = {
  name: "the newest block of each cluster, read from the recent window",
  async run(r) {
    const { s3, abortSignal } = r.ctx;
    const { bucket, prefix, clusterLabel } = r.target;
    const { nowMs, newest } = r;
    let until = Infinity;
    for (;;) {
      let ids: string[];
      try {
        const listed = await listChildPrefixes(s3, bucket, prefix, {
          startAfter: `${prefix}${encodeTime(Math.max(0, r.from))}${ULID_RANDOM_ZERO}`,
          abortSignal,
          stopWhen: (p) => isBlockId(p.slice(prefix.length, -1)) && blockTimeMs(p.slice(prefix.length, -1)) >= until,
        });
        ids = listed.prefixes.map((p) => p.slice(prefix.length, -1)).filter((id) => isBlockId(id) && blockTimeMs(id) < until);
      } catch (error) {
        r.listError = error;
        break;
      }
      r.recentBlocks += ids.length;
      await mapPool(ids, r.ctx.concurrency ?? 32, async (id) => {
        const m = await readBlockMeta(s3, bucket, `${prefix}${id}/meta.json`, r.scope, abortSignal);
        if (m.absent) r.inProgress++;
        else if (m.invalid) r.invalidMeta.set(id, m.invalid);
        else if (m.error) {
          r.metaFailures++;
          r.firstMetaError ??= m.error;
        } else if (m.meta && isProducerBlock(m.meta)) {
          const cluster = m.meta.labels[clusterLabel];
          const uploadedMs = m.uploadedMs ?? blockTimeMs(id);
          if (cluster === undefined) {
            r.unlabelled.set(id, { labels: m.meta.labels, uploadedMs });
            return;
          }
          const cur = newest.get(cluster);
          if (!cur || uploadedMs > cur.uploadedMs) newest.set(cluster, { meta: m.meta, uploadedMs });
        }
      });
      if (!r.blind && ![...r.wanted].some((c) => !newest.has(c))) break;
      // Clusters not seen in the window: the full scan knows older blocks. Only step the window
      // back (reading other clusters' blocks too) over the span the scan does not cover.
      r.full ??= await r.fullScan;
      const full = r.full;
      const scanCoversUntil = full.scan ? nowMs - (Date.now() - full.scan.finishedAtMs) : -Infinity;
      const floor = Math.max(nowMs - r.lookbackMs, full.scan ? Math.min(scanCoversUntil, r.from) : -Infinity);
      if (r.from <= floor) break;
      until = r.from;
      r.from = Math.max(floor, r.from - 2 * (nowMs - r.from));
    }
  },
};

const bucketListing: ThanosCheck = {
  name: "recent blocks",
  run(r) {
    const { bucket, region } = r.target;
    if (r.listError) {
      r.checks.push(s3FailedCheck(r.listError, { bucket, region, action: "s3:ListBucket", doing: "listing recent blocks", id: "thanos.bucket", source: "thanos", title: "Bucket listing", durationMs: Date.now() - r.t0 }));
      return;
    }
    const n = r.recentBlocks;
    r.checks.push({
      id: "thanos.bucket",
      source: "thanos",
      title: "Recent blocks",
      // No block at all is not green: a wrong bucket or prefix, or no sidecar uploads.
      status: n > 0 ? "ok" : "warn",
      fix: n > 0 ? undefined : "Sidecars upload a block about every 2 h: check the thanos-sidecar containers' objstore config (bucket and prefix) and their logs.",
      message: `${n} block${n === 1 ? "" : "s"} created in the last ${formatAge((r.nowMs - r.from) / 1000)} from ${r.newest.size} cluster${r.newest.size === 1 ? "" : "s"}${r.inProgress ? `; ${r.inProgress} still uploading (no meta.json yet)` : ""}.`,
      durationMs: Date.now() - r.t0,
    });
  },
};

const blockMetadata: ThanosCheck = {
  name: "every meta.json could be read",
  run(r) {
    const n = r.metaFailures;
    if (n === 0) return;
    const d = describeS3Error(r.firstMetaError, { bucket: r.target.bucket, region: r.target.region, action: "s3:GetObject", doing: "reading meta.json" });
    r.checks.push({ id: "thanos.meta", source: "thanos", title: "Block metadata", status: "fail", message: `${n} meta.json read${n === 1 ? "" : "s"} failed: ${d.message}`, fix: d.fix, missingAction: d.missingAction, durationMs: 0 });
  },
};

/** Before the full scan is done, what it decides (overlaps, partial uploads, labels of older
 * blocks, clusters silent past the window) is "not checked yet", never a guess. */
const fullScanBlocks: ThanosCheck = {
  name: "the full scan's blocks: invalid metadata and label sets of every producer",
  async run(r) {
    r.full ??= await r.fullScan;
    const full = r.full;
    const { clusterLabel } = r.target;
    r.scanPending = !full.scan && full.running;
    r.scanProgress = full.progress ? describeScanProgress(full.progress) : "starting";
    for (const b of full.scan?.blocks ?? []) {
      if (b.invalidMeta) r.invalidMeta.set(b.ulid, b.invalidMeta);
      // Label sets of every producer block, not only the recent ones.
      if (b.meta && isProducerBlock(b.meta) && b.meta.labels[clusterLabel] === undefined) r.unlabelled.set(b.ulid, { labels: b.meta.labels, uploadedMs: b.metaUploadedMs ?? b.timeMs });
    }
  },
};

const labelledBlocks: ThanosCheck = {
  name: "every producer block carries the cluster label",
  run(r) {
    if (r.unlabelled.size > 0) r.checks.push(unlabelledCheck(r.unlabelled, r.target.clusterLabel, !!r.full!.scan));
  },
};

const blocksInBucket: ThanosCheck = {
  name: "the bucket holds blocks",
  run(r) {
    const scan = r.full!.scan;
    if (scan && scan.blocks.length === 0) r.checks.push(emptyBucketCheck(scan.ignoredNames, r.target));
  },
};

const validMeta: ThanosCheck = {
  name: "every meta.json is valid",
  run(r) {
    if (r.invalidMeta.size > 0) r.checks.push(invalidMetaCheck(r.invalidMeta, r.target.prefix));
  },
};

const clusters: ThanosCheck = {
  name: "each cluster's newest block and what the scan found about it",
  run(r) {
    const full = r.full!;
    const { target, ctx } = r;
    const { observations, checks: scanCheckList } = clusterFindings(r.newest, full, { target, now: ctx.now, thresholds: ctx.thresholds, listFailed: !!r.listError });
    observations.push(...mislabelledClusters(r.unlabelled, target.clusterLabel, observations));
    if (r.scanPending) for (const o of observations) o.pending = `Overlaps, partial uploads and the cluster label are not checked yet: the full block scan is running (${r.scanProgress}).`;
    r.checks.push(...scanChecks(full, { target, now: ctx.now, thresholds: ctx.thresholds }));
    r.checks.push(...scanCheckList);
    r.observations = observations;
  },
};

const rememberedClusters: ThanosCheck = {
  name: "clusters seen before and silent since",
  run(r) {
    if (r.listError) return;
    const blockTime = (o: ClusterObservation) => (isBlockId(String(o.facts?.newestBlock)) ? blockTimeMs(String(o.facts?.newestBlock)) : undefined);
    rememberClusters(r.knownKey, r.observations.map((o) => [o.clusterId, { lastSeenMs: o.lastSeenMs, blockTimeMs: blockTime(o) }]));
    // The scan sees every block; without it only blocks created since `from` were read.
    if (r.known) r.observations.push(...droppedOutObservations(r.known, r.observations, { searchedFromMs: r.full!.scan ? -Infinity : r.from, nowMs: r.nowMs }));
  },
};

const bucketRegion: ThanosCheck = {
  name: "the bucket is in the configured region",
  run(r) {
    const { bucket, region } = r.target;
    const redirect = r.ctx.usage?.regionRedirects[bucket];
    if (redirect && redirect !== region) r.checks.unshift(regionRedirectCheck("thanos", bucket, region, redirect));
  },
};

/** In order: each check reads what the ones before it left in the run. */
export const THANOS_CHECKS: readonly ThanosCheck[] = [recentBlocks, bucketListing, blockMetadata, fullScanBlocks, labelledBlocks, blocksInBucket, validMeta, clusters, rememberedClusters, bucketRegion];
