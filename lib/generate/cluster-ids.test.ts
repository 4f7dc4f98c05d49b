import { describe, expect, it } from "vitest";
import type { FederationPlan } from "@/lib/plan/schema";
import { validatePlan } from "@/lib/plan/validate";
import { sourcesOf, sourcesOfLinkMethod } from "@/lib/plan/methods";
import { loadExamplePlans } from "@/test/support/example-plans";
import { buildBundle } from "./index";

// Issue 16: titles and prose are written per step kind, never made by replacing a cluster id in
// text. Every example is generated with its ids as written, upper-cased, one letter and dotted;
// the prose must not repeat a phrase, a cluster's script must not name another cluster, and every
// status link must watch exactly the sources the method's registry entry names.

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const VARIANTS: [string, (id: string, i: number) => string][] = [
  ["as written", (id) => id],
  ["upper-cased", (id) => id.toUpperCase()],
  ["one letter", (_id, i) => (i < 26 ? LETTERS[i] : `${LETTERS[i % 26]}${Math.floor(i / 26)}`)],
  ["dotted", (id) => `${id}.corp.example`],
];

function variant(plan: FederationPlan, rename: (id: string, i: number) => string): FederationPlan {
  const r = validatePlan({ ...plan, clusters: plan.clusters.map((c, i) => ({ ...c, id: rename(c.id, i) })) });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** STEPS.md without its ```bash blocks: the prose a person reads. */
const prose = (markdown: string) => markdown.split(/```bash\n[\s\S]*?```/).join("\n");
const REPEATED = /\b([A-Za-z]{2,}(?: [A-Za-z]{2,})?)\s+\1\b/i;
/** A whole id inside text (ids may hold '.', '-' and '_', and be one letter). */
const names = (text: string, id: string) => new RegExp(`(^|[^A-Za-z0-9._-])${id.replace(/[.]/g, "\\.")}($|[^A-Za-z0-9_-]|\\.(?![A-Za-z0-9]))`).test(text);

const examples = loadExamplePlans().filter((e) => e.plan.clusters.length <= 20);

describe.each(examples)("$name", ({ plan: original }) => {
  it.each(VARIANTS)("with cluster ids %s: prose reads once, scripts name their own cluster, links watch the method's sources", (_label, rename) => {
    const plan = variant(original, rename);
    const files = buildBundle(plan);
    const steps = files.find((f) => f.path === "STEPS.md")!.content;
    const text = prose(steps);

    expect(text).not.toContain("each cluster each cluster");
    expect(text).not.toMatch(/[A-Za-z]each cluster|each cluster[A-Za-z]/);
    expect(text.split("\n").find((l) => REPEATED.test(l))).toBeUndefined();
    // No paragraph says the same sentence twice (an eksctl paragraph once per service account).
    for (const paragraph of text.split("\n")) {
      const sentences = paragraph.split(/(?<=\.) /).filter((s) => s.length > 40);
      expect({ paragraph, twice: sentences.find((s, i) => sentences.indexOf(s) !== i) }).toEqual({ paragraph, twice: undefined });
    }

    for (const c of plan.clusters) {
      const others = plan.clusters.filter((o) => o.id !== c.id && !names(c.id, o.id));
      for (const f of files.filter((f) => f.path.startsWith(`clusters/${c.id}/steps/`))) {
        const [, title, why] = f.content.split("\n");
        const header = `${title}\n${why}`;
        expect(header, f.path).not.toMatch(/[A-Za-z]each cluster|each cluster[A-Za-z]/);
        expect({ script: f.path, repeated: REPEATED.exec(header)?.[0] }).toEqual({ script: f.path, repeated: undefined });
        for (const o of others) {
          expect({ script: f.path, title, names: names(title, o.id) ? o.id : undefined }).toEqual({ script: f.path, title, names: undefined });
          if (o.displayName && o.displayName !== c.displayName) expect(title, f.path).not.toContain(o.displayName);
        }
      }
    }

    const links = [...steps.matchAll(/\/status\?([^\s),]+)/g)].map((m) => new URLSearchParams(m[1]));
    expect(links.length).toBeGreaterThan(0);
    for (const q of links) {
      const watched: string[] = (q.get("method") ?? "").split(",").flatMap((m): readonly string[] => sourcesOfLinkMethod(m) ?? [`unknown ${m}`]);
      expect([...new Set(watched)].sort()).toEqual([...sourcesOf(plan.method)].sort());
      // The whole list or none: never a shortened one.
      const listed = q.get("clusters");
      if (listed !== null) expect(listed.split(",").sort()).toEqual(plan.clusters.map((c) => c.id).sort());
    }
  });
});

describe("the 150-cluster example", () => {
  it("links the status page with every cluster or none, never a shortened list", () => {
    const plan = loadExamplePlans().find((e) => e.plan.clusters.length > 20)!.plan;
    const files = buildBundle(plan);
    const links = files.flatMap((f) => [...f.content.matchAll(/\/status\?([^\s),]+)/g)].map((m) => new URLSearchParams(m[1])));
    expect(links.length).toBeGreaterThan(0);
    for (const q of links) {
      expect(q.get("clusters")?.split(",").length ?? plan.clusters.length).toBe(plan.clusters.length);
      expect(q.get("clusters") ?? "").not.toContain("…");
    }
  });
});
