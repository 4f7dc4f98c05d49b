import type { ChartRef } from "./data";
import { chartKeys, type ChartKeys } from "./keys";

/** Leaf value paths of a values object. Arrays and empty maps are leaves (charts read them whole). */
export function valuePaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return prefix ? [prefix] : [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => valuePaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Helm --set key to a dotted path: `a.b\.c[0].d` -> "a.b.c" ... the escaped dot stays inside one
 * segment, and an index ends the path (the list is read whole). */
export function setKeyPath(key: string): string {
  const segments: string[] = [];
  let cur = "";
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === "\\" && key[i + 1] === ".") {
      cur += ".";
      i++;
    } else if (c === ".") {
      segments.push(cur);
      cur = "";
    } else if (c === "[") {
      break;
    } else cur += c;
  }
  if (cur) segments.push(cur);
  // Segments that contain a dot (annotation names) only matter below a wholesale map; join with a
  // placeholder-free dot so prefix checks against wholesalePaths still work.
  return segments.join(".");
}

function exceptList(keys: ChartKeys, wholesale: string): string[] {
  const ex = keys.wholesaleExcept;
  if (Array.isArray(ex)) return [];
  return ex[wholesale] ?? [];
}

export function chartReadsPath(keys: ChartKeys, path: string): boolean {
  if (keys.templatePaths.includes(path)) return true;
  for (const w of keys.wholesalePaths) {
    if (path.startsWith(`${w}.`)) {
      const rest = path.slice(w.length + 1);
      const omitted = exceptList(keys, w).some((child) => rest === child || rest.startsWith(`${child}.`));
      if (!omitted) return true;
    }
  }
  return false;
}

/** Every value path in `values` that the chart version does not read. Empty means clean. */
export function unreadValuePaths(ref: ChartRef, values: unknown): string[] {
  const keys = chartKeys(ref);
  return valuePaths(values).filter((p) => !chartReadsPath(keys, p));
}

/** The --set/--set-string/--set-file keys of a helm argv that the chart does not read. */
export function unreadSetFlags(ref: ChartRef, argv: readonly unknown[]): string[] {
  const keys = chartKeys(ref);
  const bad: string[] = [];
  argv.forEach((w, i) => {
    if (typeof w !== "string") return;
    let assignment: unknown;
    if (w === "--set" || w === "--set-string" || w === "--set-file" || w === "--set-json") assignment = argv[i + 1];
    else if (/^--set(-string|-file|-json)?=/.test(w)) assignment = w.slice(w.indexOf("=") + 1);
    else return;
    const text = typeof assignment === "string" ? assignment : (assignment as { template?: string })?.template;
    if (!text) return;
    for (const part of splitSetList(text)) {
      const key = part.slice(0, part.indexOf("="));
      if (!chartReadsPath(keys, setKeyPath(key))) bad.push(key);
    }
  });
  return bad;
}

/** helm splits a --set value on unescaped commas. */
function splitSetList(text: string): string[] {
  return text.split(/(?<!\\),/).filter((s) => s.includes("="));
}
