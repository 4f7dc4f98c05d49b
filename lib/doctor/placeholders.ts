import { leaves } from "./tree";

// Values copied from an example and never filled in: `<account>`, YOUR_CLUSTER_NAME_HERE,
// REPLACE_ME, changeme. helm installs them as they are (an IAM role ARN with `<account>` in it,
// a cluster id every copy of the example shares), so the doctor names each one.

export interface Placeholder { path: string; value: string }

const PATTERNS: readonly RegExp[] = [
  /<[^<>\n]{1,60}>/,
  /\bYOUR_[A-Z0-9_]*_?HERE\b/i,
  /\bYOUR[_-][A-Z0-9_-]+\b/,
  /\bREPLACE[_-]?(ME|WITH[A-Z0-9_-]*)\b/i,
  /^\s*changeme\s*$/i,
  /\bchange[_-]?me\b/i,
];

/** Whether one value is a placeholder rather than a setting. */
export const isPlaceholder = (value: unknown): value is string => typeof value === "string" && PATTERNS.some((p) => p.test(value));

/** Every leaf (and every string inside a list) holding a placeholder, in file order. */
export function findPlaceholders(values: unknown): Placeholder[] {
  const out: Placeholder[] = [];
  const visit = (path: string, v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(`${path}[${i}]`, x));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(`${path}.${k}`, x);
    else if (isPlaceholder(v)) out.push({ path, value: v });
  };
  for (const l of leaves(values)) visit(l.path, l.value);
  return out;
}
