import "server-only";
import type { AmpLastSeen } from "@/lib/health/amp";
import { createClusterMemory, type ClusterMemory } from "../last-known";

// The AMP freshness query looks back 24 h (freshness.ts), so a cluster silent for longer simply
// is not in the answer: an unexpected one would vanish from the page, an expected one would read
// "missing" although it used to write. The shared cluster memory (lib/probe/last-known.ts)
// remembers, per workspace, every cluster this process has seen, so one that drops out of the
// window is reported stale ("not seen in 24 h") and, when the query fails, as an error like the
// expected ones. Kept in the memory file when FC_DATA_DIR is set (lib/probe/cluster-memory-file.ts).

export interface KnownClusters {
  /** Records what the query saw; returns the known clusters it did not see, with their last time. */
  update(target: string, seen: AmpLastSeen[], nowMs: number): AmpLastSeen[];
  /** Everything known for the target (used when the query failed). */
  get(target: string, nowMs: number): AmpLastSeen[];
  /** The memory underneath, for the memory file. */
  memory: ClusterMemory;
}

export interface KnownClustersLimits {
  /** Workspaces remembered; the least recently probed is forgotten first. */
  maxTargets?: number;
  /** Clusters per workspace; the least recently seen is forgotten first. */
  maxClustersPerTarget?: number;
  forgetAfterMs?: number;
}

/** AMP keeps clusters longer than the bucket probes: its query window is only 24 h, so this
 * memory is what turns a month-old silence into "stale" rather than nothing. */
export const FORGET_AFTER_MS = 30 * 24 * 3600_000;

export function createKnownClusters(limits: KnownClustersLimits = {}): KnownClusters {
  const memory = createClusterMemory({
    maxTargets: limits.maxTargets ?? 32,
    maxClusters: limits.maxClustersPerTarget ?? 5_000,
    forgetAfterMs: limits.forgetAfterMs ?? FORGET_AFTER_MS,
  });
  const list = (target: string, nowMs: number, skip?: Set<string>): AmpLastSeen[] =>
    [...(memory.recall(target, nowMs) ?? [])]
      .filter(([id, c]) => !skip?.has(id) && c.lastSeenMs !== undefined)
      .map(([clusterId, c]) => ({ clusterId, lastSeenMs: c.lastSeenMs! }))
      .sort((a, b) => a.clusterId.localeCompare(b.clusterId));
  return {
    update(target, seen, nowMs) {
      memory.remember(target, seen.map((c) => [c.clusterId, { lastSeenMs: c.lastSeenMs }]));
      return list(target, nowMs, new Set(seen.map((c) => c.clusterId)));
    },
    get: (target, nowMs) => list(target, nowMs),
    memory,
  };
}

/** The process-wide memory the status probes share. */
export const knownAmpClusters = createKnownClusters();
