import type { Thresholds } from "@/lib/health/thresholds";
import type { ClusterProblem } from "./observation";
import { formatAge } from "./evaluate";

// An agent can keep uploading while its ETL no longer builds new windows (it rewrites old ones),
// so upload time alone says healthy. Per resolution, the newest window of its furthest series
// should end within the ETL stale threshold plus one resolution (a window is written after it
// ends). Per resolution, because today's daily window ends tomorrow and would hide hourly
// windows that stopped. Beyond that the cluster is at least lagging; beyond twice the stale
// threshold (a day of cost data missing by default) it is an error: the data is a day behind
// while everything looks uploaded. Only while uploads are not already stale: then the
// freshness verdict says it all. (Kubecost deletes hourly files after 49 h, so a resolution the
// agent stopped writing on purpose leaves the picture within two days.)

export interface NewestWindow {
  series: string; // "<pipeline>/<resolution>"
  endMs: number;
  resolutionSeconds: number;
}

export const ETL_NOT_ADVANCING_FIX = "The agent uploads but its ETL is not advancing: check the cost-model logs for ETL build errors.";

export function etlProgressProblem(windows: NewestWindow[], lastUploadMs: number | undefined, now: Date, t: Thresholds): ClusterProblem | undefined {
  if (windows.length === 0 || lastUploadMs === undefined) return undefined;
  if ((now.getTime() - lastUploadMs) / 1000 > t.etlStaleAfterSeconds) return undefined;
  // Per resolution the series furthest along decides; the resolution furthest behind is reported.
  const byResolution = new Map<number, { w: NewestWindow; behind: number }>();
  for (const w of windows) {
    const behind = (now.getTime() - w.endMs) / 1000 - w.resolutionSeconds;
    const cur = byResolution.get(w.resolutionSeconds);
    if (!cur || behind < cur.behind) byResolution.set(w.resolutionSeconds, { w, behind });
  }
  const best = [...byResolution.values()].reduce<{ w: NewestWindow; behind: number } | undefined>((a, b) => (!a || b.behind > a.behind ? b : a), undefined);
  if (!best || best.behind <= t.etlStaleAfterSeconds) return undefined;
  const endedAgo = (now.getTime() - best.w.endMs) / 1000;
  return {
    severity: best.behind > 2 * t.etlStaleAfterSeconds ? "error" : "lagging",
    reason: `Uploads are recent, but the newest data window (${best.w.series}) ended ${formatAge(endedAgo)} ago: no new ETL windows are being built.`,
    fix: ETL_NOT_ADVANCING_FIX,
  };
}
