import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cachedFullScan, cachedScanKeys, clearFullScanCache, MAX_CACHED_SCANS, type FullScan } from "./thanos-scan";

// The cache itself (the scans behind it are covered against fauxqs in thanos.test.ts).
const MIN = 60_000;
const scanNow = (): FullScan => ({ finishedAtMs: Date.now(), durationMs: 1, blocks: [], ignoredNames: [], metaErrors: 0 });

describe("full-scan cache bounds", () => {
  beforeEach(() => {
    clearFullScanCache();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-10T12:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  const scan = (key: string, runs: string[]) => cachedFullScan(key, 15 * MIN, "await", 0, async () => (runs.push(key), scanNow()));

  it(`keeps at most ${MAX_CACHED_SCANS} scans and drops the least recently used`, async () => {
    const runs: string[] = [];
    for (let i = 0; i < MAX_CACHED_SCANS; i++) await scan(`link-${i}`, runs);
    await scan("link-0", runs); // used again: now the most recent
    await scan("link-new", runs);
    expect(cachedScanKeys()).toHaveLength(MAX_CACHED_SCANS);
    expect(cachedScanKeys()).not.toContain("link-1");
    expect(cachedScanKeys()).toContain("link-0");
    // link-0 was served from the cache; link-1 must scan again.
    await scan("link-0", runs);
    await scan("link-1", runs);
    expect(runs.filter((k) => k === "link-0")).toHaveLength(1);
    expect(runs.filter((k) => k === "link-1")).toHaveLength(2);
  });

  it("evicts a scan unused for twice its interval, keeps one used within it", async () => {
    const runs: string[] = [];
    await scan("old-link", runs);
    await scan("own", runs);
    vi.setSystemTime(Date.now() + 20 * MIN);
    await scan("own", runs); // a page load keeps the server's own target alive
    vi.setSystemTime(Date.now() + 10 * MIN + 1); // old-link now unused for 30 min + 1 ms
    await scan("own", runs);
    expect(cachedScanKeys()).toEqual(["own"]);
  });
});
