import { chartRefusals, type ChartRef, type Condition, type RefusalData } from "./data";
import { getPath } from "@/lib/values/tree";

// Values a chart version refuses at install time with `fail`, and the chart's own message
// (data/charts/<chart>/<version>/refused.json). One reading for the generators' tests, the
// doctor (lib/doctor/chart-data.ts adapts it) and the JSON Schema of the values.

export interface Refusal {
  /** The value path the chart refuses (or whose value it refuses). */
  path: string;
  /** The chart's own message, then where it comes from. */
  message: string;
}

const get = getPath;
const present = (values: unknown, path: string) => get(values, path) !== undefined && get(values, path) !== null;

export function holds(c: Condition, values: unknown): boolean {
  if ("set" in c) return present(values, c.set);
  if ("unset" in c) return !present(values, c.unset);
  if ("equals" in c) return (get(values, c.equals) ?? c.default) === c.value;
  if ("all" in c) return c.all.every((x) => holds(x, values));
  if ("any" in c) return c.any.some((x) => holds(x, values));
  return !holds(c.not, values);
}

const refusedBy = (r: RefusalData, values: unknown) => (r.when ? holds(r.when, values) : present(values, r.path));

/** The refusals that need only the key itself set (no other condition), with the chart's bare
 * message: the doctor's per-key list and the schema's `not` rules. */
export function keyRefusals(ref: ChartRef): RefusalData[] {
  return chartRefusals(ref).filter((r) => !r.when);
}

/** The refusals that need other values too (`when`): the schema's if/then rules. */
export function conditionalRefusals(ref: ChartRef): (RefusalData & { when: Condition })[] {
  return chartRefusals(ref).filter((r): r is RefusalData & { when: Condition } => !!r.when);
}

const withSource = (r: RefusalData): Refusal => ({ path: r.path, message: r.source ? `${r.message} (${r.source})` : r.message });

/** The keys the chart version would refuse in these values, with its own message: dropping each
 * cures it. Empty: installs, unless a value it needs is missing (`missingBeside`). */
export function refusedKeys(ref: ChartRef, values: unknown): Refusal[] {
  return chartRefusals(ref).filter((r) => !r.needs && refusedBy(r, values)).map(withSource);
}

/** Keys set without a value the chart needs beside them (an Enterprise key without
 * `global.acknowledged`): the fix is to add it. */
export function missingBeside(ref: ChartRef, values: unknown): (Refusal & { needs: { path: string; value: unknown }[] })[] {
  return chartRefusals(ref).filter((r) => r.needs && refusedBy(r, values)).map((r) => ({ ...withSource(r), needs: r.needs! }));
}

/** The chart's message, trimmed to the sentence after "execution error at (...):". */
export function refusalMessage(raw: string): string {
  const m = /execution error at \([^)]*\): (.*)$/s.exec(raw);
  return (m ? m[1] : raw).trim();
}
