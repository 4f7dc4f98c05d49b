import { spawnSync } from "node:child_process";
import type { RefusalData, ValueType } from "../data";
import type { ChartPackage } from "./package";
import { failCandidates } from "./fail";

export { failCandidates };

// The values a chart refuses, rendered with helm rather than guessed: every `fail` in the chart's
// templates names its candidates (the value paths in the `if`/`hasKey` conditions around it);
// each candidate is set in turn on top of values the chart renders with, and when `helm template`
// then fails with an "execution error", that message (the chart's own) is the refusal.
// Conditions that need two keys at once (a federated store AND the default cluster id) are not
// found this way: docs/charts.md says which refused.json entries are kept by hand for that.

const tries = (type: ValueType | undefined, def: unknown): unknown[] =>
  type === "bool" ? [!def] : [true, { enabled: true }, "set-by-chart-data", 1];

export interface RenderOptions {
  helm?: string;
  /** Values the chart needs to render at all (some charts fail on their bare defaults). */
  valuesFile?: string;
}

function render(tgz: string, opts: RenderOptions, extra: string[]): { ok: boolean; error: string } {
  const r = spawnSync(opts.helm ?? "helm", ["template", "chart-data", tgz, ...(opts.valuesFile ? ["-f", opts.valuesFile] : []), ...extra], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`Could not run helm (${r.error.message}): put helm on PATH, or skip the refused keys`);
  return { ok: r.status === 0, error: (r.stderr ?? "").trim() };
}

export function helmRefusals(tgz: string, chart: ChartPackage, types: Record<string, ValueType>, defaults: (path: string) => unknown, opts: RenderOptions = {}): RefusalData[] {
  const base = render(tgz, opts, []);
  if (!base.ok) throw new Error(`helm cannot render ${chart.name} ${chart.version} with ${opts.valuesFile ? "those values" : "its defaults"}: ${base.error.split("\n").find((l) => l.startsWith("Error:")) ?? base.error.split("\n").pop()}; pass --values <file> with what it needs`);
  const out: RefusalData[] = [];
  for (const path of failCandidates(chart)) {
    for (const value of tries(types[path], defaults(path))) {
      const r = render(tgz, opts, ["--set-json", `${path}=${JSON.stringify(value)}`]);
      const m = /Error: execution error at \(([^)]*)\): (.*)$/m.exec(r.error);
      if (!r.ok && m) {
        const when = types[path] === "bool" ? { when: { equals: path, value } } : {};
        out.push({ path, message: `Error: execution error at (${m[1]}): ${m[2].trim()}`, ...when });
        break;
      }
    }
  }
  return out;
}
