import type { CoverageDay } from "./types";

// Hours per UTC day covered by uploaded data, for the last `days` days ending today (oldest
// first). Intervals are [startMs, endMs); overlapping files (1h and 1d of the same hours) count
// once.

const DAY_MS = 86_400_000;

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Epoch ms of 00:00 UTC on the first day of the coverage window. */
export function coverageWindowStart(now: Date, days: number): number {
  return startOfUtcDay(now.getTime()) - (days - 1) * DAY_MS;
}

export function coverageDays(intervals: Array<[number, number]>, now: Date, days: number): CoverageDay[] {
  const from = coverageWindowStart(now, days);
  const to = Math.min(from + days * DAY_MS, now.getTime());
  const merged: Array<[number, number]> = [];
  for (const [s0, e0] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(s0, from);
    const e = Math.min(e0, to);
    if (e <= s) continue;
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const out: CoverageDay[] = [];
  for (let d = 0; d < days; d++) {
    const ds = from + d * DAY_MS;
    const de = ds + DAY_MS;
    let covered = 0;
    for (const [s, e] of merged) covered += Math.max(0, Math.min(e, de) - Math.max(s, ds));
    out.push({ day: new Date(ds).toISOString().slice(0, 10), coveredHours: Math.round((covered / 3_600_000) * 10) / 10 });
  }
  return out;
}
