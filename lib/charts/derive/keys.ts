import type { ChartKeys } from "../data";
import type { ChartPackage } from "./package";

// The value paths a chart's templates read, from the template text: `.Values.a.b` (also through
// `$`, `$.Values`, a helper's `.root.Values` and the like), `index .Values "a" "b"`, fields of
// `with` blocks and of variables bound to a value path. A path given whole to toYaml, toJson,
// range or with is "wholesale": every key below it reaches the chart, except children the
// template `omit`s. Helpers (`define` in _helpers.tpl) are scanned like any template, so keys
// read through `include` and `tpl` count. Subchart paths are prefixed with their alias or name
// (`global.*` stays global, as helm shares it).

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const CHAIN = /(?<![\w)\]"'])(\$[A-Za-z_0-9]*)?((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)/g;
const WHOLE_BEFORE = /(?:toYaml|toJson|toPrettyJson|toRawJson|range|with|omit|tpl\s*\(\s*toYaml)\s*\(?\s*$|range\s+(?:\$\w+\s*,\s*)?\$\w+\s*:=\s*$/;

interface Frame { dot: string | null | "$"; kind: string }

export interface KeyScan {
  templatePaths: Set<string>;
  wholesalePaths: Set<string>;
  wholesaleExcept: Map<string, Set<string>>;
}

function scanTemplate(text: string, prefix: string, scan: KeyScan): void {
  const vars = new Map<string, string | null>();
  const stack: Frame[] = [{ dot: "$", kind: "file" }];
  const full = (p: string) => (p.startsWith("global.") || p === "global" || !prefix ? p : `${prefix}.${p}`);

  /** The value path a chain names, or null when it names something else (Release, Chart, ...). */
  const resolve = (base: string | undefined, segments: string[]): string | null => {
    const v = segments.lastIndexOf("Values");
    if (v >= 0) return segments.slice(v + 1).join(".") || "";
    let root: string | null | "$";
    if (base === "$") root = "$";
    else if (base) root = vars.has(base) ? vars.get(base)! : null;
    else root = stack[stack.length - 1].dot;
    if (root === null || root === "$") return null;
    return [root, ...segments].filter(Boolean).join(".");
  };

  for (const m of text.matchAll(ACTION)) {
    const action = m[1];
    if (action.startsWith("/*")) continue;
    const head = /^(\w+)/.exec(action)?.[1];
    if (head === "end") {
      if (stack.length > 1) stack.pop();
      continue;
    }
    if (head === "define" || head === "block") {
      stack.push({ dot: "$", kind: head });
      continue;
    }
    // index .Values "a" "b"  ->  a.b
    const indexed: { at: number; path: string }[] = [];
    for (const im of action.matchAll(/index\s+(\$[A-Za-z_0-9]*)?((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s+((?:"[^"]*"\s*)+)/g)) {
      const base = resolve(im[1], (im[2] ?? "").split(".").filter(Boolean));
      const keys = [...im[3].matchAll(/"([^"]*)"/g)].map((k) => k[1]);
      if (base !== null) indexed.push({ at: im.index!, path: [base, ...keys].filter(Boolean).join(".") });
    }
    let first: string | null | undefined;
    for (const c of action.matchAll(CHAIN)) {
      const path = resolve(c[1], c[2].split(".").filter(Boolean));
      if (first === undefined) first = path;
      if (!path) continue;
      const p = full(path);
      scan.templatePaths.add(p);
      const before = action.slice(0, c.index);
      if (WHOLE_BEFORE.test(before)) scan.wholesalePaths.add(p);
      const omit = /^\s*((?:"[^"]*"\s*)+)/.exec(action.slice(c.index! + c[0].length));
      if (/omit\s*$/.test(before) && omit) {
        const set = scan.wholesaleExcept.get(p) ?? new Set<string>();
        for (const k of omit[1].matchAll(/"([^"]*)"/g)) set.add(k[1]);
        scan.wholesaleExcept.set(p, set);
      }
    }
    for (const i of indexed) {
      const p = full(i.path);
      scan.templatePaths.add(p);
      if (WHOLE_BEFORE.test(action.slice(0, i.at))) scan.wholesalePaths.add(p);
    }
    const assign = /^\$(\w+)\s*:?=\s*(.*)$/s.exec(action) ?? /^(?:range|with|if)\s+\$(\w+)\s*:=\s*(.*)$/s.exec(action);
    if (assign) {
      const rhs = [...assign[2].matchAll(CHAIN)][0];
      const path = indexed[0]?.path ?? (rhs ? resolve(rhs[1], rhs[2].split(".").filter(Boolean)) : null);
      vars.set(`$${assign[1]}`, head === "range" ? null : path);
    }
    const pair = /^range\s+\$(\w+)\s*,\s*\$(\w+)\s*:=/.exec(action);
    if (pair) vars.set(`$${pair[2]}`, null);
    if (head === "with") stack.push({ dot: indexed[0]?.path ?? first ?? null, kind: "with" });
    else if (head === "range") stack.push({ dot: null, kind: "range" });
    else if (head === "if") stack.push({ dot: stack[stack.length - 1].dot, kind: "if" });
    else if (head === "else" && /^else\s+with\s/.test(action)) stack[stack.length - 1] = { dot: first ?? null, kind: "with" };
  }
}

function scanChart(chart: ChartPackage, prefix: string, scan: KeyScan): void {
  for (const t of chart.templates) scanTemplate(t.text, prefix, scan);
  for (const sub of chart.subcharts) {
    // Helm reads a dependency's `condition` (finopsagent.enabled) to decide whether it renders.
    if (sub.condition) scan.templatePaths.add(prefix ? `${prefix}.${sub.condition}` : sub.condition);
    scanChart(sub, prefix ? `${prefix}.${sub.key}` : sub.key, scan);
  }
}

/** Leaf paths declared in the chart's (and subcharts') values.yaml. */
function leafPaths(value: unknown, prefix: string, out: string[]): string[] {
  if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) leafPaths(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.push(prefix);
  return out;
}

export function deriveKeys(chart: ChartPackage): ChartKeys {
  const scan: KeyScan = { templatePaths: new Set(), wholesalePaths: new Set(), wholesaleExcept: new Map() };
  scanChart(chart, "", scan);
  const valuesPaths = leafPaths(chart.values, "", []);
  for (const sub of chart.subcharts) leafPaths(sub.values, sub.key, valuesPaths);
  const sorted = (s: Iterable<string>) => [...s].filter(Boolean).sort();
  return {
    chart: chart.name,
    tag: chart.version,
    templatePaths: sorted(scan.templatePaths),
    wholesalePaths: sorted(scan.wholesalePaths),
    wholesaleExcept: Object.fromEntries([...scan.wholesaleExcept].sort().map(([k, v]) => [k, [...v].sort()])),
    valuesPaths: sorted(new Set(valuesPaths)),
  };
}
