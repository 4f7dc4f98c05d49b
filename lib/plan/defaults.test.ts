import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { addClusters, draftFromPlan, parseClusterList, planForMethod, starterPlan, switchChartLine, switchMethod } from "./defaults";
import { parsePlanText } from "./load";
import { planWithoutSecrets, type FederationPlan } from "./schema";
import { planFromSearchParams, planToSearchParams } from "./url";
import { validatePlan } from "./validate";

const EXAMPLES = path.resolve(import.meta.dirname, "../../examples");

function validExample(name: string): FederationPlan {
  const r = validatePlan(parsePlanText(readFileSync(path.join(EXAMPLES, name), "utf8"), name));
  if (!r.ok) throw new Error(`${name} is not a valid plan: ${JSON.stringify(r.problems)}`);
  return r.value;
}

describe("wizard defaults", () => {
  it("starts bundled Thanos on 1.x and switches the line when the method needs it", () => {
    const thanos = starterPlan("thanos-bundled");
    expect(thanos.kubecost).toMatchObject({ chartLine: "1.x", chartVersion: "1.108.1" });
    const etl = switchMethod({ ...thanos, clusters: [{ id: "a", role: "primary" }] }, "federated-etl");
    expect(etl.kubecost).toMatchObject({ chartLine: "2.x", chartVersion: "2.8.7" });
    expect(etl.clusters).toEqual([{ id: "a", role: "primary" }]);
    expect(switchMethod(etl, "thanos-standalone").kubecost.chartLine).toBe("2.x");
  });

  it("moves the chart version with the line unless the admin typed their own", () => {
    const p = starterPlan("federated-etl");
    expect(switchChartLine(p, "1.x").kubecost.chartVersion).toBe("1.108.1");
    expect(switchChartLine({ ...p, kubecost: { ...p.kubecost, chartVersion: "2.3.0" } }, "1.x").kubecost.chartVersion).toBe("2.3.0");
  });

  it("hands the generators only what the method uses, without empty optional fields", () => {
    const draft = switchMethod(
      { ...starterPlan("thanos-standalone"), thanosDomain: "example.com", storage: { bucket: "acme", region: "us-east-1", endpoint: "", prefix: "" }, clusters: [{ id: "a", role: "primary", sidecarHost: "x.example.com", displayName: "" }] },
      "federated-etl",
    );
    const plan = planForMethod(draft);
    expect(plan).not.toHaveProperty("thanosDomain");
    expect(plan).not.toHaveProperty("amp");
    expect(plan.storage).toEqual({ bucket: "acme", region: "us-east-1" });
    expect(plan.clusters).toEqual([{ id: "a", role: "primary" }]);
    expect(validatePlan(plan).ok).toBe(true);
  });

  it("adds pasted cluster lists, replacing blank rows, first one primary", () => {
    expect(parseClusterList("prod-1\nprod-2, prod-3;  prod-4\n\n")).toEqual(["prod-1", "prod-2", "prod-3", "prod-4"]);
    expect(addClusters([{ id: "", role: "agent" }], ["a", "b"])).toEqual([
      { id: "a", role: "primary" },
      { id: "b", role: "agent" },
    ]);
    expect(addClusters([{ id: "x", role: "primary" }], ["a"])).toEqual([
      { id: "x", role: "primary" },
      { id: "a", role: "agent" },
    ]);
  });

  describe("an opened plan file becomes the draft", () => {
    const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"));

    it.each(examples)("%s survives the wizard's link/localStorage encoding and validates back to itself", (name) => {
      const plan = validExample(name);
      const draft = draftFromPlan(plan);
      // The wizard stores the draft as search params (lib/plan/browser-storage.ts) and restores from them.
      const restored = planFromSearchParams(planToSearchParams(draft));
      expect(restored).not.toBeNull();
      for (const d of [draft, restored!]) {
        const again = validatePlan(planForMethod(d));
        expect(again.ok && again.value).toEqual(planWithoutSecrets(plan));
      }
    });

    it("drops access keys but keeps the mode, and does not share objects with the plan", () => {
      const example = validExample("thanos-bundled-access-keys.yaml");
      const withKeys = validatePlan({ ...example, auth: { mode: "access-keys", accessKeyId: "AKIAZZTESTKEY1234567", secretAccessKey: "zZ9/secretTESTvalue+abcdefghijklmnopqrstu" } });
      if (!withKeys.ok) throw new Error(JSON.stringify(withKeys.problems));
      const plan = withKeys.value;
      const draft = draftFromPlan(plan);
      expect(draft.auth).toEqual({ mode: "access-keys" });
      expect(planToSearchParams(draft).toString()).not.toContain("AKIA");
      draft.clusters[0].id = "edited";
      expect(plan.clusters[0].id).not.toBe("edited");
    });
  });
});
