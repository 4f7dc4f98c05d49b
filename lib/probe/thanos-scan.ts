import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import { blockTimeMs, isBlockId, type BlockMeta } from "./thanos-blocks";
import { readBlockMeta } from "./thanos-meta-reader";
import { listPage } from "./s3-list";
import { mapPool } from "./pool";

// The full scan behind overlap detection, compaction levels, partial uploads and deletion marks.
// One recursive listing of the bucket tells, per block, whether meta.json and the marks exist
// (https://thanos.io/tip/thanos/storage.md/) without a request per block; meta.json is then read only for blocks not cached.
// It runs at most every fullScanIntervalSeconds per target and is shared by all page loads.

export interface ScannedBlock {
  ulid: string;
  timeMs: number;
  hasMeta: boolean;
  metaUploadedMs?: number;
  /** Newest LastModified among the block's objects (for partial uploads). */
  newestObjectMs: number;
  deletionMarked: boolean;
  noCompactMarked: boolean;
  meta?: BlockMeta;
  /** meta.json is there but is not block metadata (binary, not JSON, too big): why. */
  invalidMeta?: string;
}

export interface FullScan {
  finishedAtMs: number;
  durationMs: number;
  blocks: ScannedBlock[];
  /** Top-level names that are not ULIDs (debug/, ...): ignored. */
  ignoredNames: string[];
  metaErrors: number;
  firstMetaError?: unknown;
  /** Where the blocks were read (the block index file keeps scans by it). */
  source?: { target: ScanTarget; cacheScope: string };
}

export interface ScanTarget {
  bucket: string;
  prefix: string;
}

/** How far a running scan is: shown while it runs ("not checked yet", with progress). */
export interface ScanProgress {
  startedAtMs: number;
  objectsListed: number;
  /** meta.json files to read (known once the listing is done) and read so far. */
  metaTotal?: number;
  metaRead: number;
}

export function newScanProgress(): ScanProgress {
  return { startedAtMs: Date.now(), objectsListed: 0, metaRead: 0 };
}

export function describeScanProgress(p: ScanProgress, nowMs = Date.now()): string {
  const ran = Math.max(0, Math.round((nowMs - p.startedAtMs) / 1000));
  return p.metaTotal === undefined
    ? `listing the bucket, ${p.objectsListed.toLocaleString("en-US")} objects so far, ${ran} s in`
    : `read ${p.metaRead.toLocaleString("en-US")} of ${p.metaTotal.toLocaleString("en-US")} meta.json (${p.metaTotal ? Math.floor((100 * p.metaRead) / p.metaTotal) : 100}%), ${ran} s in`;
}

export async function runFullScan(s3: S3Client, target: ScanTarget, cacheScope: string, concurrency = 32, abortSignal?: AbortSignal, progress: ScanProgress = newScanProgress()): Promise<FullScan> {
  const started = Date.now();
  const byId = new Map<string, ScannedBlock>();
  const ignored = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await listPage(s3, { bucket: target.bucket, prefix: target.prefix, continuationToken: token, abortSignal });
    progress.objectsListed += page.objects.length;
    for (const o of page.objects) {
      const rest = o.key.slice(target.prefix.length);
      const slash = rest.indexOf("/");
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!isBlockId(name)) {
        ignored.add(name);
        continue;
      }
      let b = byId.get(name);
      if (!b) {
        b = { ulid: name, timeMs: blockTimeMs(name), hasMeta: false, newestObjectMs: 0, deletionMarked: false, noCompactMarked: false };
        byId.set(name, b);
      }
      const file = rest.slice(slash + 1);
      b.newestObjectMs = Math.max(b.newestObjectMs, o.lastModifiedMs);
      if (file === "meta.json") {
        b.hasMeta = true;
        b.metaUploadedMs = o.lastModifiedMs;
      } else if (file === "deletion-mark.json") b.deletionMarked = true;
      else if (file === "no-compact-mark.json") b.noCompactMarked = true;
    }
    if (!page.truncated || !page.nextToken) break;
    token = page.nextToken;
  }
  const blocks = [...byId.values()].sort((a, b) => (a.ulid < b.ulid ? -1 : 1));
  let metaErrors = 0;
  let firstMetaError: unknown;
  const withMeta = blocks.filter((b) => b.hasMeta);
  progress.metaTotal = withMeta.length;
  await mapPool(
    withMeta,
    concurrency,
    async (b) => {
      progress.metaRead++;
      const r = await readBlockMeta(s3, target.bucket, `${target.prefix}${b.ulid}/meta.json`, cacheScope, abortSignal);
      if (r.meta) b.meta = r.meta;
      else if (r.invalid) b.invalidMeta = r.invalid;
      else if (r.error) {
        metaErrors++;
        firstMetaError ??= r.error;
      }
    },
  );
  return { finishedAtMs: Date.now(), durationMs: Date.now() - started, blocks, ignoredNames: [...ignored].sort(), metaErrors, firstMetaError, source: { target, cacheScope } };
}

