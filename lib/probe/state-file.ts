import "server-only";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

// A snapshot of in-process state kept in one JSON file under the data directory (FC_DATA_DIR):
// read back at start, written atomically (a temporary file renamed over the old one) a moment
// after each change. A directory that cannot be written falls back to memory only, with a
// warning the page shows; an unreadable file is ignored with a warning; never a crash.

const WRITE_DELAY_MS = 2_000;

export interface MemoryFileStore {
  /** Why the state is not kept on disk (shown on the page), or undefined when it is. */
  problem(): string | undefined;
  /** Writes now (tests, shutdown). */
  flush(): void;
}

export interface StateFile {
  /** The file's name in the data directory. */
  file: string;
  /** What is kept, for the warnings: "cluster memory". */
  what: string;
  /** What a restart loses without the file, for the warning. */
  loss: string;
  /** Takes the parsed file back; throws a short reason when it is not usable (then ignored). */
  restore(saved: unknown): void;
  snapshot(): unknown;
  /** Registers the callback that schedules a write after a change. */
  onChange(schedule: () => void): void;
}

/** Reads `state.file` from `dir` into the state, then rewrites it atomically after each change. */
export function keepStateFile(dir: string, state: StateFile): MemoryFileStore {
  const file = path.join(dir, state.file);
  let problem: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const fail = (doing: string, err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    problem = `The ${state.what} cannot be kept in ${dir} (${doing}: ${code}); it lives in memory only, so ${state.loss}. Make FC_DATA_DIR a writable directory (a persistent volume in a cluster).`;
  };

  try {
    mkdirSync(dir, { recursive: true });
    state.restore(JSON.parse(readFileSync(file, "utf8")));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // No file yet is the normal first start; an unreadable one is logged and rewritten.
    if (code !== "ENOENT") console.warn(`The ${state.what} in ${file} was ignored (${code ?? (err instanceof SyntaxError ? "not JSON" : (err as Error).message)}); starting empty.`);
  }

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(state.snapshot()));
      renameSync(tmp, file);
      problem = undefined;
    } catch (err) {
      fail("writing", err);
    }
  };
  state.onChange(() => {
    timer ??= setTimeout(flush, WRITE_DELAY_MS);
    timer.unref();
  });
  // Probe once that the directory takes a write, so the page warns from the first answer.
  flush();
  return { problem: () => problem, flush };
}

