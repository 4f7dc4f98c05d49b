import "server-only";

// In-process memory of the clusters each probe target has shown, so a cluster that drops out
// of view (silent past the recent-blocks window while no full scan is at hand, or a probe that
// failed) is reported as stale or error instead of vanishing from the report, and from the
// cluster_verdict series alerts are built on. Bounded: MAX_TARGETS targets (least recently used
// dropped), MAX_CLUSTERS clusters per target, and a cluster is forgotten FORGET_AFTER_MS after it
// was last seen (a retired cluster then stops alerting a week later).

const MAX_TARGETS = 16;
const MAX_CLUSTERS = 20_000;
export const FORGET_AFTER_MS = 7 * 86_400_000;

export interface KnownCluster {
  /** Epoch ms of its newest data when last seen (absent: seen, time unknown). */
  lastSeenMs?: number;
  /** Where that data sits in the store's time order (a Thanos block's ULID time), if it differs. */
  blockTimeMs?: number;
}
export type KnownClusters = Map<string, KnownCluster>;

const targets = new Map<string, KnownClusters>();

export function clearLastKnown(): void {
  targets.clear();
}

/** The clusters `target` showed before, minus those forgotten; undefined when never probed. */
export function lastKnownClusters(target: string, nowMs: number): KnownClusters | undefined {
  const known = targets.get(target);
  if (!known) return undefined;
  targets.delete(target);
  targets.set(target, known);
  for (const [id, c] of known) if (c.lastSeenMs !== undefined && nowMs - c.lastSeenMs > FORGET_AFTER_MS) known.delete(id);
  return known;
}

/** Records what a probe of `target` saw; clusters not in `seen` are kept as they were. */
export function rememberClusters(target: string, seen: Iterable<[string, KnownCluster]>): void {
  const known: KnownClusters = targets.get(target) ?? new Map();
  targets.delete(target);
  targets.set(target, known);
  for (const [id, c] of seen) {
    const cur = known.get(id);
    known.delete(id);
    const newer = !cur || cur.lastSeenMs === undefined || (c.lastSeenMs !== undefined && c.lastSeenMs > cur.lastSeenMs);
    known.set(id, newer ? c : cur);
  }
  // Map order is update order: the clusters dropped first are those seen least recently.
  while (known.size > MAX_CLUSTERS) known.delete(known.keys().next().value!);
  while (targets.size > MAX_TARGETS) targets.delete(targets.keys().next().value!);
}
