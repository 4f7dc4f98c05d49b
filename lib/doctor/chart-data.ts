import refused3 from "@/data/charts/kubecost-3.2.1.refused-2.x-keys.json";
import type { ChartRef } from "@/lib/generate/types";
import { referenceVersionFor } from "@/lib/charts/keys";
import { defaultTypes } from "@/lib/charts/types";

// What the doctor reads per key: the defaults' types (from lib/charts/types.ts) and 3.2.1's
// refused top-level keys with the chart's own message (data/charts, from rendering 3.2.1 with
// helm). lib/charts/refused.ts checks whole values files against the same data.

/** 3.2.1's refusals, with the chart's own message. The entry for `global` as a whole came from
 * 2.8.7's defaults carrying global.prometheus, which has its own entry: it is not a key rule.
 * `extraObjects` failed on 2.8.7's default value (a map), not on the key: 3.2.1 takes the list
 * its values.yaml documents, so the value's type decides (lib/charts/types.ts), as in
 * lib/charts/refused.ts. */
const VALUE_RULES = new Set(["global", "extraObjects"]);
const REFUSED: Record<string, Record<string, string>> = {
  "kubecost-3.2.1": Object.fromEntries(Object.entries(refused3.refused as Record<string, string>).filter(([k]) => !VALUE_RULES.has(k))),
};

const dataKey = (ref: ChartRef) => `${ref.chart}-${referenceVersionFor(ref)}`;

/** The chart defaults' types (lib/charts/types.ts holds the data). */
export const chartTypes = defaultTypes;

export function refusedKeys(ref: ChartRef): Record<string, string> {
  return REFUSED[dataKey(ref)] ?? {};
}

/** The chart's message, trimmed to the sentence after "execution error at (...):". */
export function refusalMessage(raw: string): string {
  const m = /execution error at \([^)]*\): (.*)$/s.exec(raw);
  return (m ? m[1] : raw).trim();
}
