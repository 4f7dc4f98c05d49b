import { beforeEach, describe, expect, it } from "vitest";
import { clearLastKnown, FORGET_AFTER_MS, lastKnownClusters, rememberClusters } from "./last-known";

const t0 = Date.parse("2026-03-10T12:00:00Z");

describe("last-known clusters per target", () => {
  beforeEach(() => clearLastKnown());

  it("keeps the newest time per cluster and clusters not seen this time", () => {
    expect(lastKnownClusters("t", t0)).toBeUndefined();
    rememberClusters("t", [["a", { lastSeenMs: t0 - 1000 }], ["b", { lastSeenMs: t0 - 5000 }]]);
    rememberClusters("t", [["a", { lastSeenMs: t0 - 9000 }]]);
    expect(Object.fromEntries(lastKnownClusters("t", t0)!)).toEqual({ a: { lastSeenMs: t0 - 1000 }, b: { lastSeenMs: t0 - 5000 } });
  });

  it(`forgets a cluster last seen more than ${FORGET_AFTER_MS / 86_400_000} days ago`, () => {
    rememberClusters("t", [["retired", { lastSeenMs: t0 }], ["live", { lastSeenMs: t0 + FORGET_AFTER_MS }]]);
    expect([...lastKnownClusters("t", t0 + FORGET_AFTER_MS)!.keys()]).toEqual(["retired", "live"]);
    expect([...lastKnownClusters("t", t0 + FORGET_AFTER_MS + 1)!.keys()]).toEqual(["live"]);
  });

  it("holds at most 16 targets, dropping the least recently used", () => {
    for (let i = 0; i < 17; i++) rememberClusters(`link-${i}`, [["a", { lastSeenMs: t0 }]]);
    expect(lastKnownClusters("link-0", t0)).toBeUndefined();
    expect(lastKnownClusters("link-16", t0)?.has("a")).toBe(true);
  });
});
