import costAnalyzer1 from "@/data/charts/cost-analyzer-1.108.1.types.json";
import costAnalyzer24 from "@/data/charts/cost-analyzer-2.4.2.types.json";
import costAnalyzer28 from "@/data/charts/cost-analyzer-2.8.7.types.json";
import costAnalyzer29 from "@/data/charts/cost-analyzer-2.9.7.types.json";
import kubecost3 from "@/data/charts/kubecost-3.2.1.types.json";
import refused3 from "@/data/charts/kubecost-3.2.1.refused-2.x-keys.json";
import type { ChartRef } from "@/lib/generate/types";
import { referenceVersionFor } from "@/lib/charts/keys";

// The type and refused-key data of the Kubecost charts (data/charts, derived from each tag's
// chart defaults and from rendering 3.2.1 with helm). Until lib/charts grows its own type and
// refused-key lints, the doctor and the federated-storage tests read the data through here.

export type ValueType = "map" | "list" | "string" | "number" | "bool" | "null";

const TYPES: Record<string, Record<string, string>> = {
  "cost-analyzer-1.108.1": costAnalyzer1.types,
  "cost-analyzer-2.4.2": costAnalyzer24.types,
  "cost-analyzer-2.8.7": costAnalyzer28.types,
  "cost-analyzer-2.9.7": costAnalyzer29.types,
  "kubecost-3.2.1": kubecost3.types,
};

/** 3.2.1's refusals, with the chart's own message. The entry for `global` as a whole came from
 * 2.8.7's defaults carrying global.prometheus, which has its own entry: it is not a key rule. */
const REFUSED: Record<string, Record<string, string>> = {
  "kubecost-3.2.1": Object.fromEntries(Object.entries(refused3.refused as Record<string, string>).filter(([k]) => k !== "global")),
};

const dataKey = (ref: ChartRef) => `${ref.chart}-${referenceVersionFor(ref)}`;

export function chartTypes(ref: ChartRef): Record<string, string> {
  return TYPES[dataKey(ref)] ?? {};
}

export function refusedKeys(ref: ChartRef): Record<string, string> {
  return REFUSED[dataKey(ref)] ?? {};
}

/** The chart's message, trimmed to the sentence after "execution error at (...):". */
export function refusalMessage(raw: string): string {
  const m = /execution error at \([^)]*\): (.*)$/s.exec(raw);
  return (m ? m[1] : raw).trim();
}
