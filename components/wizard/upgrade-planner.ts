// What /upgrade imports on demand (use-upgrade-planner.ts): the migration generators.
export { buildUpgradeBundle, generateUpgrade } from "@/lib/generate/upgrade";
export { planOnLine } from "@/lib/generate/upgrade/common";
