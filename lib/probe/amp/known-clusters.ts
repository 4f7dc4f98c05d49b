import "server-only";
import type { AmpLastSeen } from "@/lib/health/amp";

// The AMP freshness query looks back 24 h (freshness.ts), so a cluster silent for longer simply
// is not in the answer: an unexpected one would vanish from the page, an expected one would read
// "missing" although it used to write. This remembers, per workspace, every cluster this process
// has seen, so one that drops out of the window is reported stale ("not seen in 24 h") and, when
// the query fails, as an error like the expected ones. In-process only: a restart forgets, and a
// cluster silent for FORGET_AFTER_MS is dropped (a decommissioned cluster leaves the page).

export interface KnownClusters {
  /** Records what the query saw; returns the known clusters it did not see, with their last time. */
  update(target: string, seen: AmpLastSeen[], nowMs: number): AmpLastSeen[];
  /** Everything known for the target (used when the query failed). */
  get(target: string, nowMs: number): AmpLastSeen[];
}

export interface KnownClustersLimits {
  /** Workspaces remembered; the least recently probed is forgotten first. */
  maxTargets?: number;
  /** Clusters per workspace; the longest silent is forgotten first. */
  maxClustersPerTarget?: number;
  forgetAfterMs?: number;
}

export const FORGET_AFTER_MS = 30 * 24 * 3600_000;

export function createKnownClusters(limits: KnownClustersLimits = {}): KnownClusters {
  const maxTargets = limits.maxTargets ?? 32;
  const maxClusters = limits.maxClustersPerTarget ?? 5_000;
  const forgetAfter = limits.forgetAfterMs ?? FORGET_AFTER_MS;
  const targets = new Map<string, Map<string, number>>();

  const touch = (target: string) => {
    const known = targets.get(target) ?? new Map<string, number>();
    targets.delete(target); // re-insert: Map order is least recently probed first
    targets.set(target, known);
    while (targets.size > maxTargets) targets.delete(targets.keys().next().value!);
    return known;
  };
  const list = (known: Map<string, number>, nowMs: number, skip?: Set<string>) => {
    for (const [id, at] of known) if (nowMs - at > forgetAfter) known.delete(id);
    return [...known]
      .filter(([id]) => !skip?.has(id))
      .map(([clusterId, lastSeenMs]) => ({ clusterId, lastSeenMs }))
      .sort((a, b) => a.clusterId.localeCompare(b.clusterId));
  };

  return {
    update(target, seen, nowMs) {
      const known = touch(target);
      for (const c of seen) known.set(c.clusterId, Math.max(known.get(c.clusterId) ?? 0, c.lastSeenMs));
      if (known.size > maxClusters) {
        const oldest = [...known].sort((a, b) => a[1] - b[1]).slice(0, known.size - maxClusters);
        for (const [id] of oldest) known.delete(id);
      }
      return list(known, nowMs, new Set(seen.map((c) => c.clusterId)));
    },
    get(target, nowMs) {
      const known = targets.get(target);
      return known ? list(known, nowMs) : [];
    },
  };
}

/** The process-wide memory the status probes share. */
export const knownAmpClusters = createKnownClusters();
