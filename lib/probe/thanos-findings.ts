import "server-only";
import type { Thresholds } from "@/lib/health/thresholds";
import type { ThanosTarget } from "./targets";
import type { CheckResult, Evidence } from "@/lib/health/types";
import type { ClusterObservation, ClusterProblem } from "@/lib/health/observation";
import { coverageDays } from "@/lib/health/coverage";
import { formatAge } from "@/lib/health/evaluate";
import { findOverlaps, isProducerBlock, resolutionName, type BlockMeta, type Overlap } from "./thanos-blocks";
import { describeScanProgress, type CachedScan, type ScannedBlock } from "./thanos-scan";
import type { KnownClusters } from "./last-known";
import type { NewestBlock } from "./thanos-checks";
import { describeS3Error } from "./s3-errors";

// Turns the freshness results and the cached full scan into per-cluster observations and
// bucket-level checks for the Thanos probe.

interface FindingsContext {
  target: ThanosTarget;
  now: Date;
  thresholds: Thresholds;
  listFailed?: boolean;
}

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export function overlapFix(cluster: string | undefined, label: string): string {
  return `Two producers share ${label} ${cluster ?? "(none)"} or two compactors run on this bucket: give every Prometheus a unique external label ${label} and run exactly one compactor per bucket (thanos.compact.enabled=false on the other clusters; https://thanos.io/tip/components/compact.md/). Then mark the duplicate blocks for deletion (thanos tools bucket mark --marker=deletion-mark.json) so the compactor resumes.`;
}

function describeOverlap(o: Overlap): string {
  return `blocks ${o.a.ulid} (${iso(o.a.minTime)} to ${iso(o.a.maxTime)}) and ${o.b.ulid} (${iso(o.b.minTime)} to ${iso(o.b.maxTime)}) overlap at ${resolutionName(o.resolution)} resolution`;
}