interface CacheEntry {
  scan?: FullScan;
  running?: Promise<FullScan>;
  progress?: ScanProgress;
  error?: unknown;
  errorAtMs?: number;
  lastUsedMs: number;
  intervalMs: number;
}
// Every link target adds an entry holding a whole bucket's blocks: keep the few in use. Map
// order is use order (an entry is re-inserted on use), so the first entry is the least recent.
const scans = new Map<string, CacheEntry>();
/** Most full scans kept at once (the server's own targets plus a few recent links). */
export const MAX_CACHED_SCANS = 8;

function pruneScans(nowMs: number): void {
  // A scan unused for two intervals is stale anyway; the next use starts a new one.
  // A running scan is never evicted: its requests are spent and a later page load shares it.
  for (const [key, e] of scans) if (!e.running && nowMs - e.lastUsedMs > 2 * e.intervalMs) scans.delete(key);
  for (const [key, e] of scans) {
    if (scans.size <= MAX_CACHED_SCANS) break;
    if (!e.running) scans.delete(key);
  }
}

/** Keys of the cached scans, least recently used first (for tests and metrics). */
export function cachedScanKeys(): string[] {
  return [...scans.keys()];
}

export function clearFullScanCache(): void {
  scans.clear();
}

let scanFinished: (() => void) | undefined;
/** Called after each full scan that finished (the block index file schedules a write). */
export function onFullScanFinished(fn: (() => void) | undefined): void {
  scanFinished = fn;
}

/** The finished scans in the cache, newest use last (what the block index file keeps). */
export function cachedFullScans(): FullScan[] {
  return [...scans.values()].flatMap((e) => (e.scan ? [e.scan] : []));
}

export type FullScanMode = "auto" | "await" | "skip";

export interface CachedScan {
  scan?: FullScan;
  running: boolean;
  /** Of the running scan. */
  progress?: ScanProgress;
  error?: unknown;
}

/**
 * The newest full scan for `key`. "auto" starts one when the cached one is older than
 * intervalMs and waits at most waitMs for it (the page then shows the previous scan);
 * "await" starts one unless fresh and waits for it; "skip" never scans.
 */
export async function cachedFullScan(
  key: string,
  intervalMs: number,
  mode: FullScanMode,
  waitMs: number,
  run: (progress: ScanProgress) => Promise<FullScan>,
): Promise<CachedScan> {
  if (mode === "skip") return { running: false };
  const nowMs = Date.now();
  const e: CacheEntry = scans.get(key) ?? { lastUsedMs: nowMs, intervalMs };
  scans.delete(key);
  e.lastUsedMs = nowMs;
  e.intervalMs = intervalMs;
  scans.set(key, e);
  pruneScans(nowMs);
  const fresh = e.scan && Date.now() - e.scan.finishedAtMs < intervalMs;
  const recentError = e.errorAtMs !== undefined && Date.now() - e.errorAtMs < Math.min(intervalMs, 60_000);
  if (!fresh && !e.running && !(recentError && mode === "auto")) {
    e.progress = newScanProgress();
    e.running = run(e.progress);
    e.running.then(
      (scan) => {
        e.scan = scan;
        e.error = undefined;
        e.errorAtMs = undefined;
        e.running = undefined;
        scanFinished?.();
      },
      (error) => {
        e.error = error;
        e.errorAtMs = Date.now();
        e.running = undefined;
      },
    );
  }
  if (e.running) {
    const running = e.running.then(() => undefined, () => undefined);
    if (mode === "await") await running;
    else {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
      clearTimeout(timer);
    }
    // Let the settle handlers above run before reading the entry.
    await Promise.resolve();
  }
  return { scan: e.scan, running: !!e.running, progress: e.running ? e.progress : undefined, error: e.error };
}
