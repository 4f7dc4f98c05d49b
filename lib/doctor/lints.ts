import type { ChartRef } from "@/lib/charts/data";
import { valuePaths } from "@/lib/charts/lint";
import { typeMismatches, type ValueType } from "@/lib/charts/types";
import { refusalMessage, refusedKeys } from "./chart-data";

// Type and refused-key lints over a values object (the key lint is lib/charts/lint.ts).

export interface TypeProblem { path: string; want: ValueType; got: ValueType }

/** Value paths whose type differs from the chart default's (lib/charts/types.ts decides), in
 * the doctor's words. */
export function wrongTypes(ref: ChartRef, values: unknown): TypeProblem[] {
  return typeMismatches(ref, values).map(({ path, expected, got }) => ({ path, want: expected, got }));
}

export interface Refusal { path: string; key: string; message: string }

/** Value paths the chart fails the install on, with its message. */
export function refusedPaths(ref: ChartRef, values: unknown): Refusal[] {
  const refused = refusedKeys(ref);
  const out: Refusal[] = [];
  for (const path of valuePaths(values)) {
    const key = Object.keys(refused).find((k) => path === k || path.startsWith(`${k}.`));
    if (key) out.push({ path, key, message: refusalMessage(refused[key]) });
  }
  return out;
}
