import type { ChartRef } from "@/lib/generate/types";
import { valuePaths } from "@/lib/charts/lint";
import { chartTypes, refusalMessage, refusedKeys, type ValueType } from "./chart-data";

// Type and refused-key lints over a values object (the key lint is lib/charts/lint.ts).

export function typeOf(v: unknown): ValueType {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return "map";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  return "string";
}

export interface TypeProblem { path: string; want: string; got: ValueType }

/** Value paths whose type differs from the chart default's (a map where the chart has a string,
 * "true" where it has a bool). A null default takes any type. */
export function wrongTypes(ref: ChartRef, values: unknown): TypeProblem[] {
  const types = chartTypes(ref);
  const out: TypeProblem[] = [];
  const visit = (v: unknown, path: string) => {
    const want = path ? types[path] : "map";
    const got = typeOf(v);
    if (path && want && want !== "null" && want !== got) {
      out.push({ path, want, got });
      return;
    }
    if (got === "map") for (const [k, child] of Object.entries(v as Record<string, unknown>)) visit(child, path ? `${path}.${k}` : k);
  };
  visit(values, "");
  return out;
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
