import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KUBECOST_LINES } from "@/lib/plan/kubecost-lines";
import { refusedPaths, wrongTypes } from "@/lib/doctor/lints";
import { generatePlan } from "./index";
import { loadExamplePlans } from "./examples.test-helpers";

// Beside the key lint of all-plans.test.ts: every example's Kubecost values files are typed as
// their chart's defaults, and none holds a key its chart version fails the install on. Every
// supported line has at least one example.
const examples = loadExamplePlans();

describe("example plans: Kubecost type and refused-key lints", () => {
  it("cover every supported chart line", () => {
    expect(new Set(examples.map((e) => e.plan.kubecost.chartLine))).toEqual(new Set(KUBECOST_LINES.map((l) => l.id)));
  });

  for (const { name, plan } of examples) {
    it(name, () => {
      const files = generatePlan(plan).steps.flatMap((s) => s.files).filter((f) => f.chartValues && (f.chartValues.chart === "kubecost" || f.chartValues.chart === "cost-analyzer"));
      expect(files.length, name).toBeGreaterThan(0);
      for (const f of files) {
        const v = parse(f.content);
        expect({ f: f.path, types: wrongTypes(f.chartValues!, v), refused: refusedPaths(f.chartValues!, v) }).toEqual({ f: f.path, types: [], refused: [] });
      }
    });
  }
});
