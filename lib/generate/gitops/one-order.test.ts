import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { buildBundle, generateOutput } from "../index";
import { installOrder, installOrderNote, installWave, ORDER_LEAD } from "@/lib/plan/install-order";
import type { FederationPlan } from "@/lib/plan/schema";
import { loadExamplePlans } from "@/test/support/example-plans";
import { APPLICATIONSET_FILE, INSTALL_WAVE_LABEL } from "./argocd";

// Issue 20, "two orders at once": the order between the primary and the agents lives in
// lib/plan/install-order.ts, and install.sh's run, STEPS.md, the step scripts' notes, the
// ApplicationSets' RollingSync steps and helmfile's needs all follow it, for every example.
// install.sh's run is checked on the one run of each example that fleet/fleet.test.ts makes (and
// of each grown fleet, gitops.test.ts): a run of its own here was a fourth install of the same
// bundle (test/support/install-run.ts, expectWaveOrder).

/** The 150-cluster example on its first clusters: the others repeat the agents' shape. */
const AT_MOST = 12;
const few = (plan: FederationPlan): FederationPlan => ({ ...plan, clusters: plan.clusters.slice(0, AT_MOST) });

/** Every label selector of a RollingSync step, as the wave numbers it selects. */
const stepWaves = (doc: { spec: { strategy?: { rollingSync: { steps: { matchExpressions: { key: string; operator: string; values: string[] }[] }[] } } } }) =>
  (doc.spec.strategy?.rollingSync.steps ?? []).map((s) => {
    expect(s.matchExpressions).toHaveLength(1);
    expect(s.matchExpressions[0]).toMatchObject({ key: INSTALL_WAVE_LABEL, operator: "In" });
    return s.matchExpressions[0].values.map(Number);
  });

for (const { name, plan: asWritten } of loadExamplePlans()) {
  const plan = few(asWritten);
  const order = installOrder(plan.method);
  const wave = new Map(plan.clusters.map((c) => [c.id, installWave(plan, c)]));
  const primary = plan.clusters.find((c) => c.role === "primary")!;
  const other = order.first === "primary" ? "agents" : "primary";

  describe(`one install order: ${name} (${order.first} first)`, () => {
    const output = generateOutput(plan);
    const bundle = buildBundle(plan, output);
    const file = (p: string) => bundle.find((f) => f.path === p)!.content;

    it("the primary is in the wave the method's order puts it in", () => {
      expect(wave.get(primary.id)).toBe(order.first === "primary" ? 1 : 2);
      for (const c of plan.clusters.filter((x) => x.role !== "primary")) expect(wave.get(c.id)).toBe(order.first === "primary" ? 2 : 1);
    });

    it("STEPS.md and every step script say the same order, never the other one", () => {
      const steps = file("STEPS.md");
      const runs = [...steps.matchAll(/^# Every cluster in clusters\.tsv, (.*?);/gm)].map((m) => m[1]);
      expect(runs.length).toBeGreaterThan(0);
      for (const said of runs) expect(said).toBe(order.first === "primary" ? "the primary first, then the agents 4 at a time" : "the agents 4 at a time, then the primary");
      for (const f of bundle.filter((x) => x.path.endsWith(".sh") || x.path === "STEPS.md")) expect(f.content, f.path).not.toContain(ORDER_LEAD[other]);
      // The generators that write the order into the primary's install script write this one.
      if (["federated-storage", "federated-etl"].includes(plan.method)) {
        const primaryScripts = bundle.filter((f) => f.path.startsWith(`clusters/${primary.id}/steps/`) && f.path.includes("-install"));
        expect(primaryScripts.some((f) => f.content.includes(`# ${installOrderNote(plan.method)}`))).toBe(true);
      }
    });

    it("ApplicationSets: every Application carries its cluster's wave, and RollingSync syncs wave 1 before wave 2", () => {
      const docs = parseAllDocuments(file(APPLICATIONSET_FILE)).map((d) => d.toJS());
      for (const doc of docs) {
        expect(doc.spec.template.metadata.labels[INSTALL_WAVE_LABEL]).toBe("{{.wave}}");
        const elements = doc.spec.generators[0].list.elements as { cluster: string; wave: string }[];
        for (const e of elements) expect(e.wave, e.cluster).toBe(String(wave.get(e.cluster)));
        const present = [...new Set(elements.map((e) => Number(e.wave)))].sort();
        if (present.length > 1) {
          expect(doc.spec.strategy.type).toBe("RollingSync");
          expect(stepWaves(doc)).toEqual([[1], [2]]);
        } else {
          expect(doc.spec.strategy).toBeUndefined();
        }
      }
      expect(file(APPLICATIONSET_FILE)).toContain(`argocd app sync -l ${INSTALL_WAVE_LABEL}=1, then -l ${INSTALL_WAVE_LABEL}=2`);
    });

    it("helmfile: through needs, every second-wave release waits for every first-wave release, and no first-wave release for a second-wave one", () => {
      const hf = output.gitops.find((f) => f.path.startsWith("helmfile"))!;
      const releases = (parse(hf.content) as { releases: { name: string; namespace: string; kubeContext: string; labels: { cluster: string }; needs?: string[] }[] }).releases;
      const id = (r: (typeof releases)[number]) => `${r.kubeContext}/${r.namespace}/${r.name}`;
      const byId = new Map(releases.map((r) => [id(r), r]));
      const closure = (r: (typeof releases)[number], seen = new Set<string>()): Set<string> => {
        for (const n of r.needs ?? []) {
          expect(byId.has(n), `${id(r)} needs ${n}, which is no release of this helmfile`).toBe(true);
          if (!seen.has(n)) {
            seen.add(n);
            closure(byId.get(n)!, seen);
          }
        }
        return seen;
      };
      const first = releases.filter((r) => wave.get(r.labels.cluster) === 1).map(id);
      for (const r of releases) {
        const before = closure(r);
        if (wave.get(r.labels.cluster) === 2) for (const f of first) expect(before.has(f), `${id(r)} waits for ${f}`).toBe(true);
        else for (const b of before) expect(wave.get(byId.get(b)!.labels.cluster), `${id(r)} needs ${b}`).toBe(1);
      }
    });
  });
}
