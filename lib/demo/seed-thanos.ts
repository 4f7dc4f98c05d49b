import { encodeTime, ulid } from "ulid";
import type { SeedObject } from "./seed-store";

// Generates a Thanos bucket as sidecars and a compactor leave it (https://thanos.io/tip/thanos/storage.md/):
// <ULID>/chunks/000001, <ULID>/index, then <ULID>/meta.json last. Blocks are 2 h long and
// aligned; Prometheus cuts a block about an hour after its end and the sidecar uploads it.

const HOUR = 3_600_000;
const BLOCK = 2 * HOUR;

/** Deterministic ULID randomness so demo and bench runs are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BlockSeed {
  labels: Record<string, string>;
  minTime: number;
  maxTime: number;
  /** When meta.json landed; the ULID time is a little earlier. */
  uploadedMs: number;
  level?: number;
  source?: string;
  sources?: string[];
  resolution?: number;
  /** Leave out meta.json (a partial upload). */
  withoutMeta?: boolean;
  deletionMarked?: boolean;
  id?: string;
}

export function blockObjects(prefix: string, b: BlockSeed, rng: () => number): { id: string; objects: SeedObject[] } {
  const id = b.id ?? ulid(Math.round(b.uploadedMs) - 30_000, rng);
  const dir = `${prefix}${id}/`;
  const meta = {
    ulid: id,
    minTime: b.minTime,
    maxTime: b.maxTime,
    stats: { numSamples: 1_200_000, numSeries: 4_000, numChunks: 40_000 },
    compaction: { level: b.level ?? 1, sources: b.sources ?? [id] },
    version: 1,
    thanos: { labels: b.labels, downsample: { resolution: b.resolution ?? 0 }, source: b.source ?? "sidecar", segment_files: ["000001"] },
  };
  const objects: SeedObject[] = [
    { key: `${dir}chunks/000001`, body: "chunks", lastModifiedMs: b.uploadedMs - 2_000 },
    { key: `${dir}index`, body: "index", lastModifiedMs: b.uploadedMs - 1_000 },
  ];
  if (!b.withoutMeta) objects.push({ key: `${dir}meta.json`, body: JSON.stringify(meta), lastModifiedMs: b.uploadedMs });
  if (b.deletionMarked) {
    objects.push({ key: `${dir}deletion-mark.json`, body: JSON.stringify({ id, deletion_time: Math.floor(b.uploadedMs / 1000) + 3600, version: 1 }), lastModifiedMs: b.uploadedMs + HOUR });
  }
  return { id, objects };
}

export interface ThanosClusterSeed {
  labels: Record<string, string>;
  newestUploadMs: number;
  /** History length (default a week). */
  hours?: number;
  /** Replace level-1 blocks older than 10 h with aligned 8 h level-2 compactor blocks. */
  compacted?: boolean;
}

export function* thanosClusterObjects(prefix: string, seed: ThanosClusterSeed, rng: () => number): Generator<SeedObject> {
  const hours = seed.hours ?? 7 * 24;
  // The newest block ended about an hour before it was uploaded, on a 2 h boundary.
  const newestMax = Math.floor((seed.newestUploadMs - HOUR) / BLOCK) * BLOCK;
  const uploadDelay = seed.newestUploadMs - newestMax;
  const count = Math.floor(hours / 2);
  // The compactor merges a window once it is complete; the newest few hours stay level 1.
  const cutoff = seed.newestUploadMs - 10 * HOUR;
  // Compactor level 2 = an aligned 8 h window made of four 2 h blocks (https://thanos.io/tip/components/compact.md/).
  const windows = new Map<number, BlockSeed[]>();
  for (let i = count - 1; i >= 0; i--) {
    const maxTime = newestMax - i * BLOCK;
    const block: BlockSeed = { labels: seed.labels, minTime: maxTime - BLOCK, maxTime, uploadedMs: maxTime + uploadDelay };
    const w = Math.floor(block.minTime / (4 * BLOCK));
    if (seed.compacted && maxTime < cutoff) (windows.get(w) ?? windows.set(w, []).get(w)!).push(block);
    else yield* blockObjects(prefix, block, rng).objects;
  }
  for (const group of windows.values()) {
    // The oldest window may be cut by the history start: compacted all the same.
    const sources = group.map((b) => ulid(Math.round(b.uploadedMs) - 30_000, rng));
    const maxTime = group[group.length - 1].maxTime;
    yield* blockObjects(prefix, { labels: seed.labels, minTime: group[0].minTime, maxTime, uploadedMs: maxTime + 3 * HOUR, level: 2, source: "compactor", sources }, rng).objects;
  }
}

