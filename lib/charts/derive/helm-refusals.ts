import { spawnSync } from "node:child_process";
import type { Condition, RefusalData, ValueType } from "../data";
import type { ChartPackage } from "./package";
import { failCandidates, failSites, type FailSite } from "./fail";

export { failCandidates };

// The values a chart refuses, rendered with helm rather than guessed: every `fail` in the chart's
// templates names its candidates (the value paths in the `if`/`hasKey` conditions around it);
// each candidate is set in turn on top of values the chart renders with, and when `helm template`
// then fails with an "execution error", that message (the chart's own) is the refusal. A `fail`
// whose condition names several values is rendered with them together too:
// - one value fails alone, but another of the same condition set beside it lets the chart render
//   (`and .productKey.enabled (not .global.acknowledged)`): refused unless that other value is set
//   (`needs`: the fix is to add it, not to drop the key);
// - no value fails alone, two set together do (`and .aggregator.useEmptyDir .aggregator.useHostPath`),
//   or, failing that, all of the condition's values together: refused on the combination.
// Each such refusal carries its `when`.

/** What each candidate is set to, in turn: the opposite of a boolean default, else values of
 * the default's type first. */
function tries(type: ValueType | undefined, def: unknown): unknown[] {
  if (type === "bool") return [!def];
  if (type === "list") return [["set-by-chart-data"], true];
  if (type === "string") return ["set-by-chart-data", true];
  if (type === "number") return [1, true];
  return [true, { enabled: true }, "set-by-chart-data", 1];
}

export interface RenderOptions {
  helm?: string;
  /** Values the chart needs to render at all (some charts fail on their bare defaults). */
  valuesFile?: string;
  /** Public address of the chart's folder at this version; each refusal's `source` is its template there. */
  sourceBase?: string;
}

const normalized = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean).join(" ");

interface Rendered { ok: boolean; error: string; refusal?: { at: string; message: string } }

function render(tgz: string, opts: RenderOptions, set: Record<string, unknown>): Rendered {
  const extra = Object.entries(set).flatMap(([p, v]) => ["--set-json", `${p}=${JSON.stringify(v)}`]);
  const r = spawnSync(opts.helm ?? "helm", ["template", "chart-data", tgz, ...(opts.valuesFile ? ["-f", opts.valuesFile] : []), ...extra], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`Could not run helm (${r.error.message}): put helm on PATH, or skip the refused keys`);
  const error = (r.stderr ?? "").trim();
  // The chart's message may start on the next line ("\nSimple RBAC and RBAC Teams ...").
  const m = /Error: execution error at \(([^)]*)\):([\s\S]*)$/.exec(error);
  // helm 4 adds its own hint after the chart's message.
  const message = m ? normalized(m[2].replace(/\n\s*Use --debug flag[^\n]*/g, "")) : undefined;
  return { ok: r.status === 0, error, refusal: r.status !== 0 && m && message ? { at: m[1], message } : undefined };
}

export function helmRefusals(tgz: string, chart: ChartPackage, types: Record<string, ValueType>, defaults: (path: string) => unknown, opts: RenderOptions = {}): RefusalData[] {
  const base = render(tgz, opts, {});
  if (!base.ok) throw new Error(`helm cannot render ${chart.name} ${chart.version} with ${opts.valuesFile ? "those values" : "its defaults"}: ${base.error.split("\n").find((l) => l.startsWith("Error:")) ?? base.error.split("\n").pop()}; pass --values <file> with what it needs`);
  const sites = failSites(chart);
  /** The site whose literal message this is, else the site being rendered. */
  const siteOf = (message: string, fallback: FailSite) => sites.find((s) => s.message !== undefined && normalized(s.message) === message) ?? fallback;
  const refusal = (paths: string[], r: NonNullable<Rendered["refusal"]>, site: FailSite, when?: Condition): RefusalData => ({
    path: paths[0],
    message: `Error: execution error at (${r.at}): ${r.message}`,
    ...(opts.sourceBase ? { source: `${opts.sourceBase.replace(/\/$/, "")}/${siteOf(r.message, site).template}` } : {}),
    ...(when ? { when } : {}),
  });
  const first = (p: string) => tries(types[p], defaults(p))[0];
  const condition = (p: string, value: unknown): Condition => (types[p] === "bool" ? { equals: p, value, default: defaults(p) ?? false } : { set: p });

  const out = new Map<string, RefusalData>();
  const fired = new Map<string, { value: unknown; r: NonNullable<Rendered["refusal"]> }>();
  // One value at a time.
  for (const path of failCandidates(chart)) {
    for (const value of tries(types[path], defaults(path))) {
      const r = render(tgz, opts, { [path]: value });
      if (r.refusal) {
        fired.set(path, { value, r: r.refusal });
        const site = sites.find((s) => s.conditions.flat().includes(path))!;
        out.set(path, refusal([path], r.refusal, site, types[path] === "bool" ? { equals: path, value } : undefined));
        break;
      }
    }
  }
  // Conditions naming several values.
  const ours = (site: FailSite, r: NonNullable<Rendered["refusal"]>) => site.message === undefined || normalized(site.message) === r.message;
  for (const site of sites) {
    const paths = [...new Set(site.conditions.flat())];
    if (paths.length < 2) continue;
    const alone = paths.filter((p) => fired.has(p) && ours(site, fired.get(p)!.r));
    for (const a of alone) {
      const { value, r } = fired.get(a)!;
      // Refused unless one of the others is set beside it.
      const unless = paths.filter((b) => b !== a && render(tgz, opts, { [a]: value, [b]: first(b) }).ok);
      if (unless.length) out.set(a, { ...refusal([a], r, site, { all: [condition(a, value), ...unless.map((b) => ({ not: condition(b, first(b)) }))] }), needs: unless.map((b) => ({ path: b, value: first(b) })) });
    }
    if (alone.length) continue;
    // Values the defaults do not type are tried as `true`, then as a string (a name or YAML text).
    const together = (combo: string[]) =>
      [first, (p: string) => (types[p] ? first(p) : "set-by-chart-data")].some((pick, i) => {
        if (i > 0 && combo.every((p) => pick(p) === first(p))) return false;
        const r = render(tgz, opts, Object.fromEntries(combo.map((p) => [p, pick(p)]))).refusal;
        if (!r || !ours(site, r)) return false;
        out.set(combo.join("+"), refusal(combo, r, site, { all: combo.map((p) => condition(p, pick(p))) }));
        return true;
      });
    const pairs = paths.flatMap((a, i) => paths.slice(i + 1).map((b) => [a, b])).filter((pair) => !pair.some((p) => fired.has(p)));
    const found = pairs.filter(together).length;
    if (!found && paths.length > 2 && paths.length <= 4) together(paths);
  }
  return [...out.values()];
}
