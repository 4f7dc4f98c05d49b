import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import type { ClusterObservation } from "@/lib/health/observation";
import { agentFileKeyAt, agentFileTimeMs } from "./agent-files";
import { listPage, listChildPrefixes, type ListedObject } from "./s3-list";
import { parseJsonObject, readSmallObject } from "./s3-object";

// The reads the agent checks share: newest objects of a time-named folder, the oldest heartbeat
// (cached an hour), a capped JSON read. One AgentIo per probe run.

const RECENT_MS = 30 * 60_000;
const MAX_JSON_BYTES = 256 * 1024;
const oldestCache = new Map<string, { key?: string; ms?: number; atMs: number }>();

export function clearAgentCache(): void {
  oldestCache.clear();
}

export interface AgentIo {
  s3: S3Client;
  bucket: string;
  nowMs: number;
  abortSignal?: AbortSignal;
}

/** The newest objects of a folder whose names sort by time: the recent window first, stepping
 * back (x4) while it is empty, up to 40 days, then the whole folder. `keyAt` gives the key a
 * file of time ms sorts after; an empty folder costs two listings. */
export async function newestObjects(io: AgentIo, folder: string, keep: (o: ListedObject) => boolean = () => true, keyAt = (ms: number) => agentFileKeyAt(folder, ms)): Promise<ListedObject[]> {
  for (let back = RECENT_MS; ; back *= 4) {
    const all = back > 40 * 86_400_000;
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await listPage(io.s3, { bucket: io.bucket, prefix: folder, startAfter: all ? undefined : keyAt(io.nowMs - back), continuationToken: token, abortSignal: io.abortSignal });
      objects.push(...page.objects.filter(keep));
      token = page.truncated ? page.nextToken : undefined;
    } while (token);
    if (objects.length > 0 || all) return objects;
    // An empty folder (an agent with heartbeats off) ends here, not after seven step-backs.
    if (back === RECENT_MS && (await listPage(io.s3, { bucket: io.bucket, prefix: folder, maxKeys: 1, abortSignal: io.abortSignal })).objects.length === 0) return [];
  }
}

/** The object with the newest LastModified among the newest of each child folder (resolutions). */
export async function newestAcrossChildren(io: AgentIo, folder: string, keyAt?: (child: string) => (ms: number) => string): Promise<ListedObject | undefined> {
  const kids = (await listChildPrefixes(io.s3, io.bucket, folder, { abortSignal: io.abortSignal })).prefixes;
  let newest: ListedObject | undefined;
  for (const kid of kids) {
    for (const o of await newestObjects(io, kid, undefined, keyAt?.(kid))) if (!newest || o.lastModifiedMs > newest.lastModifiedMs) newest = o;
  }
  return newest;
}

export async function oldestFile(io: AgentIo, folder: string) {
  const key = `${io.bucket}|${folder}`;
  const hit = oldestCache.get(key);
  if (hit && io.nowMs - hit.atMs < 3_600_000) return hit;
  const first = (await listPage(io.s3, { bucket: io.bucket, prefix: folder, maxKeys: 1, abortSignal: io.abortSignal })).objects[0];
  const entry = { key: first?.key, ms: first ? (agentFileTimeMs(first.key) ?? first.lastModifiedMs) : undefined, atMs: io.nowMs };
  if (oldestCache.size > 20_000) oldestCache.clear();
  oldestCache.set(key, entry);
  return entry;
}

/** A JSON body read through the size cap; an unreadable one is a note naming the key. */
export async function readAgentJson<T>(io: AgentIo, key: string, parse: (json: unknown) => T | undefined, obs: ClusterObservation, what: string): Promise<T | undefined> {
  const read = await readSmallObject(io.s3, io.bucket, key, MAX_JSON_BYTES, io.abortSignal);
  const json = "unreadable" in read ? read : parseJsonObject(read.text);
  const value = "unreadable" in json ? undefined : parse(json.json);
  if (value === undefined) {
    obs.problems!.push({ severity: "note", reason: `The newest ${what} ${key} is not an agent ${what} (${"unreadable" in json ? json.unreadable : "unexpected shape"}).`, fix: "Something else writes into the agent's folder, or the agent version is newer than this console knows." });
  }
  return value;
}

export { RECENT_MS };
