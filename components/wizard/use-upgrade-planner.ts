"use client";

import { useOnDemand, type OnDemand } from "./use-on-demand";

// The upgrade planner (every migration generator, the YAML writer, STEPS.md) loads when the
// admin has a plan to move, not with the /upgrade page (issue 19).

export type UpgradePlanner = typeof import("./upgrade-planner");
const loadUpgradePlanner = (): Promise<UpgradePlanner> => import("./upgrade-planner");

/** The planner once `wanted` (a plan is open), undefined while it loads; `error` if it failed. */
export const useUpgradePlanner = (wanted: boolean): OnDemand<UpgradePlanner> => useOnDemand(loadUpgradePlanner, wanted);
