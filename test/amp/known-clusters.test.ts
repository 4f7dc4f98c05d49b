import { describe, expect, it } from "vitest";
import { createKnownClusters, FORGET_AFTER_MS } from "@/lib/probe/amp/known-clusters";

// The per-workspace memory of clusters the AMP probe has seen: what it returns, and that it
// stays bounded however many workspaces and clusters links bring in.

const seen = (ids: string[], at: number) => ids.map((clusterId) => ({ clusterId, lastSeenMs: at }));
const ids = (list: { clusterId: string }[]) => list.map((c) => c.clusterId);

describe("known AMP clusters", () => {
  it("returns the known clusters a probe did not see, with their last time", () => {
    const known = createKnownClusters();
    expect(known.update("ws-a", seen(["a", "b"], 1_000), 2_000)).toEqual([]);
    expect(known.update("ws-a", seen(["a"], 5_000), 6_000)).toEqual([{ clusterId: "b", lastSeenMs: 1_000 }]);
    expect(known.get("ws-a", 6_000)).toEqual([{ clusterId: "a", lastSeenMs: 5_000 }, { clusterId: "b", lastSeenMs: 1_000 }]);
    // Per workspace: another workspace knows nothing of these.
    expect(known.get("ws-b", 6_000)).toEqual([]);
  });

  it("forgets a cluster silent for FORGET_AFTER_MS", () => {
    const known = createKnownClusters();
    known.update("ws-a", seen(["old", "new"], 0), 0);
    known.update("ws-a", seen(["new"], FORGET_AFTER_MS), FORGET_AFTER_MS);
    expect(ids(known.get("ws-a", FORGET_AFTER_MS + 1))).toEqual(["new"]);
  });

  it("keeps at most maxTargets workspaces and maxClustersPerTarget clusters", () => {
    const known = createKnownClusters({ maxTargets: 2, maxClustersPerTarget: 3 });
    known.update("ws-1", seen(["x"], 1), 1);
    known.update("ws-2", seen(["x"], 1), 1);
    known.update("ws-1", seen(["x"], 2), 2); // ws-1 probed again: ws-2 is now the oldest
    known.update("ws-3", seen(["x"], 3), 3);
    expect([known.get("ws-1", 3).length, known.get("ws-2", 3).length, known.get("ws-3", 3).length]).toEqual([1, 0, 1]);

    known.update("ws-1", [{ clusterId: "a", lastSeenMs: 10 }, { clusterId: "b", lastSeenMs: 30 }, { clusterId: "c", lastSeenMs: 20 }], 40);
    // Four clusters known (x, a, b, c): the longest silent (x) goes.
    expect(ids(known.get("ws-1", 40))).toEqual(["a", "b", "c"]);
  });
});
