import { decodeTime, isValid } from "ulid";

// Pure helpers over Thanos block metadata (https://thanos.io/tip/thanos/storage.md/): parse meta.json, group blocks the way
// the compactor does (resolution + external labels) and find overlaps inside a group.

export interface BlockMeta {
  ulid: string;
  minTime: number;
  maxTime: number;
  level: number;
  sources: string[];
  labels: Record<string, string>;
  resolution: number;
  source: string;
}

/** A ULID directory name, not debug/ or other leftovers. */
export function isBlockId(name: string): boolean {
  return name.length === 26 && isValid(name);
}

export function blockTimeMs(ulid: string): number {
  return decodeTime(ulid);
}

/** Block metadata from meta.json's parsed JSON (or its text); throws a short reason when it is not. */
export function parseMeta(input: unknown): BlockMeta {
  const m = (typeof input === "string" ? JSON.parse(input) : input) as {
    ulid?: string;
    minTime?: number;
    maxTime?: number;
    compaction?: { level?: number; sources?: string[] };
    thanos?: { labels?: Record<string, string>; downsample?: { resolution?: number }; source?: string };
  };
  if (!m || typeof m !== "object" || Array.isArray(m)) throw new Error("not a JSON object");
  if (typeof m.ulid !== "string" || typeof m.minTime !== "number" || typeof m.maxTime !== "number") {
    throw new Error("meta.json lacks ulid, minTime or maxTime");
  }
  return {
    ulid: m.ulid,
    minTime: m.minTime,
    maxTime: m.maxTime,
    level: m.compaction?.level ?? 1,
    sources: m.compaction?.sources ?? [m.ulid],
    labels: m.thanos?.labels ?? {},
    resolution: m.thanos?.downsample?.resolution ?? 0,
    source: m.thanos?.source ?? "",
  };
}

/** Blocks written by a producer (sidecar, receive, ruler), not rewritten by the compactor. */
export function isProducerBlock(b: BlockMeta): boolean {
  return b.level === 1 && b.source !== "compactor" && b.source !== "bucket.rewrite";
}

export function labelsKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(",");
}

export function resolutionName(ms: number): string {
  return ms === 0 ? "raw" : ms === 300_000 ? "5m" : ms === 3_600_000 ? "1h" : `${ms} ms`;
}

export interface Overlap {
  labels: Record<string, string>;
  resolution: number;
  a: BlockMeta;
  b: BlockMeta;
}

/**
 * Overlapping time ranges inside one group (resolution + labels): what halts the compactor
 * ("overlaps found while gathering blocks"). Blocks whose sources are all inside another block's
 * sources are left out, as the compactor's deduplication does (a compaction not yet cleaned up).
 */
export function findOverlaps(blocks: BlockMeta[]): Overlap[] {
  const groups = new Map<string, BlockMeta[]>();
  for (const b of blocks) {
    const k = `${b.resolution}|${labelsKey(b.labels)}`;
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  }
  const out: Overlap[] = [];
  for (const group of groups.values()) {
    const containing = new Map<string, BlockMeta[]>();
    for (const b of group) for (const s of b.sources) (containing.get(s) ?? containing.set(s, []).get(s)!).push(b);
    const kept = group.filter((b) => {
      const candidates = containing.get(b.sources[0]) ?? [];
      return !candidates.some((a) => a !== b && a.sources.length > b.sources.length && b.sources.every((s) => a.sources.includes(s)));
    });
    kept.sort((x, y) => x.minTime - y.minTime || x.maxTime - y.maxTime);
    let widest: BlockMeta | undefined;
    for (const b of kept) {
      // Thanos block ranges are [minTime, maxTime): touching ends do not overlap.
      if (widest && b.minTime < widest.maxTime) out.push({ labels: b.labels, resolution: b.resolution, a: widest, b });
      if (!widest || b.maxTime > widest.maxTime) widest = b;
    }
  }
  return out;
}
