import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import { familyJumpKey, parseBingenPath, resolutionSeconds, type EtlFileName } from "./etl-keys";
import { listPage, type ListedObject } from "./s3-list";

// Lists one cluster's bingen files with about one request. A single listing of
// federated/<id>/etl/bingen/ returns every series in key order; when a page ends inside the old
// files of a series, the next request jumps (StartAfter) to just before the coverage window of
// that series instead of paging through history. A series left with nothing after its jump gets
// a short backwards search so its newest file (and so the cluster's age) is still exact.

export type BingenFile = ListedObject & EtlFileName;

export interface ClusterListing {
  files: BingenFile[];
  /** Keys under the prefix that are not bingen ranges (ignored, counted for the details panel). */
  otherKeys: number;
}

export async function listClusterBingen(
  s3: S3Client,
  bucket: string,
  base: string,
  windowStartSec: number,
  abortSignal?: AbortSignal,
): Promise<ClusterListing> {
  const files: BingenFile[] = [];
  let otherKeys = 0;
  const jumps = new Map<string, { lastBefore: BingenFile; jumpKey: string }>();
  const take = (objects: ListedObject[]) => {
    for (const o of objects) {
      const parsed = parseBingenPath(o.key.slice(base.length));
      if (parsed) files.push({ ...o, ...parsed });
      else otherKeys++;
    }
  };

  let startAfter: string | undefined;
  for (;;) {
    const page = await listPage(s3, { bucket, prefix: base, startAfter, abortSignal });
    take(page.objects);
    const last = page.objects[page.objects.length - 1];
    if (!page.truncated || !last) break;
    startAfter = last.key;
    const lp = parseBingenPath(last.key.slice(base.length));
    if (lp) {
      const from = windowStartSec - resolutionSeconds(lp.resolution);
      const jump = lp.startSec < from ? familyJumpKey(base, lp, from) : undefined;
      if (jump && jump > last.key) {
        startAfter = jump;
        jumps.set(lp.series, { lastBefore: { ...last, ...lp }, jumpKey: jump });
      }
    }
  }

  for (const [series, { lastBefore, jumpKey }] of jumps) {
    if (files.some((f) => f.series === series && f.key > jumpKey)) continue;
    const found = await newestBefore(s3, bucket, base, lastBefore, jumpKey, abortSignal);
    for (const o of found) {
      const parsed = parseBingenPath(o.key.slice(base.length));
      if (parsed) files.push({ ...o, ...parsed });
    }
  }
  return { files, otherKeys };
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
      const inRange = page.objects.filter((o) => o.key <= jumpKey);
      found.push(...inRange);
      const last = page.objects[page.objects.length - 1];
      if (!page.truncated || !last || last.key > jumpKey) break;
      sa = last.key;
    }
    if (found.length > 0 || startAfter === lastBefore.key) return found;
    step *= 4;
  }
}