export interface DemoThanos {
  objects: SeedObject[];
  overlapCluster: string;
  partialUploadId: string;
  deletionMarkedId: string;
}

/** Several clusters, one overlap, one partial upload, a deletion mark, an unlabelled producer, debug/metas. */
export function demoThanosObjects(prefix: string, now: number): DemoThanos {
  const rng = seededRandom(4);
  const min = 60_000;
  const objects: SeedObject[] = [];
  const clusters: Array<[string, number]> = [
    ["prod-east-1", 40 * min],
    ["prod-west-2", 25 * min],
    ["staging-1", 70 * min],
    ["analytics-2", 4 * HOUR],
    ["dev-3", 10 * HOUR],
  ];
  for (const [id, lag] of clusters) {
    objects.push(...thanosClusterObjects(prefix, { labels: { cluster_id: id, prometheus: "kubecost/prometheus" }, newestUploadMs: now - lag, compacted: true }, rng));
  }
  // A second Prometheus that also claims cluster_id=prod-west-2: its block overlaps.
  const lastWestMax = Math.floor((now - 25 * min - HOUR) / BLOCK) * BLOCK;
  objects.push(...blockObjects(prefix, { labels: { cluster_id: "prod-west-2", prometheus: "kubecost/prometheus" }, minTime: lastWestMax - BLOCK - HOUR, maxTime: lastWestMax - HOUR, uploadedMs: now - 3 * HOUR }, rng).objects);
  // A producer without the cluster label (uses "cluster" instead).
  objects.push(...thanosClusterObjects(prefix, { labels: { cluster: "legacy-1" }, newestUploadMs: now - 50 * min, hours: 6 }, rng));
  // Partial upload: chunks and index but no meta.json, 5 h old (grace is 2 h).
  const partial = blockObjects(prefix, { labels: {}, minTime: now - 8 * HOUR, maxTime: now - 6 * HOUR, uploadedMs: now - 5 * HOUR, withoutMeta: true }, rng);
  objects.push(...partial.objects);
  // An upload in progress (10 min old): not a problem yet.
  objects.push(...blockObjects(prefix, { labels: {}, minTime: now - 3 * HOUR, maxTime: now - HOUR, uploadedMs: now - 10 * min, withoutMeta: true }, rng).objects);
  // A block the compactor marked for deletion (replaced by a compacted one), and a leftover debug entry.
  const marked = blockObjects(prefix, { labels: { cluster_id: "prod-east-1", prometheus: "kubecost/prometheus" }, minTime: now - 50 * HOUR, maxTime: now - 48 * HOUR, uploadedMs: now - 47 * HOUR, deletionMarked: true }, rng);
  objects.push(...marked.objects);
  const debugId = encodeTime(now - 30 * 24 * HOUR) + "DEBUGDEBUGDEBUG0".replace(/[^0-9A-HJKMNP-TV-Z]/g, "0");
  objects.push({ key: `${prefix}debug/metas/${debugId}.json`, body: "{}", lastModifiedMs: now - 30 * 24 * HOUR });
  return { objects, overlapCluster: "prod-west-2", partialUploadId: partial.id, deletionMarkedId: marked.id };
}
