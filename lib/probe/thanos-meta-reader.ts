import "server-only";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { parseMeta, type BlockMeta } from "./thanos-blocks";

// meta.json never changes once uploaded (it is written last, FACTS.md §3), so a block's parsed
// meta is cached in-process by bucket + key: repeated probes only read blocks they have not seen.

export interface MetaRead {
  meta?: BlockMeta;
  /** Upload time: meta.json's LastModified. */
  uploadedMs?: number;
  /** meta.json absent: an upload in progress or a partial upload. */
  absent?: boolean;
  error?: unknown;
}

const cache = new Map<string, { meta: BlockMeta; uploadedMs?: number }>();
const MAX_CACHED = 300_000;

export function clearMetaCache(): void {
  cache.clear();
}

export async function readBlockMeta(s3: S3Client, bucket: string, key: string, cacheScope: string, abortSignal?: AbortSignal): Promise<MetaRead> {
  const cacheKey = `${cacheScope}|${bucket}|${key}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
    const text = (await out.Body?.transformToString()) ?? "";
    const entry = { meta: parseMeta(text), uploadedMs: out.LastModified?.getTime() };
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(cacheKey, entry);
    return entry;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "NoSuchKey" || name === "NotFound") return { absent: true };
    return { error };
  }
}
