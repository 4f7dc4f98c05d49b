"use client";

import { deadDefaultsNotice } from "@/lib/charts/images";
import type { KubecostLine } from "@/lib/plan/kubecost-lines";

/** The chart version's notice about default images that no longer pull (lib/charts/images.ts),
 * with a button to the line's verified version when that is another one. */
export function ImagesNotice({ chart, version, verified, onUseVerified }: { chart: KubecostLine["chart"]; version: string; verified: string; onUseVerified: () => void }) {
  let notice: string | undefined;
  try {
    notice = /^\d+\.\d+\.\d+$/.test(version) ? deadDefaultsNotice({ chart, version }) : undefined;
  } catch {
    notice = undefined; // a version the console holds no data for: the version field says so
  }
  if (!notice) return null;
  return (
    <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 md:col-span-2 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
      <p>{notice}</p>
      {version !== verified ? (
        <button type="button" onClick={onUseVerified} className="rounded border border-amber-600 px-2 py-1 text-xs font-medium hover:bg-amber-100 dark:hover:bg-amber-900">
          Use {verified} (its images pull from icr.io and quay.io)
        </button>
      ) : (
        <p>For a fresh install choose a newer line above; an existing install keeps its status page.</p>
      )}
    </div>
  );
}
