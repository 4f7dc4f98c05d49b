import { describe, expect, it } from "vitest";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { ETL_NOT_ADVANCING_FIX, etlProgressProblem } from "./etl-progress";

const now = new Date("2026-03-10T12:00:00Z");
const t = thresholdsSchema.parse({}); // ETL stale after 12 h
const HOUR = 3600;
const ago = (s: number) => now.getTime() - s * 1000;
/** An hourly series whose newest window ended `s` seconds ago, uploaded 10 min ago. */
const hourly = (s: number, uploadedAgo = 600) => etlProgressProblem([{ series: "allocations/1h", endMs: ago(s), resolutionSeconds: HOUR }], ago(uploadedAgo), now, t);

describe("ETL windows not advancing while uploads are fresh (injected clock)", () => {
  it("lagging edge at stale threshold + one resolution", () => {
    expect(hourly(13 * HOUR)).toBeUndefined();
    expect(hourly(13 * HOUR + 1)).toMatchObject({ severity: "lagging", fix: ETL_NOT_ADVANCING_FIX });
  });

  it("error edge at twice the stale threshold + one resolution", () => {
    expect(hourly(25 * HOUR)?.severity).toBe("lagging");
    expect(hourly(25 * HOUR + 1)?.severity).toBe("error");
    expect(hourly(25 * HOUR + 1)?.reason).toMatch(/allocations\/1h\) ended 25 h ago/);
  });

  it("one advancing series per resolution is enough", () => {
    const p = etlProgressProblem(
      [
        { series: "allocations/1h", endMs: ago(40 * HOUR), resolutionSeconds: HOUR },
        { series: "assets/1h", endMs: ago(HOUR), resolutionSeconds: HOUR },
        { series: "allocations/1d", endMs: ago(-10 * HOUR), resolutionSeconds: 24 * HOUR },
      ],
      ago(600),
      now,
      t,
    );
    expect(p).toBeUndefined();
  });

  it("stopped hourly windows are not hidden by today's daily window, which ends tomorrow", () => {
    const p = etlProgressProblem(
      [
        { series: "allocations/1h", endMs: ago(15 * HOUR), resolutionSeconds: HOUR },
        { series: "allocations/1d", endMs: ago(-10 * HOUR), resolutionSeconds: 24 * HOUR },
      ],
      ago(600),
      now,
      t,
    );
    expect(p).toMatchObject({ severity: "lagging" });
    expect(p?.reason).toContain("(allocations/1h) ended 15 h ago");
  });

  it("says nothing when uploads are already stale: the freshness verdict covers it", () => {
    expect(hourly(40 * HOUR, 12 * HOUR)?.severity).toBe("error");
    expect(hourly(40 * HOUR, 12 * HOUR + 1)).toBeUndefined();
  });
});
