import { parse } from "yaml";
import { validatePlan } from "@/lib/plan/validate";
import type { FederationPlan, FederationPlanInput } from "@/lib/plan/schema";
import type { GeneratedCommand, GeneratedPlan } from "../../lib/generate/types";

/** Validates a plan literal (tests build plans the way the wizard does). */
export function planFrom(input: FederationPlanInput): FederationPlan {
  const r = validatePlan(input);
  if (!r.ok) throw new Error(`test plan is invalid: ${JSON.stringify(r.problems)}`);
  return r.value;
}

export const allFiles = (g: GeneratedPlan) => g.steps.flatMap((s) => s.files);
export const allCommands = (g: GeneratedPlan) => g.steps.flatMap((s) => s.commands);

/** Parsed YAML of the one file at `path` (throws when absent, so a renamed file fails loudly). */
export function yamlFile(g: GeneratedPlan, path: string): Record<string, unknown> {
  const f = allFiles(g).find((x) => x.path === path);
  if (!f) throw new Error(`no file ${path}; have ${[...new Set(allFiles(g).map((x) => x.path))].join(", ")}`);
  return parse(f.content) as Record<string, unknown>;
}

/** Reads a dotted path from parsed values; keys with dots (annotations) are given as arrays. */
export function at(obj: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Literal text of a command's words (templates keep their ${VAR}). */
export const words = (c: GeneratedCommand) => c.argv.map((w) => (typeof w === "string" ? w : w.template));

/** The value that follows `flag` in a command (first occurrence). */
export function flagValue(c: GeneratedCommand, flag: string): string | undefined {
  const w = words(c);
  const i = w.indexOf(flag);
  return i >= 0 ? w[i + 1] : undefined;
}

export const flagValues = (c: GeneratedCommand, flag: string) => words(c).flatMap((w, i, all) => (w === flag && i + 1 < all.length ? [all[i + 1]] : []));

/** Every dotted key path in a YAML-ish value, for "no such key anywhere" checks. */
export function keyPaths(value: unknown, prefix = ""): string[] {
  if (!value || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, prefix));
  return Object.entries(value).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...keyPaths(v, p)];
  });
}

/** A copy of a plan input with the field at a dotted path ("clusters.1.id") set to value. */
export function withValue<T extends Record<string, unknown>>(p: T, dotted: string, value: string): T {
  const copy = structuredClone(p);
  const keys = dotted.split(".");
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((x, k) => x[k] as Record<string, unknown>, copy);
  parent[keys[keys.length - 1]] = value;
  return copy;
}
