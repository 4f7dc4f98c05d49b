import type { ValueType } from "../data";
import { typeOf } from "../types";
import type { ChartPackage } from "./package";

// The type of every default value path: the chart's values.yaml and each subchart's (under its
// alias or name; the parent's own section for a subchart wins, as helm merges it over). Lists are
// not entered (charts read them whole).

function walk(value: unknown, prefix: string, out: Record<string, ValueType>): void {
  if (prefix) out[prefix] = typeOf(value);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k, out);
  }
}

export function deriveTypes(chart: ChartPackage): Record<string, ValueType> {
  const out: Record<string, ValueType> = {};
  for (const sub of chart.subcharts.filter((x) => !x.library)) {
    const own: Record<string, ValueType> = {};
    walk(sub.values, "", own);
    for (const [k, t] of Object.entries(own)) if (!k.startsWith("global.") && k !== "global") out[`${sub.key}.${k}`] = t;
    if (Object.keys(sub.values).length) out[sub.key] = "map";
  }
  walk(chart.values, "", out);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
