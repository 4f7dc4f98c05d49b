import type { Source } from "@/lib/health/types";
import { SOURCE_DEFINITIONS, SOURCE_IDS } from "@/lib/status/sources";

// Ages read the same as the verdict reasons because they come from the same function.
export { formatAge } from "@/lib/health/evaluate";

/** Short names for table cells and filters where space is tight (the source registry's). */
export const SOURCE_SHORT = Object.fromEntries(SOURCE_IDS.map((id) => [id, SOURCE_DEFINITIONS[id].shortLabel])) as Record<Source, string>;

export const SOURCE_LABELS = Object.fromEntries(SOURCE_IDS.map((id) => [id, SOURCE_DEFINITIONS[id].label])) as Record<Source, string>;

/** Local date and time with seconds, so two checks a second apart read differently. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
