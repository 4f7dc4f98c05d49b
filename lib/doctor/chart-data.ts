import type { ChartRef } from "@/lib/charts/data";
import { keyRefusals } from "@/lib/charts/refused";

// What the doctor reads per key: the defaults' types and the keys the target refuses with the
// chart's own message. One reading of the data: lib/charts (data/charts/<chart>/<version>).

export { defaultTypes as chartTypes } from "@/lib/charts/data";
export { refusalMessage } from "@/lib/charts/refused";

/** The keys the target refuses whenever they are set: path -> the chart's message. */
export function refusedKeys(ref: ChartRef): Record<string, string> {
  return Object.fromEntries(keyRefusals(ref).map((r) => [r.path, r.message]));
}