export function clusterFindings(newest: Map<string, NewestBlock>, full: CachedScan, ctx: FindingsContext): { observations: ClusterObservation[]; checks: CheckResult[] } {
  const label = ctx.target.clusterLabel;
  const nowMs = ctx.now.getTime();
  const scan = full.scan;
  const byCluster = new Map<string, ScannedBlock[]>();
  const live = scan?.blocks.filter((b) => b.meta && !b.deletionMarked) ?? [];
  for (const b of scan?.blocks ?? []) {
    const c = b.meta?.labels[label];
    if (c === undefined) continue;
    (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(b);
  }
  const overlaps = findOverlaps(live.map((b) => b.meta!));
  const overlapsByCluster = new Map<string | undefined, Overlap[]>();
  for (const o of overlaps) {
    const c = o.labels[label];
    (overlapsByCluster.get(c) ?? overlapsByCluster.set(c, []).get(c)!).push(o);
  }

  const ids = new Set([...newest.keys(), ...byCluster.keys()]);
  const observations: ClusterObservation[] = [];
  for (const id of ids) {
    const blocks = byCluster.get(id) ?? [];
    let best = newest.get(id);
    for (const b of blocks) {
      if (!b.meta || !isProducerBlock(b.meta)) continue;
      const uploadedMs = b.metaUploadedMs ?? b.timeMs;
      if (!best || uploadedMs > best.uploadedMs) best = { meta: b.meta, uploadedMs };
    }
    const evidence: Evidence[] = [];
    const problems: ClusterProblem[] = [];
    const facts: Record<string, string | number | boolean> = {};
    if (best) {
      evidence.push({
        label: `newest sidecar block ${best.meta.ulid}`,
        key: `${ctx.target.prefix}${best.meta.ulid}/meta.json`,
        lastModified: new Date(best.uploadedMs).toISOString(),
        note: `${iso(best.meta.minTime)} to ${iso(best.meta.maxTime)}, level ${best.meta.level}, source ${best.meta.source || "unknown"}`,
      });
      const maxTimeLag = (nowMs - best.meta.maxTime) / 1000;
      facts.newestBlock = best.meta.ulid;
      facts.uploadLagSeconds = Math.round((nowMs - best.uploadedMs) / 1000);
      facts.maxTimeLagSeconds = Math.round(maxTimeLag);
      // A fresh upload of old data: a backlog being shipped (keeps its old ULID range).
      if (nowMs - best.uploadedMs <= ctx.thresholds.thanosLaggingAfterSeconds * 1000 && maxTimeLag > ctx.thresholds.thanosStaleAfterSeconds) {
        problems.push({ severity: "note", reason: `The newest block's data ends ${formatAge(maxTimeLag)} ago: the sidecar is uploading a backlog.`, fix: "Let the backlog finish; if it persists, check the sidecar's upload errors." });
      }
    }
    if (scan) {
      const levels = new Map<number, number>();
      const resolutions = new Map<number, number>();
      let marked = 0;
      for (const b of blocks) {
        levels.set(b.meta!.level, (levels.get(b.meta!.level) ?? 0) + 1);
        resolutions.set(b.meta!.resolution, (resolutions.get(b.meta!.resolution) ?? 0) + 1);
        if (b.deletionMarked) marked++;
      }
      facts.blocks = blocks.length;
      facts.compactionLevels = [...levels].sort((a, b) => a[0] - b[0]).map(([l, n]) => `L${l}: ${n}`).join(", ");
      facts.resolutions = [...resolutions].sort((a, b) => a[0] - b[0]).map(([r, n]) => `${resolutionName(r)}: ${n}`).join(", ");
      if (marked) facts.deletionMarks = marked;
      facts.fullScanAgeSeconds = Math.round((Date.now() - scan.finishedAtMs) / 1000);
      const raw = blocks.filter((b) => !b.deletionMarked && b.meta!.resolution === 0).map((b): [number, number] => [b.meta!.minTime, b.meta!.maxTime]);
      observations.push({ clusterId: id, coverage: coverageDays(raw, ctx.now, ctx.thresholds.coverageDays), evidence, problems, facts });
    } else {
      observations.push({ clusterId: id, evidence, problems, facts });
    }
    const obs = observations[observations.length - 1];
    if (best) obs.lastSeenMs = best.uploadedMs;
    else obs.emptyReason = "Only compacted or downsampled blocks carry this label; no sidecar block was found.";
    const own = overlapsByCluster.get(id) ?? [];
    if (own.length > 0) {
      problems.push({ severity: "error", reason: `${own.length} overlap${own.length === 1 ? "" : "s"}: ${describeOverlap(own[0])}; the compactor halts on this.`, fix: overlapFix(id, label) });
      const shown = new Set<string>();
      for (const b of own.slice(0, 3).flatMap((o) => [o.a, o.b])) {
        if (shown.has(b.ulid)) continue;
        shown.add(b.ulid);
        evidence.push({ label: `overlapping block ${b.ulid}`, key: `${ctx.target.prefix}${b.ulid}/meta.json`, note: `${iso(b.minTime)} to ${iso(b.maxTime)}, level ${b.level}, source ${b.source || "unknown"}` });
      }
    }
  }

  const checks: CheckResult[] = [];
  if (scan) {
    checks.push({
      id: "thanos.overlaps",
      source: "thanos",
      title: "Overlapping blocks",
      status: overlaps.length ? "fail" : "ok",
      message: overlaps.length
        ? `${overlaps.length} overlap${overlaps.length === 1 ? "" : "s"} in ${overlapsByCluster.size} label set${overlapsByCluster.size === 1 ? "" : "s"} (${[...overlapsByCluster.keys()].map((c) => c ?? `no ${label}`).join(", ")}); the compactor halts on them.`
        : `No overlapping blocks among ${live.length} blocks.`,
      fix: overlaps.length ? overlapFix([...overlapsByCluster.keys()][0], label) : undefined,
      durationMs: 0,
      finding: true,
    });
  }
  return { observations, checks };
}

export function scanChecks(full: CachedScan, ctx: FindingsContext): CheckResult[] {
  const { scan } = full;
  const nowMs = ctx.now.getTime();
  const interval = ctx.target.fullScanIntervalSeconds;
  const checks: CheckResult[] = [];
  if (!scan) {
    if (full.error) {
      const d = describeS3Error(full.error, { bucket: ctx.target.bucket, region: ctx.target.region, action: "s3:ListBucket", doing: "scanning all blocks" });
      checks.push({ id: "thanos.fullScan", source: "thanos", title: "Full block scan", status: "fail", message: d.message, fix: d.fix, missingAction: d.missingAction, durationMs: 0 });
    } else if (full.running) {
      const progress = full.progress ? describeScanProgress(full.progress) : "starting";
      const notYet = (id: string, title: string) => ({ id, source: "thanos" as const, title, status: "warn" as const, message: `Not checked yet: the full block scan is running (${progress}).`, durationMs: 0 });
      checks.push(
        { ...notYet("thanos.fullScan", "Full block scan"), message: `The first full block scan is running (${progress}); overlaps, compaction levels, partial uploads, the labels of older blocks and clusters silent for longer than the recent window appear when it finishes. Until then such clusters show as checking.`, fix: "The page updates by itself; a big bucket takes minutes." },
        notYet("thanos.overlaps", "Overlapping blocks"),
        notYet("thanos.partialUploads", "Partial uploads"),
      );
    }
    return checks;
  }
  const age = (Date.now() - scan.finishedAtMs) / 1000;
  checks.push({
    id: "thanos.fullScan",
    source: "thanos",
    title: "Full block scan",
    status: full.error ? "warn" : "ok",
    message: `Scanned ${scan.blocks.length} blocks ${formatAge(age)} ago in ${formatAge(scan.durationMs / 1000)} (runs at most every ${formatAge(interval)})${full.running ? "; a new scan is running" : ""}${scan.ignoredNames.length ? `; ignored non-block entries: ${scan.ignoredNames.join(", ")}` : ""}.`,
    fix: full.error ? "The latest scan failed; showing the previous one." : undefined,
    durationMs: scan.durationMs,
  });
  if (scan.metaErrors > 0) {
    const d = describeS3Error(scan.firstMetaError, { bucket: ctx.target.bucket, region: ctx.target.region, action: "s3:GetObject", doing: "reading meta.json" });
    checks.push({ id: "thanos.meta", source: "thanos", title: "Block metadata", status: "fail", message: `${scan.metaErrors} meta.json reads failed in the full scan: ${d.message}`, fix: d.fix, missingAction: d.missingAction, durationMs: 0 });
  }

  const grace = ctx.thresholds.thanosPartialGraceSeconds * 1000;
  const partial = scan.blocks.filter((b) => !b.hasMeta && nowMs - Math.max(b.newestObjectMs, b.timeMs) > grace);
  checks.push({
    id: "thanos.partialUploads",
    source: "thanos",
    title: "Partial uploads",
    status: partial.length ? "warn" : "ok",
    message: partial.length
      ? `${partial.length} block dir${partial.length === 1 ? "" : "s"} without meta.json for over ${formatAge(grace / 1000)}: ${partial.slice(0, 5).map((b) => b.ulid).join(", ")}${partial.length > 5 ? ", ..." : ""}.`
      : "Every block has its meta.json (or is still within the upload grace period).",
    fix: partial.length
      ? "An upload stopped half-way (sidecar restarted, or lost s3:PutObject mid-upload); meta.json is written last. Check the sidecar logs; the compactor deletes partial blocks after 48 h (https://github.com/thanos-io/thanos/blob/main/pkg/compact/clean.go)."
      : undefined,
    durationMs: 0,
  });

  const marked = scan.blocks.filter((b) => b.deletionMarked);
  checks.push({
    id: "thanos.deletionMarks",
    source: "thanos",
    title: "Deletion marks",
    status: "ok",
    message: marked.length
      ? `${marked.length} block${marked.length === 1 ? "" : "s"} marked for deletion (deletion-mark.json); the compactor removes them after its delete delay and they are left out of the overlap check.`
      : "No blocks marked for deletion.",
    durationMs: 0,
  });

  checks.push(compactionCheck(scan.blocks.filter((b) => b.meta && !b.deletionMarked).map((b) => ({ meta: b.meta!, uploadedMs: b.metaUploadedMs ?? b.timeMs })), nowMs));
  return checks;
}

/** Compaction levels 1..4 are 2 h, 8 h, 2 d, 14 d; "compactor has not run" alerts use 24 h (https://thanos.io/tip/components/compact.md/). */
function compactionCheck(blocks: Array<{ meta: BlockMeta; uploadedMs: number }>, nowMs: number): CheckResult {
  const levels = new Map<number, number>();
  const resolutions = new Map<number, number>();
  let newestCompactor = 0;
  let oldestRawEnd = Infinity;
  for (const { meta, uploadedMs } of blocks) {
    levels.set(meta.level, (levels.get(meta.level) ?? 0) + 1);
    resolutions.set(meta.resolution, (resolutions.get(meta.resolution) ?? 0) + 1);
    if (!isProducerBlock(meta)) newestCompactor = Math.max(newestCompactor, uploadedMs);
    else oldestRawEnd = Math.min(oldestRawEnd, meta.maxTime);
  }
  const picture = `levels ${[...levels].sort((a, b) => a[0] - b[0]).map(([l, n]) => `L${l}: ${n}`).join(", ") || "none"}; resolutions ${[...resolutions].sort((a, b) => a[0] - b[0]).map(([r, n]) => `${resolutionName(r)}: ${n}`).join(", ") || "none"}`;
  // Level-1 blocks older than a day should have been compacted into 8 h blocks by now.
  const overdue = oldestRawEnd < nowMs - 26 * HOUR && (newestCompactor === 0 || newestCompactor < nowMs - 24 * HOUR);
  return {
    id: "thanos.compaction",
    source: "thanos",
    title: "Compaction",
    status: overdue ? "warn" : "ok",
    message: overdue
      ? `No compactor output in the last 24 h while level-1 blocks older than a day remain (${picture}).`
      : `Compactor output ${newestCompactor ? `${formatAge((nowMs - newestCompactor) / 1000)} ago` : "not needed yet"} (${picture}).`,
    fix: overdue
      ? "Run exactly one thanos compactor on this bucket (1.x: thanos.compact.enabled=true on the primary only) and check its logs for \"overlaps found\" halts."
      : undefined,
    durationMs: 0,
  };
}

/**
 * Clusters this server saw before that neither the recent blocks nor the full scan show now.
 * Their newest block older (by ULID time, which is what the listing searched: a backlog upload
 * keeps an old ULID) than what was searched: reported with the remembered upload time, so
 * freshness says stale. Inside what was searched: the block was there and is gone, an error.
 */
export function droppedOutObservations(known: KnownClusters, seen: ClusterObservation[], ctx: { searchedFromMs: number; nowMs: number }): ClusterObservation[] {
  const present = new Set(seen.map((o) => o.clusterId));
  const out: ClusterObservation[] = [];
  for (const [id, { lastSeenMs, blockTimeMs }] of known) {
    if (present.has(id)) continue;
    const searched = ctx.searchedFromMs === -Infinity ? "any block in the bucket" : `the blocks created in the last ${formatAge((ctx.nowMs - ctx.searchedFromMs) / 1000)}`;
    if (lastSeenMs !== undefined && blockTimeMs !== undefined && blockTimeMs >= ctx.searchedFromMs) {
      out.push({
        clusterId: id,
        lastSeenMs,
        problems: [
          {
            severity: "error",
            reason: `This server saw a sidecar block from this cluster uploaded at ${iso(lastSeenMs)}, but it is not among ${searched} any more.`,
            fix: "Someone or something deleted its blocks: check the bucket's lifecycle rules and retention, and that only the compactor deletes blocks (after marking them with deletion-mark.json).",
          },
        ],
      });
    } else {
      out.push({
        clusterId: id,
        lastSeenMs,
        emptyReason: `Seen earlier by this server, but not among ${searched}.`,
        problems: [{ severity: "note", reason: `No block among ${searched}; the time shown is when this server last saw one.`, fix: "" }],
      });
    }
  }
  return out;
}

/** meta.json objects that are not block metadata: a data finding naming each block's key. */
export function invalidMetaCheck(invalid: Map<string, string>, prefix: string): CheckResult {
  const shown = [...invalid].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const list = shown.slice(0, 5).map(([ulid, why]) => `${prefix}${ulid}/meta.json (block ${ulid}): ${why}`).join("; ");
  return {
    id: "thanos.metaInvalid",
    source: "thanos",
    title: "Corrupt block metadata",
    status: "fail",
    finding: true,
    message: `${invalid.size} meta.json file${invalid.size === 1 ? " is" : "s are"} not Thanos block metadata: ${list}${invalid.size > 5 ? "; ..." : ""}. Thanos skips these blocks.`,
    fix: `Something other than a Thanos uploader wrote there, or an upload was corrupted: check the sidecar and compactor logs for the block, then mark it for deletion (thanos tools bucket mark --id=${shown[0][0]} --marker=deletion-mark.json --details="corrupt meta.json") so the compactor and the store gateway stop tripping on it (https://thanos.io/tip/components/tools.md/#bucket-mark).`,
    durationMs: 0,
  };
}
