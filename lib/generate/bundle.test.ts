import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validatePlan } from "@/lib/plan/validate";
import { buildBundle, PLAN_FILE } from "./index";
import { loadExamplePlans } from "@/test/support/example-plans";
import { planFrom } from "@/test/support/generated-plan";

describe("the bundle's plan.yaml", () => {
  for (const { name, plan } of loadExamplePlans()) {
    it(`${name}: regenerates exactly the same bundle`, () => {
      const bundle = buildBundle(plan);
      const file = bundle.find((f) => f.path === PLAN_FILE)!;
      const again = validatePlan(parse(file.content));
      if (!again.ok) throw new Error(JSON.stringify(again.problems));
      expect(buildBundle(again.value)).toEqual(bundle);
    });
  }

  it("never holds typed access keys; the regenerated files keep placeholders instead", () => {
    const keyId = "AKIAIOSFODNN7EXAMPLE";
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const plan = planFrom({
      method: "federated-etl",
      kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
      storage: { bucket: "acme-etl", region: "us-east-1" },
      auth: { mode: "access-keys", accessKeyId: keyId, secretAccessKey: secret },
      clusters: [{ id: "a", role: "primary" }],
    });
    const bundle = buildBundle(plan);
    const planYaml = bundle.find((f) => f.path === PLAN_FILE)!.content;
    expect(planYaml).not.toContain(keyId);
    expect(planYaml).not.toContain(secret);
    expect(parse(planYaml).auth).toEqual({ mode: "access-keys" });
    // The keys the admin typed still reach the Secret's file in this bundle, and only that file.
    expect(bundle.filter((f) => f.content.includes(secret)).map((f) => f.path)).toEqual(["federated-store.yaml"]);
  });
});
