import { describe, expect, it } from "vitest";
import { buildBundle } from "../index";
import { installOrder } from "@/lib/plan/install-order";
import { loadExamplePlans } from "@/test/support/example-plans";
import { supplyInputs, writeBundle } from "@/test/support/fleet-bundle";

// Issue 20, "two orders at once": STEPS.md and the primary's notes said "agents first" for 3.x
// while install.sh always ran the primary first. install.sh now follows the method's install
// order (lib/plan/install-order.ts), like the notes. Real bash, stub tools.

const ENV = { AWS_ACCOUNT_ID: "123456789012" };
const examples = loadExamplePlans().filter((e) => ["federated-storage.yaml", "federated-etl.yaml"].includes(e.name));

describe("install.sh runs the clusters in the method's install order", () => {
  for (const { name, plan } of examples) {
    it(`${name}: ${installOrder(plan.method).first} first, as STEPS.md says`, () => {
      const bundle = buildBundle(plan);
      const box = writeBundle(bundle);
      supplyInputs(box);
      const r = box.run(["--all", "--parallel", "1"], ENV);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      // Stage by stage, and within each stage the clusters in the install order.
      const stages = r.stdout.split(/^Stage \d+\n/m).slice(1);
      expect(stages.length).toBeGreaterThan(1);
      const primary = plan.clusters.find((c) => c.role === "primary")!.id;
      for (const stage of stages) {
        const finished = stage.split("\n").filter((l) => l.startsWith("ok ")).map((l) => l.split(/\s+/)[1]);
        if (finished.length < plan.clusters.length) continue;
        expect(finished).toHaveLength(plan.clusters.length);
        expect(finished.indexOf(primary)).toBe(installOrder(plan.method).first === "primary" ? 0 : plan.clusters.length - 1);
      }
      expect(stages.filter((st) => st.split("\n").filter((l) => l.startsWith("ok ")).length === plan.clusters.length).length).toBeGreaterThan(0);
      expect(r.stdout).toContain(`Summary: ${plan.clusters.length} succeeded, 0 failed.`);
      const steps = bundle.find((f) => f.path === "STEPS.md")!.content;
      expect(steps).toContain(installOrder(plan.method).first === "primary" ? "the primary first, then the agents" : "the agents 4 at a time, then the primary");
    }, 120_000);
  }
});
