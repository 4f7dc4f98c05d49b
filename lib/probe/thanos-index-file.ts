import "server-only";
import { z } from "zod";
import { keepStateFile, type MemoryFileStore } from "./state-file";
import { cachedFullScans, onFullScanFinished } from "./thanos-scan";
import { primeBlockMeta } from "./thanos-meta-reader";

// The Thanos block index: what the full scans learned from meta.json (block ids, time ranges,
// labels, compaction level and sources), kept in FC_DATA_DIR beside the cluster memory so the
// first full scan after a restart reads only the meta.json of blocks uploaded since (a cold
// scan of 1,000 clusters x 84 blocks reads 84,000). Nothing is trusted blindly: the restored
// entries only fill the meta.json cache, and that scan still lists the bucket, so blocks deleted
// since are gone from it and blocks added since are read. meta.json never changes once written
// (https://thanos.io/tip/thanos/storage.md/), so a cached entry cannot go stale.

export const THANOS_INDEX_FILE = "thanos-block-index.json";
/** Raise when the shape below changes: an older file is then ignored (and rewritten). */
export const THANOS_INDEX_VERSION = 1;

const metaSchema = z.object({
  ulid: z.string(),
  minTime: z.number(),
  maxTime: z.number(),
  level: z.number(),
  sources: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  resolution: z.number(),
  source: z.string(),
});
const indexSchema = z.object({
  version: z.literal(THANOS_INDEX_VERSION),
  savedAtMs: z.number(),
  scans: z.array(
    z.object({
      cacheScope: z.string(),
      bucket: z.string(),
      prefix: z.string(),
      finishedAtMs: z.number(),
      blocks: z.array(z.object({ ulid: z.string(), uploadedMs: z.number().optional(), meta: metaSchema.optional(), invalid: z.string().optional() })),
    }),
  ),
});
type BlockIndex = z.infer<typeof indexSchema>;
type IndexedScan = BlockIndex["scans"][number];

// Scans read back at start and not scanned again yet: written back as they were, so a restart
// before the first scan finishes keeps them.
let restoredScans: IndexedScan[] = [];
const scanTarget = (s: IndexedScan) => JSON.stringify([s.cacheScope, s.bucket, s.prefix]);

export function blockIndexSnapshot(): BlockIndex {
  const current: IndexedScan[] = cachedFullScans().flatMap((scan) =>
      scan.source
        ? [
            {
              cacheScope: scan.source.cacheScope,
              bucket: scan.source.target.bucket,
              prefix: scan.source.target.prefix,
              finishedAtMs: scan.finishedAtMs,
              blocks: scan.blocks.filter((b) => b.meta || b.invalidMeta).map((b) => ({ ulid: b.ulid, uploadedMs: b.metaUploadedMs, meta: b.meta, invalid: b.invalidMeta })),
            },
          ]
        : [],
  );
  const scanned = new Set(current.map(scanTarget));
  restoredScans = restoredScans.filter((s) => !scanned.has(scanTarget(s)));
  return { version: THANOS_INDEX_VERSION, savedAtMs: Date.now(), scans: [...restoredScans, ...current] };
}

/** Fills the meta.json cache from a saved index; throws a short reason when it is not one. */
export function restoreBlockIndex(saved: unknown): number {
  const version = (saved as { version?: unknown } | null)?.version;
  if (version !== THANOS_INDEX_VERSION) throw new Error(`index version ${JSON.stringify(version ?? null)}, this console reads ${THANOS_INDEX_VERSION}`);
  const parsed = indexSchema.safeParse(saved);
  if (!parsed.success) throw new Error(`not a block index: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  let restored = 0;
  restoredScans = parsed.data.scans;
  for (const scan of parsed.data.scans) {
    for (const b of scan.blocks) {
      const entry = b.meta ? { meta: b.meta, uploadedMs: b.uploadedMs } : b.invalid ? { invalid: b.invalid, uploadedMs: b.uploadedMs } : undefined;
      if (!entry) continue;
      primeBlockMeta(scan.bucket, `${scan.prefix}${b.ulid}/meta.json`, scan.cacheScope, entry);
      restored++;
    }
  }
  return restored;
}

/** Keeps the block index in `dir`: read back now, rewritten after each full scan. */
export function keepThanosIndexIn(dir: string): MemoryFileStore {
  return keepStateFile(dir, {
    file: THANOS_INDEX_FILE,
    what: "Thanos block index",
    loss: "the first full block scan after a restart reads every meta.json again",
    restore: (saved) => void restoreBlockIndex(saved),
    snapshot: blockIndexSnapshot,
    onChange: (schedule) => onFullScanFinished(schedule),
  });
}
