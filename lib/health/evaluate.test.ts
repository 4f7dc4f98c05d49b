import { describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { evaluateClusters, freshnessVerdict, thresholdsFor } from "./evaluate";
import { coverageDays } from "./coverage";
import type { ClusterObservation } from "./observation";

const now = new Date("2026-03-10T12:00:00Z");
const defaults = thresholdsSchema.parse({});
const ago = (s: number) => now.getTime() - s * 1000;

function one(source: "etl" | "thanos" | "amp", lagSeconds: number) {
  const [v] = evaluateClusters({
    source,
    observations: [{ clusterId: "c1", lastSeenMs: ago(lagSeconds) }],
    expectedClusters: ["c1"],
    thresholds: thresholdsFor(source, defaults),
    now,
  });
  return v;
}

describe("freshness thresholds at every edge (injected clock)", () => {
  const cases: Array<["etl" | "thanos" | "amp", number, number]> = [
    ["etl", 3 * 3600, 12 * 3600],
    ["thanos", 3 * 3600, 6 * 3600],
    ["amp", 15 * 60, 60 * 60],
  ];
  for (const [source, lagging, stale] of cases) {
    it(`${source}: lagging edge at ${lagging} s`, () => {
      expect(one(source, lagging - 1).verdict).toBe("healthy");
      expect(one(source, lagging).verdict).toBe("healthy");
      expect(one(source, lagging + 1).verdict).toBe("lagging");
    });
    it(`${source}: stale edge at ${stale} s`, () => {
      expect(one(source, stale - 1).verdict).toBe("lagging");
      expect(one(source, stale).verdict).toBe("lagging");
      expect(one(source, stale + 1).verdict).toBe("stale");
    });
  }

  it("reports lastSeen, lag and a fix only when not healthy", () => {
    const h = one("thanos", 600);
    expect(h).toMatchObject({ verdict: "healthy", lagSeconds: 600, lastSeen: "2026-03-10T11:50:00.000Z", expected: true });
    expect(h.fix).toBeUndefined();
    const s = one("thanos", 7 * 3600);
    expect(s.reason).toContain("7 h ago");
    expect(s.fix).toMatch(/Uploads stopped/);
  });

  it("custom thresholds are honoured", () => {
    const t = { laggingAfterSeconds: 60, staleAfterSeconds: 120 };
    expect(freshnessVerdict(60, t)).toBe("healthy");
    expect(freshnessVerdict(61, t)).toBe("lagging");
    expect(freshnessVerdict(121, t)).toBe("stale");
  });

  it("data from the future (clock skew) counts as fresh and says so", () => {
    const v = one("etl", -120);
    expect(v.verdict).toBe("healthy");
    expect(v.lagSeconds).toBe(0);
    expect(v.reason).toMatch(/future/);
  });
});

describe("expected, missing and unexpected clusters", () => {
  const obs: ClusterObservation[] = [
    { clusterId: "prod-1", lastSeenMs: ago(60) },
    { clusterId: "rogue", lastSeenMs: ago(60) },
  ];
  const run = (expected: string[]) =>
    evaluateClusters({ source: "etl", observations: obs, expectedClusters: expected, thresholds: thresholdsFor("etl", defaults), now });

  it("expected but absent is missing with a fix naming the prefix", () => {
    const out = run(["prod-1", "prod-2"]);
    const missing = out.find((v) => v.clusterId === "prod-2")!;
    expect(missing).toMatchObject({ verdict: "missing", expected: true });
    expect(missing.fix).toContain("federated/prod-2/");
  });

  it("present but not expected is unexpected", () => {
    const out = run(["prod-1", "prod-2"]);
    expect(out.map((v) => [v.clusterId, v.verdict])).toEqual([
      ["prod-1", "healthy"],
      ["prod-2", "missing"],
      ["rogue", "unexpected"],
    ]);
    expect(out.find((v) => v.clusterId === "rogue")!.fix).toContain('Add "rogue"');
  });

  it("without an expected list nobody is unexpected or missing", () => {
    expect(run([]).map((v) => v.verdict)).toEqual(["healthy", "healthy"]);
  });

  it("a cluster prefix without data is stale with the probe's reason", () => {
    const [v] = evaluateClusters({
      source: "etl",
      observations: [{ clusterId: "empty", emptyReason: "federated/empty/ holds no ETL files." }],
      expectedClusters: [],
      thresholds: thresholdsFor("etl", defaults),
      now,
    });
    expect(v).toMatchObject({ verdict: "stale", reason: "federated/empty/ holds no ETL files." });
  });
});

describe("problems beyond freshness", () => {
  const evalWith = (o: ClusterObservation, expected = [o.clusterId]) =>
    evaluateClusters({ source: "thanos", observations: [o], expectedClusters: expected, thresholds: thresholdsFor("thanos", defaults), now }).find(
      (v) => v.clusterId === o.clusterId,
    )!;

  it("an overlap is an error even when fresh, and the fix names both causes", () => {
    const v = evalWith({
      clusterId: "prod-1",
      lastSeenMs: ago(60),
      problems: [{ severity: "error", reason: "2 blocks overlap.", fix: "Two producers share cluster_id prod-1 or two compactors run on this bucket." }],
    });
    expect(v.verdict).toBe("error");
    expect(v.fix).toContain("two compactors");
    expect(v.fix).toContain("cluster_id prod-1");
    expect(v.reason).toContain("2 blocks overlap.");
  });

  it("error wins over unexpected", () => {
    const v = evalWith({ clusterId: "x", lastSeenMs: ago(60), problems: [{ severity: "error", reason: "r", fix: "f" }] }, ["other"]);
    expect(v.verdict).toBe("error");
  });

  it("a zero-byte file reported as an error problem makes the cluster error", () => {
    const [v] = evaluateClusters({
      source: "etl",
      observations: [
        {
          clusterId: "z",
          lastSeenMs: ago(60),
          problems: [{ severity: "error", reason: "1 zero-byte file.", fix: "Delete federated/z/etl/bingen/allocations/1d/1-2." }],
        },
      ],
      expectedClusters: [],
      thresholds: thresholdsFor("etl", defaults),
      now,
    });
    expect(v.verdict).toBe("error");
    expect(v.fix).toContain("allocations/1d/1-2");
  });

  it("notes keep the freshness verdict but add reason and fix", () => {
    const v = evalWith({ clusterId: "n", lastSeenMs: ago(60), problems: [{ severity: "note", reason: "3 blocks marked for deletion.", fix: "Nothing to do." }] });
    expect(v.verdict).toBe("healthy");
    expect(v.reason).toContain("3 blocks marked for deletion.");
    expect(v.fix).toBe("Nothing to do.");
  });
});

describe("coverage", () => {
  it("counts hours per UTC day once, clipped to now", () => {
    const day = Date.parse("2026-03-10T00:00:00Z");
    const h = 3_600_000;
    const cov = coverageDays(
      [
        [day - 86_400_000, day], // yesterday, whole day (1d file)
        [day - 86_400_000, day - 86_400_000 + 5 * h], // 1h files overlapping it
        [day, day + 86_400_000], // today's 1d file: only 12 h have passed
      ],
      now,
      3,
    );
    expect(cov).toEqual([
      { day: "2026-03-08", coveredHours: 0 },
      { day: "2026-03-09", coveredHours: 24 },
      { day: "2026-03-10", coveredHours: 12 },
    ]);
  });
});

describe("problems of severity lagging", () => {
  const run = (o: ClusterObservation) =>
    evaluateClusters({ source: "etl", observations: [o], expectedClusters: [], thresholds: thresholdsFor("etl", defaults), now })[0];
  const lagging = { severity: "lagging" as const, reason: "No new ETL windows.", fix: "Check the ETL." };

  it("turn a healthy verdict lagging and say why", () => {
    const v = run({ clusterId: "c", lastSeenMs: ago(60), problems: [lagging] });
    expect(v.verdict).toBe("lagging");
    expect(v.reason).toContain("No new ETL windows.");
    expect(v.fix).toBe("Check the ETL.");
  });

  it("never improve a worse verdict", () => {
    expect(run({ clusterId: "c", lastSeenMs: ago(13 * 3600), problems: [lagging] }).verdict).toBe("stale");
    expect(run({ clusterId: "c", lastSeenMs: ago(60), problems: [lagging, { severity: "error", reason: "x", fix: "y" }] }).verdict).toBe("error");
  });
});
