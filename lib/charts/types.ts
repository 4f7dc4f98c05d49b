import { defaultTypes, type ChartRef, type ValueType } from "./data";

// The type of every default value path of each chart version (map, list, string, number, bool;
// null: the default is empty, any type goes). A generated value of another type is what breaks a
// template at install time (`range` over a string, `toYaml` of a map where a list belongs).
// data/charts/<chart>/<version>/types.json holds them; lib/charts/data.ts loads them.

export { defaultTypes, type ValueType };

/** The type of a value path's default, or undefined when the defaults do not declare it. */
export function defaultType(ref: ChartRef, path: string): ValueType | undefined {
  return defaultTypes(ref)[path];
}

export function typeOf(v: unknown): ValueType {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return "map";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  return "string";
}

export interface TypeMismatch {
  path: string;
  expected: ValueType;
  got: ValueType;
}

/** Every path in `values` whose type differs from the chart default's. A null value is fine (helm
 * deletes the default key) and so is any value where the default is null. Lists are not entered. */
export function typeMismatches(ref: ChartRef, values: unknown, prefix = ""): TypeMismatch[] {
  if (values === null || typeof values !== "object" || Array.isArray(values)) return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    const expected = defaultType(ref, path);
    const got = typeOf(v);
    if (expected && expected !== "null" && got !== "null" && expected !== got) return [{ path, expected, got }];
    return got === "map" ? typeMismatches(ref, v, path) : [];
  });
}
