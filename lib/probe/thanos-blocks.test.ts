import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { encodeTime } from "ulid";
import { findOverlaps, isBlockId, parseMeta, type BlockMeta } from "./thanos-blocks";

const H = 3_600_000;
const id = (t: number, r = "0") => encodeTime(t) + r.repeat(16);
const block = (min: number, max: number, extra: Partial<BlockMeta> = {}): BlockMeta => {
  const ulid = id(max + H, String(min % 10));
  return { ulid, minTime: min, maxTime: max, level: 1, sources: [ulid], labels: { cluster_id: "a" }, resolution: 0, source: "sidecar", ...extra };
};

describe("Thanos block helpers", () => {
  it("parses a hand-written sidecar meta.json", () => {
    const m = parseMeta(readFileSync(path.join(__dirname, "testdata/meta-hand-written.json"), "utf8"));
    expect(m).toEqual({
      ulid: "01KEZWYTKVHANDWR1TTEN00001",
      minTime: Date.UTC(2026, 0, 15, 2),
      maxTime: Date.UTC(2026, 0, 15, 4),
      level: 1,
      sources: ["01KEZWYTKVHANDWR1TTEN00001"],
      labels: { cluster_id: "hand-written-1" },
      resolution: 0,
      source: "sidecar",
    });
    expect(isBlockId(m.ulid)).toBe(true);
  });

  it("accepts ULIDs and ignores other names", () => {
    expect(isBlockId("01KEZWYTKVHANDWR1TTEN00001")).toBe(true);
    expect(isBlockId("debug")).toBe(false);
    expect(isBlockId("01KEZWYTKVHANDWR1TTEN0000")).toBe(false);
  });

  it("finds overlaps inside one label set and resolution only", () => {
    const a = block(0, 2 * H);
    const b = block(H, 3 * H); // overlaps a
    const c = block(2 * H, 4 * H, { labels: { cluster_id: "b" } }); // other cluster: fine
    const d = block(H, 3 * H, { resolution: 300_000 }); // other resolution: fine
    const overlaps = findOverlaps([a, b, c, d]);
    expect(overlaps).toHaveLength(1);
    expect([overlaps[0].a.ulid, overlaps[0].b.ulid]).toEqual([a.ulid, b.ulid]);
  });

  it("touching ranges do not overlap", () => {
    expect(findOverlaps([block(0, 2 * H), block(2 * H, 4 * H)])).toEqual([]);
  });

  it("a compacted block and its not-yet-deleted sources are not an overlap", () => {
    const s1 = block(0, 2 * H);
    const s2 = block(2 * H, 4 * H);
    const c = block(0, 4 * H, { level: 2, sources: [s1.ulid, s2.ulid], source: "compactor", ulid: id(10 * H, "Z") });
    expect(findOverlaps([s1, s2, c])).toEqual([]);
  });
});
