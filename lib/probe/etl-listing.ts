import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import { familyJumpKey, parseBingenPath, resolutionSeconds, type EtlFileName } from "./etl-keys";
import { listPage, type ListedObject, type ListPage } from "./s3-list";

// Lists the bingen files of a run of consecutive cluster folders as one key-ordered stream
// (ListObjectsV2 over <prefix>federated/, 1,000 keys a page). Clusters with a few hundred files
// then share pages instead of costing a request each. When a page ends in the old files of a
// series and more than a page of them lies before the coverage window, the next request jumps
// (StartAfter) to just before the window instead of paging through history. A series left with
// nothing after its jump gets a short backwards search so its newest file stays exact.

export type BingenFile = ListedObject & EtlFileName;

export interface ClusterListing {
  /** Files that reach into the coverage window (older ones are only counted). */
  files: BingenFile[];
  /** Newest file (by start time) per "<pipeline>/<resolution>". */
  newest: Map<string, BingenFile>;
  /** Newest LastModified of any file seen: the cluster's last upload. */
  lastModifiedMs?: number;
  zeroByteKeys: string[];
  /** Keys in the cluster folder that are not bingen ranges (ignored). */
  otherKeys: number;
}

export function emptyListing(): ClusterListing {
  return { files: [], newest: new Map(), zeroByteKeys: [], otherKeys: 0 };
}

/** Records one file; keeps it in `files` only when it ends after keepAfterSec. */
export function addFile(l: ClusterListing, o: ListedObject, p: EtlFileName, keepAfterSec: number): void {
  const f: BingenFile = { key: o.key, size: o.size, lastModifiedMs: o.lastModifiedMs, pipeline: p.pipeline, resolution: p.resolution, series: p.series, namePrefix: p.namePrefix, startSec: p.startSec, endSec: p.endSec, startDigits: p.startDigits };
  const cur = l.newest.get(f.series);
  if (!cur || f.startSec > cur.startSec || (f.startSec === cur.startSec && f.lastModifiedMs > cur.lastModifiedMs)) l.newest.set(f.series, f);
  if (l.lastModifiedMs === undefined || f.lastModifiedMs > l.lastModifiedMs) l.lastModifiedMs = f.lastModifiedMs;
  if (f.size === 0) l.zeroByteKeys.push(f.key);
  if (f.endSec > keepAfterSec) l.files.push(f);
}

export type EtlListingPlan = "shared" | "per-cluster";

/** The plan for a bucket layout, from the first page of federated/: a page holding keys of
 * several clusters (or all there is) means clusters are smaller than a page and a shared listing
 * costs at most a request per page of keys; a full page of one cluster's keys means each cluster
 * costs at least a request anyway, and per-cluster listings can skip old history in parallel. */
export function etlListingPlan(firstPage: ListPage, fed: string): EtlListingPlan {
  if (!firstPage.truncated) return "shared";
  const clusterOf = (key: string) => key.slice(fed.length, key.indexOf("/", fed.length));
  const first = firstPage.objects[0];
  const last = firstPage.objects[firstPage.objects.length - 1];
  return first && last && clusterOf(first.key) === clusterOf(last.key) ? "per-cluster" : "shared";
}

/** A jump costs one request and saves (skipped keys / 1,000): worth it past one page. */
const JUMP_MIN_KEYS = 1000;

export interface ClusterRun {
  /** Consecutive cluster folders in S3 order, e.g. ["federated/a/", "federated/b/"]; empty:
   * every folder the stream meets is a cluster (the shared plan, which lists no folders first). */
  folders: string[];
  /** Last folder of the previous run, if any (the stream starts after its keys). */
  after?: string;
  /** First folder of the next run, if any (the stream stops there). */
  before?: string;
}

/** What a run cost, for the check message. */
export interface RunStats {
  pages: number;
}

