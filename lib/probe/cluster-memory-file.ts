import "server-only";
import type { ClusterMemory, ClusterMemorySnapshot } from "./last-known";
import { keepStateFile, type MemoryFileStore } from "./state-file";
import { keepThanosIndexIn } from "./thanos-index-file";

// Keeps what the console has seen (clusters per target, their last data time) in one small JSON
// file under the data directory, so a restart does not forget a cluster that went silent before
// it: the first answer after a start can call it stale instead of missing (lib/probe/state-file.ts
// writes it).

export type { MemoryFileStore } from "./state-file";
export const MEMORY_FILE = "cluster-memory.json";

export function keepClusterMemoryIn(dir: string, memories: Record<string, ClusterMemory>): MemoryFileStore {
  return keepStateFile(dir, {
    file: MEMORY_FILE,
    what: "cluster memory",
    loss: "a restart forgets clusters that went silent before it",
    restore(saved) {
      const snapshots = saved as Record<string, ClusterMemorySnapshot>;
      for (const [name, memory] of Object.entries(memories)) if (snapshots && typeof snapshots[name] === "object") memory.restore(snapshots[name]);
    },
    snapshot: () => Object.fromEntries(Object.entries(memories).map(([name, m]) => [name, m.snapshot()])),
    onChange(schedule) {
      for (const memory of Object.values(memories)) memory.onChange = schedule;
    },
  });
}

/** Everything the console keeps in FC_DATA_DIR: the cluster memory and the Thanos block index. */
export function keepStateIn(dir: string, memories: Record<string, ClusterMemory>): MemoryFileStore {
  const stores = [keepClusterMemoryIn(dir, memories), keepThanosIndexIn(dir)];
  return { problem: () => stores.map((s) => s.problem()).find(Boolean), flush: () => stores.forEach((s) => s.flush()) };
}
