import "server-only";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ClusterMemory, ClusterMemorySnapshot } from "./last-known";

// Keeps what the console has seen (clusters per target, their last data time) in one small JSON
// file under the data directory, so a restart does not forget a cluster that went silent before
// it: the first answer after a start can call it stale instead of missing. Written atomically
// (a temporary file renamed over the old one) a moment after each change. A directory that
// cannot be written falls back to memory only, with a warning the page shows; never a crash.

export const MEMORY_FILE = "cluster-memory.json";
const WRITE_DELAY_MS = 2_000;

export interface MemoryFileStore {
  /** Why the memory is not kept on disk (shown on the page), or undefined when it is. */
  problem(): string | undefined;
  /** Writes now (tests, shutdown). */
  flush(): void;
}

export function keepClusterMemoryIn(dir: string, memories: Record<string, ClusterMemory>): MemoryFileStore {
  const file = path.join(dir, MEMORY_FILE);
  let problem: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const fail = (doing: string, err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    problem = `The cluster memory cannot be kept in ${dir} (${doing}: ${code}); it lives in memory only, so a restart forgets clusters that went silent before it. Make FC_DATA_DIR a writable directory (a persistent volume in a cluster).`;
  };

  try {
    mkdirSync(dir, { recursive: true });
    const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, ClusterMemorySnapshot>;
    for (const [name, memory] of Object.entries(memories)) if (saved && typeof saved[name] === "object") memory.restore(saved[name]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // No file yet is the normal first start; an unreadable one is logged and rewritten.
    if (code !== "ENOENT") console.warn(`Cluster memory ${file} could not be read (${code ?? "not JSON"}); starting empty.`);
  }

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const data = Object.fromEntries(Object.entries(memories).map(([name, m]) => [name, m.snapshot()]));
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, file);
      problem = undefined;
    } catch (err) {
      fail("writing", err);
    }
  };
  for (const memory of Object.values(memories)) {
    memory.onChange = () => {
      timer ??= setTimeout(flush, WRITE_DELAY_MS);
      timer.unref();
    };
  }
  // Probe once that the directory takes a write, so the page warns from the first answer.
  flush();
  return { problem: () => problem, flush };
}