export async function listClusterRun(
  s3: S3Client,
  bucket: string,
  fed: string,
  run: ClusterRun,
  windowStartSec: number,
  abortSignal?: AbortSignal,
  opts: { firstPage?: ListPage; stats?: RunStats } = {},
): Promise<Map<string, ClusterListing>> {
  const out = new Map<string, ClusterListing>();
  for (const f of run.folders) out.set(f.slice(fed.length, -1), emptyListing());
  const discover = run.folders.length === 0;
  const stats = opts.stats ?? { pages: 0 };
  const jumps: Array<{ id: string; lastBefore: BingenFile; jumpKey: string }> = [];
  const locate = (key: string) => {
    const slash = key.indexOf("/", fed.length);
    const id = slash < 0 ? "" : key.slice(fed.length, slash);
    const base = `${fed}${id}/etl/bingen/`;
    const parsed = key.startsWith(base) ? parseBingenPath(key.slice(base.length)) : undefined;
    return { id, base, parsed };
  };
  const request = (startAfter: string | undefined) => {
    stats.pages++;
    return listPage(s3, { bucket, prefix: fed, startAfter, abortSignal });
  };

  // Any extension of the previous folder sorts before this run's first folder (both end in "/").
  let next: Promise<ListPage> | undefined = opts.firstPage ? Promise.resolve(opts.firstPage) : request(run.after ? `${run.after}\uffff` : undefined);
  while (next) {
    const page: ListPage = await next;
    next = undefined;
    // The next request goes out before this page is read: S3 (or fauxqs) builds it meanwhile.
    const last = page.objects[page.objects.length - 1];
    if (page.truncated && last && !(run.before && last.key >= run.before)) {
      let startAfter = last.key;
      const { id, base, parsed: lp } = locate(last.key);
      if (lp) {
        const res = resolutionSeconds(lp.resolution);
        const from = windowStartSec - res;
        const skipped = (from - lp.startSec) / res;
        const jump = skipped > JUMP_MIN_KEYS ? familyJumpKey(base, lp, from) : undefined;
        if (jump && jump > last.key) {
          startAfter = jump;
          const lastBefore = emptyListing();
          addFile(lastBefore, last, lp, 0);
          jumps.push({ id, lastBefore: lastBefore.files[0], jumpKey: jump });
        }
      }
      next = request(startAfter);
    }
    for (const o of page.objects) {
      if (run.before && o.key >= run.before) break;
      const { id, parsed } = locate(o.key);
      let listing = out.get(id);
      if (!listing) {
        if (!discover || !id) continue;
        listing = emptyListing();
        out.set(id, listing);
      }
      if (parsed) addFile(listing, o, parsed, windowStartSec);
      else listing.otherKeys++;
    }
  }

  for (const { id, lastBefore, jumpKey } of jumps) {
    const listing = out.get(id);
    const newest = listing?.newest.get(lastBefore.series);
    // Compare times, not keys: a series may mix name prefixes ("v2.177..." sorts after "177..."
    // in byte order), so a key after jumpKey can still be an older file of another family.
    if (!listing || (newest && newest.startSec >= windowStartSec - resolutionSeconds(lastBefore.resolution))) continue;
    const base = `${fed}${id}/etl/bingen/`;
    for (const o of await newestBefore(s3, bucket, base, lastBefore, jumpKey, abortSignal)) {
      const parsed = parseBingenPath(o.key.slice(base.length));
      if (parsed) addFile(listing, o, parsed, windowStartSec);
    }
  }
  return out;
}

/** Splits cluster folders (in S3 order) into at most `count` runs of consecutive folders. */
export function splitIntoRuns(folders: string[], count: number): ClusterRun[] {
  const n = Math.max(1, Math.min(count, folders.length));
  const runs: ClusterRun[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * folders.length) / n);
    const to = Math.floor(((i + 1) * folders.length) / n);
    if (to > from) runs.push({ folders: folders.slice(from, to), after: folders[from - 1], before: folders[to] });
  }
  return runs;
}

/** Files of lastBefore's series between lastBefore and jumpKey, found by stepping back from jumpKey. */
async function newestBefore(
  s3: S3Client,
  bucket: string,
  base: string,
  lastBefore: BingenFile,
  jumpKey: string,
  abortSignal?: AbortSignal,
): Promise<ListedObject[]> {
  const seriesPrefix = `${base}${lastBefore.series}/`;
  const res = resolutionSeconds(lastBefore.resolution);
  const jumpSec = Number(jumpKey.slice(seriesPrefix.length + lastBefore.namePrefix.length));
  let step = 500 * res;
  for (;;) {
    const fromSec = jumpSec - step;
    const startAfter = fromSec > lastBefore.startSec ? (familyJumpKey(base, lastBefore, fromSec) ?? lastBefore.key) : lastBefore.key;
    const found: ListedObject[] = [];
    let sa = startAfter;
    for (;;) {
      const page = await listPage(s3, { bucket, prefix: seriesPrefix, startAfter: sa, abortSignal });
      found.push(...page.objects.filter((o) => o.key <= jumpKey));
      const last = page.objects[page.objects.length - 1];
      if (!page.truncated || !last || last.key > jumpKey) break;
      sa = last.key;
    }
    if (found.length > 0 || startAfter === lastBefore.key) return found;
    step *= 4;
  }
}
