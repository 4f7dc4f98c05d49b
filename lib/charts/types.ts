import costAnalyzer1 from "@/data/charts/cost-analyzer-1.108.1.types.json";
import costAnalyzer24 from "@/data/charts/cost-analyzer-2.4.2.types.json";
import costAnalyzer28 from "@/data/charts/cost-analyzer-2.8.7.types.json";
import costAnalyzer29 from "@/data/charts/cost-analyzer-2.9.7.types.json";
import kubecost3 from "@/data/charts/kubecost-3.2.1.types.json";
import stevehipwellThanos from "@/data/charts/stevehipwell-thanos-1.24.1.types.json";
import kubePrometheusStack from "@/data/charts/kube-prometheus-stack-88.5.3.types.json";
import bitnamiThanos from "@/data/charts/bitnami-thanos-17.6.0.types.json";
import type { ChartRef } from "@/lib/generate/types";
import { referenceVersionFor } from "./keys";

// The type of every default value path of each chart version (map, list, string, number, bool;
// null: the default is empty, any type goes). A generated value of another type is what breaks a
// template at install time (`range` over a string, `toYaml` of a map where a list belongs).

export type ValueType = "map" | "list" | "string" | "number" | "bool" | "null";
type TypeTable = Record<string, ValueType>;
// Null-prototype tables: a user's path such as `toString` finds no inherited function (issue 15).
const table = (t: { types: Record<string, string> }) => Object.assign(Object.create(null), t.types) as TypeTable;

const TYPES: Record<ChartRef["chart"], Record<string, TypeTable>> = {
  "cost-analyzer": { "1.108.1": table(costAnalyzer1), "2.4.2": table(costAnalyzer24), "2.8.7": table(costAnalyzer28), "2.9.7": table(costAnalyzer29) },
  kubecost: { "3.2.1": table(kubecost3) },
  "stevehipwell-thanos": { "1.24.1": table(stevehipwellThanos) },
  "kube-prometheus-stack": { "88.5.3": table(kubePrometheusStack) },
  "bitnami-thanos": { "17.6.0": table(bitnamiThanos) },
};

/** Every default value path's type for a chart version. */
export function defaultTypes(ref: ChartRef): Readonly<Record<string, ValueType>> {
  return TYPES[ref.chart][referenceVersionFor(ref)];
}

/** The type of a value path's default, or undefined when the defaults do not declare it. */
export function defaultType(ref: ChartRef, path: string): ValueType | undefined {
  return TYPES[ref.chart][referenceVersionFor(ref)][path];
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
