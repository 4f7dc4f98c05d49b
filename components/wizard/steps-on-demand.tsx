"use client";

import type { ReactNode } from "react";
import type { OnDemand } from "./use-on-demand";

// The wizard's two heaviest steps load when the admin is one step away (wizard-client.tsx), not
// with the page (issue 19): the cluster list (a virtualized table and the fleet import) and the
// output (every generator, the YAML writer, the zip).

export type ClustersStepModule = typeof import("./clusters-step");
export type OutputStepModule = typeof import("./output-step");
export const loadClustersStep = (): Promise<ClustersStepModule> => import("./clusters-step");
export const loadOutputStep = (): Promise<OutputStepModule> => import("./output-step");

/** The step once its code is here; a line saying it loads, or why it could not. */
export function StepOnDemand<T>({ loaded, children }: { loaded: OnDemand<T>; children: (module: T) => ReactNode }) {
  if (loaded.module) return children(loaded.module);
  if (loaded.error) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        This step could not be loaded ({loaded.error}). Reload the page: the plan is kept in the address and in this browser.
      </p>
    );
  }
  return (
    <p role="status" aria-busy="true" className="text-sm text-slate-600 dark:text-slate-400">
      Loading this step…
    </p>
  );
}
