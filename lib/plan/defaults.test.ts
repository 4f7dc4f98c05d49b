import { describe, expect, it } from "vitest";
import { addClusters, parseClusterList, planForMethod, starterPlan, switchChartLine, switchMethod } from "./defaults";
import { validatePlan } from "./validate";

describe("wizard defaults", () => {
  it("starts bundled Thanos on 1.x and switches the line when the method needs it", () => {
    const thanos = starterPlan("thanos-bundled");
    expect(thanos.kubecost).toMatchObject({ chartLine: "1.x", chartVersion: "1.108.1" });
    const etl = switchMethod({ ...thanos, clusters: [{ id: "a", role: "primary" }] }, "federated-etl");
    expect(etl.kubecost).toMatchObject({ chartLine: "2.x", chartVersion: "2.4.2" });
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
});
