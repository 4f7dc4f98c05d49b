import "server-only";

// In-process memory of the clusters each probe target has shown, so a cluster that drops out
// of view (silent past the recent-blocks window while no full scan is at hand, past the AMP
// query's 24 h window, or a probe that failed) is reported as stale or error instead of
// vanishing from the report, and from the cluster_verdict series alerts are built on. Bounded:
// maxTargets targets (least recently used dropped), maxClusters clusters per target (least
// recently seen dropped), and a cluster is forgotten forgetAfterMs after it was last seen (a
// retired cluster then stops alerting). One mechanism for every source; AMP adapts it in
// lib/probe/amp/known-clusters.ts. With FC_DATA_DIR it survives a restart
// (lib/probe/cluster-memory-file.ts).

export const FORGET_AFTER_MS = 7 * 86_400_000;

export interface KnownCluster {
  /** Epoch ms of its newest data when last seen (absent: seen, time unknown). */
  lastSeenMs?: number;
  /** Where that data sits in the store's time order (a Thanos block's ULID time), if it differs. */
  blockTimeMs?: number;
}
export type KnownClusters = Map<string, KnownCluster>;

export interface ClusterMemoryLimits {
  maxTargets?: number;
  maxClusters?: number;
  forgetAfterMs?: number;
}

export interface ClusterMemory {
  /** The clusters `target` showed before, minus those forgotten; undefined when never probed. */
  recall(target: string, nowMs: number): KnownClusters | undefined;
  /** Records what a probe of `target` saw; clusters not in `seen` are kept as they were. */
  remember(target: string, seen: Iterable<[string, KnownCluster]>): void;
  clear(): void;
  /** Everything remembered, for the memory file (lib/probe/cluster-memory-file.ts). */
  snapshot(): ClusterMemorySnapshot;
  /** Adds a snapshot read back after a restart (what is already known wins when newer). */
  restore(snapshot: ClusterMemorySnapshot): void;
  /** Called after each remember (the file store schedules a write). */
  onChange?: () => void;
}

/** target -> cluster id -> what was known. */
export type ClusterMemorySnapshot = Record<string, Record<string, KnownCluster>>;

export function createClusterMemory(limits: ClusterMemoryLimits = {}): ClusterMemory {
  const maxTargets = limits.maxTargets ?? 16;
  const maxClusters = limits.maxClusters ?? 20_000;
  const forgetAfterMs = limits.forgetAfterMs ?? FORGET_AFTER_MS;
  const targets = new Map<string, KnownClusters>();
  // Map order is use order: re-inserting moves a target (or cluster) to the back.
  const touch = (target: string) => {
    const known: KnownClusters = targets.get(target) ?? new Map();
    targets.delete(target);
    targets.set(target, known);
    while (targets.size > maxTargets) targets.delete(targets.keys().next().value!);
    return known;
  };
  const memory: ClusterMemory = {
    recall(target, nowMs) {
      if (!targets.has(target)) return undefined;
      const known = touch(target);
      for (const [id, c] of known) if (c.lastSeenMs !== undefined && nowMs - c.lastSeenMs > forgetAfterMs) known.delete(id);
      return known;
    },
    remember(target, seen) {
      const known = touch(target);
      for (const [id, c] of seen) {
        const cur = known.get(id);
        known.delete(id);
        const newer = !cur || cur.lastSeenMs === undefined || (c.lastSeenMs !== undefined && c.lastSeenMs > cur.lastSeenMs);
        known.set(id, newer ? c : cur);
      }
      // The clusters dropped first are those seen least recently.
      while (known.size > maxClusters) known.delete(known.keys().next().value!);
      memory.onChange?.();
    },
    clear: () => targets.clear(),
    snapshot: () => Object.fromEntries([...targets].map(([t, known]) => [t, Object.fromEntries(known)])),
    restore(snapshot) {
      for (const [target, clusters] of Object.entries(snapshot)) {
        const known = targets.get(target);
        const restored = new Map(Object.entries(clusters));
        if (known) for (const [id, c] of known) restored.set(id, c);
        targets.set(target, restored);
      }
      while (targets.size > maxTargets) targets.delete(targets.keys().next().value!);
    },
  };
  return memory;
}

/** The process-wide memory the bucket probes and lib/status/collect.ts share. */
export const sharedClusterMemory = createClusterMemory();
const shared = sharedClusterMemory;
export const lastKnownClusters = shared.recall;
export const rememberClusters = shared.remember;
export const clearLastKnown = shared.clear;
