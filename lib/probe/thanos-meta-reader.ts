import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import { parseMeta, type BlockMeta } from "./thanos-blocks";
import { parseJsonObject, readSmallObject } from "./s3-object";

// meta.json never changes once uploaded (it is written last: https://thanos.io/tip/thanos/storage.md/),
// so a block's parsed meta is cached in-process by bucket + key: repeated probes only read blocks
// they have not seen. A meta.json that is not block metadata (binary, not JSON, no ulid, over
// the size cap) is a finding about that block, cached the same way, and never an S3 error.

export interface MetaRead {
  meta?: BlockMeta;
  /** Upload time: meta.json's LastModified. */
  uploadedMs?: number;
  /** meta.json absent: an upload in progress or a partial upload. */
  absent?: boolean;
  /** The object is there but is not block metadata: why, in a few words. */
  invalid?: string;
  /** Reading failed (S3 error): for describeS3Error. */
  error?: unknown;
}

const cache = new Map<string, MetaRead>();
const MAX_CACHED = 300_000;
/** A level-4 block's meta.json lists a few hundred source ULIDs: kilobytes. 1 MB is far beyond. */
export const MAX_META_BYTES = 1 << 20;

export function clearMetaCache(): void {
  cache.clear();
}

/** Puts a meta.json read known from before a restart (the block index file) into the cache. */
export function primeBlockMeta(bucket: string, key: string, cacheScope: string, entry: MetaRead): void {
  if (cache.size >= MAX_CACHED) return;
  cache.set(`${cacheScope}|${bucket}|${key}`, entry);
}

export async function readBlockMeta(s3: S3Client, bucket: string, key: string, cacheScope: string, abortSignal?: AbortSignal): Promise<MetaRead> {
  const cacheKey = `${cacheScope}|${bucket}|${key}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  let entry: MetaRead;
  try {
    const read = await readSmallObject(s3, bucket, key, MAX_META_BYTES, abortSignal);
    entry = { uploadedMs: read.lastModifiedMs, ...parsed(read) };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "NoSuchKey" || name === "NotFound") return { absent: true };
    return { error };
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cacheKey, entry);
  return entry;
}

function parsed(read: { text: string } | { unreadable: string }): { meta: BlockMeta } | { invalid: string } {
  if ("unreadable" in read) return { invalid: read.unreadable };
  const json = parseJsonObject(read.text);
  if ("unreadable" in json) return { invalid: json.unreadable };
  try {
    return { meta: parseMeta(json.json) };
  } catch (err) {
    return { invalid: (err as Error).message };
  }
}
