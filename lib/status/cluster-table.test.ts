import { describe, expect, it } from "vitest";
import type { ClusterVerdict, Source, Verdict } from "@/lib/health/types";
import { DEFAULT_QUERY, queryClusters } from "./cluster-table";

const c = (clusterId: string, source: Source, verdict: Verdict, lastSeen?: string): ClusterVerdict => ({
  clusterId,
  source,
  verdict,
  reason: "",
  expected: true,
  lastSeen,
});

const rows = [
  c("prod-b", "etl", "healthy", "2026-01-10T11:00:00Z"),
  c("prod-a", "etl", "stale", "2026-01-09T11:00:00Z"),
  c("dr-1", "etl", "missing"),
  c("prod-a", "thanos", "healthy", "2026-01-10T10:00:00Z"),
  c("edge-9", "amp", "error", "2026-01-10T09:00:00Z"),
];
const ids = (r: ClusterVerdict[]) => r.map((x) => `${x.source}:${x.clusterId}`);

describe("queryClusters", () => {
  it("puts the worst verdicts first by default, ties by id", () => {
    expect(ids(queryClusters([...rows], DEFAULT_QUERY))).toEqual([
      "amp:edge-9",
      "etl:dr-1",
      "etl:prod-a",
      "thanos:prod-a",
      "etl:prod-b",
    ]);
  });

  it("filters by verdict and source together", () => {
    expect(ids(queryClusters([...rows], { ...DEFAULT_QUERY, verdicts: ["healthy"] }))).toEqual(["thanos:prod-a", "etl:prod-b"]);
    expect(ids(queryClusters([...rows], { ...DEFAULT_QUERY, verdicts: ["healthy"], sources: ["thanos"] }))).toEqual(["thanos:prod-a"]);
  });

  it("searches ids case-insensitively", () => {
    expect(ids(queryClusters([...rows], { ...DEFAULT_QUERY, search: " PROD-A " }))).toEqual(["etl:prod-a", "thanos:prod-a"]);
    expect(queryClusters([...rows], { ...DEFAULT_QUERY, search: "nothing" })).toEqual([]);
  });

  it("sorts by id descending and by last seen with never-seen oldest", () => {
    expect(ids(queryClusters([...rows], { ...DEFAULT_QUERY, sort: "clusterId", descending: true }))[0]).toBe("etl:prod-b");
    expect(ids(queryClusters([...rows], { ...DEFAULT_QUERY, sort: "lastSeen" }))).toEqual([
      "etl:dr-1",
      "etl:prod-a",
      "amp:edge-9",
      "thanos:prod-a",
      "etl:prod-b",
    ]);
  });

  it("handles 1,000 clusters quickly", () => {
    const many = Array.from({ length: 1000 }, (_, i) => c(`cluster-${i}`, i % 2 ? "etl" : "thanos", i % 7 ? "healthy" : "stale"));
    const t = performance.now();
    for (let i = 0; i < 20; i++) queryClusters([...many], { ...DEFAULT_QUERY, search: "9" });
    expect((performance.now() - t) / 20).toBeLessThan(16);
  });
});
