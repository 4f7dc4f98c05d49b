// One value tree for everything that turns user data (a pasted values file, a plan, a config file,
// a CSV header) into objects: reads see own properties only, writes build null-prototype maps, and
// the keys that reach Object.prototype are refused with a message (issue 15: a values file with
// `__proto__:` once wrote onto Object.prototype in the tab and changed every later report).
// Paths are segment lists (annotation names hold dots); dotted strings are for fixed, known paths.

export type Values = Record<string, unknown>;
export interface Leaf { segments: string[]; path: string; value: unknown }

/** Keys that walk into a prototype when used as a property name. */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

export const isForbiddenKey = (k: string) => FORBIDDEN_KEYS.includes(k);

export const isMap = (v: unknown): v is Values => v !== null && typeof v === "object" && !Array.isArray(v);

/** Own property only: `toString`, `constructor` and `__proto__` are never found on a plain map. */
export const hasOwnKey = (o: unknown, key: string): boolean => isMap(o) && Object.hasOwn(o, key);

export const ownValue = (o: unknown, key: string): unknown => (hasOwnKey(o, key) ? (o as Values)[key] : undefined);

/** The message for a refused key, naming where it sits and what to do. */
export function forbiddenKeyMessage(path: string, what = "the file"): string {
  return `${path}: "${path.split(".").pop()}" is not allowed as a key in ${what} (it names a JavaScript prototype, not a setting; no chart or plan reads it): remove it`;
}

export class ForbiddenKeyError extends Error {
  constructor(readonly path: string, what?: string) {
    super(forbiddenKeyMessage(path, what));
    this.name = "ForbiddenKeyError";
  }
}

export const splitPath = (path: string): string[] => path.split(".");

export function getAt(v: unknown, segments: readonly string[]): unknown {
  let o: unknown = v;
  for (const k of segments) {
    if (!hasOwnKey(o, k)) return undefined;
    o = (o as Values)[k];
  }
  return o;
}

export const getPath = (v: unknown, path: string): unknown => getAt(v, splitPath(path));

export const hasAt = (v: unknown, segments: readonly string[]) => getAt(v, segments) !== undefined;

/** A new empty map that has no prototype to reach. */
export const emptyMap = (): Values => Object.create(null) as Values;

/** Writes `value` at `segments`, creating null-prototype maps on the way. Throws ForbiddenKeyError
 * for a prototype key, so nothing is written through one. */
export function setAt(target: Values, segments: readonly string[], value: unknown): void {
  segments.forEach((k, i) => {
    if (isForbiddenKey(k)) throw new ForbiddenKeyError(segments.slice(0, i + 1).join("."));
  });
  let o = target;
  for (const k of segments.slice(0, -1)) {
    if (!isMap(ownValue(o, k))) o[k] = emptyMap();
    o = o[k] as Values;
  }
  o[segments[segments.length - 1]] = value;
}

export const setPath = (target: Values, path: string, value: unknown) => setAt(target, splitPath(path), value);

/** Leaves of a values object; arrays and empty maps are leaves (charts read them whole). */
export function leaves(v: unknown, segments: string[] = []): Leaf[] {
  const out: Leaf[] = [];
  const walk = (node: unknown, at: string[]) => {
    const keys = isMap(node) ? Object.keys(node) : [];
    if (keys.length === 0) {
      if (at.length) out.push({ segments: at, path: at.join("."), value: node });
      return;
    }
    for (const k of keys) walk((node as Values)[k], [...at, k]);
  };
  walk(v, segments);
  return out;
}

/** The first prototype key anywhere in a tree (maps and lists), as a dotted path; undefined when
 * there is none. Iterative, so a deep document cannot exhaust the stack. */
export function findForbiddenKey(v: unknown): string | undefined {
  const stack: { node: unknown; path: string }[] = [{ node: v, path: "" }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((child, i) => stack.push({ node: child, path: `${path}[${i}]` }));
    } else if (isMap(node)) {
      for (const k of Object.keys(node)) {
        const at = path ? `${path}.${k}` : k;
        if (isForbiddenKey(k)) return at;
        stack.push({ node: node[k], path: at });
      }
    }
  }
  return undefined;
}

/** Throws ForbiddenKeyError when the tree holds a prototype key; returns it unchanged otherwise. */
export function refuseForbiddenKeys<T>(v: T, what?: string): T {
  const bad = findForbiddenKey(v);
  if (bad !== undefined) throw new ForbiddenKeyError(bad, what);
  return v;
}

/** A deep merge of plain maps into a new null-prototype map; lists and scalars from `over` replace
 * those in `base`, undefined leaves nothing. Prototype keys are refused. */
export function mergeTrees(base: Values, over: Values): Values {
  const out: Values = Object.assign(emptyMap(), base);
  for (const k of Object.keys(over)) {
    if (isForbiddenKey(k)) throw new ForbiddenKeyError(k);
    const v = over[k];
    if (v === undefined) continue;
    const mine = ownValue(out, k);
    out[k] = isMap(v) && isMap(mine) ? mergeTrees(mine, v) : v;
  }
  return out;
}
