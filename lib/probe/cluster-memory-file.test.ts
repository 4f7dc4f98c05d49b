import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClusterMemory } from "./last-known";
import { keepClusterMemoryIn, MEMORY_FILE } from "./cluster-memory-file";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "fc-memory-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("the cluster memory file", () => {
  it("a restart remembers the clusters seen before, with their last data time", () => {
    const dir = tempDir();
    const before = createClusterMemory();
    const store = keepClusterMemoryIn(dir, { buckets: before });
    before.remember("thanos|b", [["silent-9h", { lastSeenMs: 1_000, blockTimeMs: 900 }], ["alive", { lastSeenMs: 5_000 }]]);
    store.flush();
    expect(store.problem()).toBeUndefined();

    const after = createClusterMemory();
    keepClusterMemoryIn(dir, { buckets: after });
    expect(Object.fromEntries(after.recall("thanos|b", 6_000)!)).toEqual({ "silent-9h": { lastSeenMs: 1_000, blockTimeMs: 900 }, alive: { lastSeenMs: 5_000 } });
  });

  it("is written atomically: a half-written file never replaces the last good one", () => {
    const dir = tempDir();
    const memory = createClusterMemory();
    const store = keepClusterMemoryIn(dir, { buckets: memory });
    memory.remember("t", [["a", { lastSeenMs: 1 }]]);
    store.flush();
    expect(JSON.parse(readFileSync(path.join(dir, MEMORY_FILE), "utf8"))).toEqual({ buckets: { t: { a: { lastSeenMs: 1 } } } });
  });

  it("a corrupt file starts empty and is rewritten, without a crash", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, MEMORY_FILE), "\u0000not json");
    const memory = createClusterMemory();
    const store = keepClusterMemoryIn(dir, { buckets: memory });
    expect(memory.recall("t", 0)).toBeUndefined();
    expect(store.problem()).toBeUndefined();
  });

  // Root ignores directory permissions (the CI container runs as root), so "unwritable" is a
  // path that cannot be a directory.
  it("an unwritable data directory falls back to memory with a warning, never a crash", () => {
    const dir = tempDir();
    const file = path.join(dir, "not-a-dir");
    writeFileSync(file, "x");
    const memory = createClusterMemory();
    const store = keepClusterMemoryIn(file, { buckets: memory });
    expect(store.problem()).toMatch(/^The cluster memory cannot be kept in .*not-a-dir \(writing: (ENOTDIR|EEXIST)\); it lives in memory only/);
    memory.remember("t", [["a", { lastSeenMs: 1 }]]);
    store.flush();
    expect(memory.recall("t", 2)?.get("a")).toEqual({ lastSeenMs: 1 });
  });
});
