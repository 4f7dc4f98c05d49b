import type { RefusalData } from "../data";
import type { ChartPackage } from "./package";
import { unwrapFieldChains } from "./keys";

// The `fail` calls of a chart's own templates and the value paths in the conditions around each:
// the candidates helm renders one by one (./helm-refusals), and in the tab, where there is no
// helm, the refusals a literal `fail "message"` under a one-key condition states itself.

const TOKENS = /\{\{-?\s*(?:if|else if|with)\s+([\s\S]*?)-?\}\}|\{\{-?\s*(?:range|define|block)\b[\s\S]*?-?\}\}|\{\{-?\s*end\s*-?\}\}|\bfail\s+("(?:[^"\\]|\\.)*"|`[^`]*`)?/g;

function pathsIn(raw: string): string[] {
  const condition = unwrapFieldChains(raw);
  const out: string[] = [];
  for (const v of condition.matchAll(/\.Values((?:\.[A-Za-z_][\w-]*)+)/g)) out.push(v[1].slice(1));
  for (const h of condition.matchAll(/hasKey\s+\$?\.Values((?:\.[A-Za-z_][\w-]*)*)\s+"([^"]+)"/g)) out.push([h[1].slice(1), h[2]].filter(Boolean).join("."));
  return out;
}

export interface FailSite {
  /** The value paths of each condition around the `fail`, outermost first. */
  conditions: string[][];
  /** The literal message, when the template states one. */
  message?: string;
  /** The template's path inside the chart (templates/_helpers.tpl). */
  template: string;
}

export function failSites(chart: ChartPackage): FailSite[] {
  const sites: FailSite[] = [];
  for (const t of chart.templates) {
    const stack: (string[] | null)[] = [];
    for (const m of t.text.matchAll(TOKENS)) {
      if (m[1] !== undefined) {
        if (/^\{\{-?\s*else/.test(m[0])) stack.pop();
        stack.push(pathsIn(m[1]));
      } else if (/^\{\{-?\s*(range|define|block)\b/.test(m[0])) stack.push(null);
      else if (/^\{\{-?\s*end/.test(m[0])) stack.pop();
      else {
        const literal = m[2] ? (m[2].startsWith("`") ? m[2].slice(1, -1) : (JSON.parse(m[2]) as string)) : undefined;
        sites.push({ conditions: stack.filter((c): c is string[] => c !== null), message: literal, template: t.path });
      }
    }
  }
  return sites;
}

/** Value paths named in the conditions around each `fail`. */
export function failCandidates(chart: ChartPackage): string[] {
  return [...new Set(failSites(chart).flatMap((s) => s.conditions.flat()))].sort();
}

/** Refusals a chart states in its own words: a literal `fail` message whose innermost condition
 * names one value path (`if hasKey .Values "pricingCsv"` -> fail "...no longer supported"). */
export function statedRefusals(chart: ChartPackage): RefusalData[] {
  const out = new Map<string, RefusalData>();
  for (const s of failSites(chart)) {
    const inner = s.conditions.at(-1);
    if (!s.message || inner?.length !== 1 || out.has(inner[0])) continue;
    out.set(inner[0], { path: inner[0], message: s.message, source: `${chart.name}/${s.template}` });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
