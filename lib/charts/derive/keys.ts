import type { ChartKeys } from "../data";
import type { ChartPackage } from "./package";

// The value paths a chart's templates read, from the template text: `.Values.a.b` (also through
// `$`, `$.Values`, a helper's `.root.Values`, `(.Values.a).b` and the like), `index .Values "a"
// "b"`, fields of `with` blocks and of variables bound to a value path, and fields of a map handed
// to a helper in a `dict` (`include "x" (dict "values" .Values.a)` then `.values.b` in "x" reads
// a.b). A path given whole to toYaml, toJson (also piped: `.x | toYaml`), range or with is "wholesale": every key below it
// reaches the chart, except children the template `omit`s. Helpers (`define`) are scanned like any
// template, so keys read through `include` and `tpl` count. Subchart paths are prefixed with their
// alias or name (`global.*` stays global, as helm shares it); a library subchart (Bitnami's
// `common`) runs in its caller's context, so only what callers hand its helpers counts.

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const CHAIN = /(?<![\w)\]"'])(\$[A-Za-z_0-9]*)?((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)/g;
const WHOLE_BEFORE = /(?:toYaml|toJson|toPrettyJson|toRawJson|range|with|omit|tpl\s*\(\s*toYaml)\s*\(?\s*$|range\s+(?:\$\w+\s*,\s*)?\$\w+\s*:=\s*$/;
const WHOLE_AFTER = /^\s*\|\s*(?:toYaml|toJson|toPrettyJson|toRawJson)\b/;
const PARENTHESIZED = /\(\s*(\$[A-Za-z_0-9]*)?((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)\s*\)((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)/g;
const DICT_CALL = /(?:include|template)\s+"([^"]+)"\s+\(\s*dict\s+((?:"[^"]+"\s+(?:\([^()]*\)|"[^"]*"|[^\s()"]+)\s*)+)\)/g;

/** `((.Values.a).b).c` -> `.Values.a.b.c`: a field of a parenthesized chain is the longer chain. */
export function unwrapFieldChains(action: string): string {
  let prev;
  do {
    prev = action;
    action = action.replace(PARENTHESIZED, (_, base: string | undefined, chain: string, field: string) => `${base ?? ""}${chain}${field}`);
  } while (action !== prev);
  return action;
}

/** A frame's dot: the value paths it stands for ([]: none), or "$" (the chart's root context, or
 * a helper's argument). */
type Dot = string[] | "$";
interface Frame { dot: Dot; kind: string; helper?: string }

/** helper name -> dict key -> the value paths callers hand it (full paths). */
type Bindings = Map<string, Map<string, Set<string>>>;

export interface KeyScan {
  templatePaths: Set<string>;
  wholesalePaths: Set<string>;
  wholesaleExcept: Map<string, Set<string>>;
}

interface ScanContext { prefix: string; library: boolean; bindings: Bindings; found: Bindings; actions: Map<string, string[]> }

/** A template's actions, normalized once per derivation (the scan runs again while helper
 * bindings grow). */
