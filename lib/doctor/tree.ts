// Values as leaves with their key segments (annotation names hold dots, so paths are kept as
// segment lists and joined only for display and for the chart-key lookups).

export type Values = Record<string, unknown>;
export interface Leaf { segments: string[]; path: string; value: unknown }

const isMap = (v: unknown): v is Values => v !== null && typeof v === "object" && !Array.isArray(v);

/** Leaves of a values object; arrays and empty maps are leaves (charts read them whole), as in lib/charts/lint.ts. */
export function leaves(v: unknown, segments: string[] = []): Leaf[] {
  if (!isMap(v) || Object.keys(v).length === 0) return segments.length ? [{ segments, path: segments.join("."), value: v }] : [];
  return Object.entries(v).flatMap(([k, child]) => leaves(child, [...segments, k]));
}

export function getAt(v: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>((o, k) => (isMap(o) ? o[k] : undefined), v);
}

export function setAt(target: Values, segments: string[], value: unknown): void {
  let o = target;
  segments.slice(0, -1).forEach((k) => {
    if (!isMap(o[k])) o[k] = {};
    o = o[k] as Values;
  });
  o[segments[segments.length - 1]] = value;
}

export const hasAt = (v: unknown, segments: string[]) => getAt(v, segments) !== undefined;