function actionsOf(text: string, cache: Map<string, string[]>): string[] {
  let actions = cache.get(text);
  if (!actions) {
    // `with.Values.a` is `with .Values.a` to helm.
    actions = [...text.matchAll(ACTION)].filter((m) => !m[1].startsWith("/*")).map((m) => unwrapFieldChains(m[1]).replace(/^(with|range|if|else if|else with)(?=[.$(])/, "$1 "));
    cache.set(text, actions);
  }
  return actions;
}

function scanTemplate(text: string, ctx: ScanContext, scan: KeyScan): void {
  const vars = new Map<string, string[]>();
  const stack: Frame[] = [{ dot: "$", kind: "file" }];
  const full = (p: string) => (p.startsWith("global.") || p === "global" || !ctx.prefix ? p : `${ctx.prefix}.${p}`);
  const helper = () => [...stack].reverse().find((f) => f.kind === "define")?.helper;

  /** The value paths a chain names (full), empty when it names something else (Release, ...). */
  const resolve = (base: string | undefined, segments: string[]): string[] => {
    const v = segments.lastIndexOf("Values");
    // A library's helpers read only what their callers hand them.
    if (v >= 0) return ctx.library ? [] : [full(segments.slice(v + 1).join("."))];
    let root: Dot;
    if (base === "$") root = "$";
    else if (base) root = vars.get(base) ?? [];
    else root = stack[stack.length - 1].dot;
    if (root !== "$") return root.map((r) => [r, ...segments].filter(Boolean).join("."));
    // Inside a helper, `.values.b` of a dict its callers fill with value paths.
    const bound = segments.length ? ctx.bindings.get(helper() ?? "")?.get(segments[0]) : undefined;
    return [...(bound ?? [])].map((r) => [r, ...segments.slice(1)].join("."));
  };

  for (const action of actionsOf(text, ctx.actions)) {
    const head = /^(\w+)/.exec(action)?.[1];
    if (head === "end") {
      if (stack.length > 1) stack.pop();
      continue;
    }
    if (head === "define" || head === "block") {
      stack.push({ dot: "$", kind: "define", helper: /^\w+\s+"([^"]+)"/.exec(action)?.[1] });
      continue;
    }
    // include "x" (dict "values" .Values.a): inside "x", `.values` stands for a.
    for (const call of action.matchAll(DICT_CALL)) {
      for (const pair of call[2].matchAll(/"([^"]+)"\s+(\([^()]*\)|"[^"]*"|[^\s()"]+)/g)) {
        // A chain, or a list of chains the helper takes together (common.tplvalues.merge).
        const list = /^\(\s*list\s+(.*)\)$/s.exec(pair[2]);
        const chains = list ? [...list[1].matchAll(CHAIN)] : [/^\(?\s*(\$[A-Za-z_0-9]*)?((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)\s*\)?$/.exec(pair[2])];
        const paths = chains.flatMap((c) => (c ? resolve(c[1], c[2].split(".").filter(Boolean)) : [])).filter(Boolean);
        if (!paths.length) continue;
        const keys = ctx.found.get(call[1]) ?? new Map<string, Set<string>>();
        const set = keys.get(pair[1]) ?? new Set<string>();
        paths.forEach((p) => set.add(p));
        keys.set(pair[1], set);
        ctx.found.set(call[1], keys);
      }
    }
    // index .Values "a" "b"  ->  a.b
    const indexed: { at: number; paths: string[] }[] = [];
    for (const im of action.matchAll(/index\s+(\$[A-Za-z_0-9]*)?((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s+((?:"[^"]*"\s*)+)/g)) {
      const keys = [...im[3].matchAll(/"([^"]*)"/g)].map((k) => k[1]);
      const bases = resolve(im[1], (im[2] ?? "").split(".").filter(Boolean));
      if (bases.length) indexed.push({ at: im.index!, paths: bases.map((b) => [b, ...keys].filter(Boolean).join(".")) });
    }
    let first: string[] | undefined;
    for (const c of action.matchAll(CHAIN)) {
      const paths = resolve(c[1], c[2].split(".").filter(Boolean));
      first ??= paths;
      const before = action.slice(0, c.index);
      const omit = /^\s*((?:"[^"]*"\s*)+)/.exec(action.slice(c.index! + c[0].length));
      for (const p of paths.filter(Boolean)) {
        scan.templatePaths.add(p);
        if (WHOLE_BEFORE.test(before) || WHOLE_AFTER.test(action.slice(c.index! + c[0].length))) scan.wholesalePaths.add(p);
        if (/omit\s*$/.test(before) && omit) {
          const set = scan.wholesaleExcept.get(p) ?? new Set<string>();
          for (const k of omit[1].matchAll(/"([^"]*)"/g)) set.add(k[1]);
          scan.wholesaleExcept.set(p, set);
        }
      }
    }
    for (const i of indexed) {
      for (const p of i.paths) {
        scan.templatePaths.add(p);
        if (WHOLE_BEFORE.test(action.slice(0, i.at))) scan.wholesalePaths.add(p);
      }
    }
    const assign = /^\$(\w+)\s*:?=\s*(.*)$/s.exec(action) ?? /^(?:range|with|if)\s+\$(\w+)\s*:=\s*(.*)$/s.exec(action);
    if (assign) {
      const rhs = [...assign[2].matchAll(CHAIN)][0];
      const paths = indexed[0]?.paths ?? (rhs ? resolve(rhs[1], rhs[2].split(".").filter(Boolean)) : []);
      vars.set(`$${assign[1]}`, head === "range" ? [] : paths);
    }
    const pair = /^range\s+\$(\w+)\s*,\s*\$(\w+)\s*:=/.exec(action);
    if (pair) vars.set(`$${pair[2]}`, []);
    if (head === "with") stack.push({ dot: indexed[0]?.paths ?? first ?? [], kind: "with" });
    else if (head === "range") stack.push({ dot: [], kind: "range" });
    else if (head === "if") stack.push({ dot: stack[stack.length - 1].dot, kind: "if" });
    else if (head === "else" && /^else\s+with\s/.test(action)) stack[stack.length - 1] = { dot: first ?? [], kind: "with" };
  }
}

function scanChart(chart: ChartPackage, prefix: string, ctx: Omit<ScanContext, "prefix" | "library">, scan: KeyScan): void {
  for (const t of chart.templates) scanTemplate(t.text, { ...ctx, prefix, library: !!chart.library }, scan);
  for (const sub of chart.subcharts) {
    // Helm reads a dependency's `condition` (finopsagent.enabled) to decide whether it renders.
    if (sub.condition) scan.templatePaths.add(prefix ? `${prefix}.${sub.condition}` : sub.condition);
    // A library chart's helpers run in the context of the chart that includes them.
    scanChart(sub, sub.library ? prefix : prefix ? `${prefix}.${sub.key}` : sub.key, ctx, scan);
  }
}

const bindingCount = (b: Bindings) => [...b.values()].reduce((n, keys) => n + [...keys.values()].reduce((m, s) => m + s.size, 0), 0);

/** Scans until what callers hand helpers stops growing (a helper may pass its map on). */
function scanKeys(chart: ChartPackage): KeyScan {
  let bindings: Bindings = new Map();
  const actions = new Map<string, string[]>();
  for (let pass = 0; ; pass++) {
    const scan: KeyScan = { templatePaths: new Set(), wholesalePaths: new Set(), wholesaleExcept: new Map() };
    const found: Bindings = new Map();
    scanChart(chart, "", { bindings, found, actions }, scan);
    if (bindingCount(found) === bindingCount(bindings) || pass >= 5) return scan;
    bindings = found;
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
  const scan = scanKeys(chart);
  const valuesPaths = leafPaths(chart.values, "", []);
  // A library chart's own values (Bitnami common's `exampleValue`) configure nothing.
  for (const sub of chart.subcharts) if (!sub.library) leafPaths(sub.values, sub.key, valuesPaths);
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
