import { describe, expect, it } from "vitest";
import { defaultLineFor, methodLineProblem } from "./kubecost-lines";
import { planForMethod, starterPlan, switchChartLine, switchMethod } from "./defaults";
import { planFromSearchParams, planToSearchParams } from "./url";

// The wizard's view of the federated-storage method: newest line by default, the chart and
// repository follow the line, the agent namespace survives the link.
describe("federated storage in the wizard's plan", () => {
  it("starts on 3.x with the renamed chart's repository", () => {
    expect(defaultLineFor("federated-storage")).toBe("3.x");
    expect(starterPlan("federated-storage").kubecost).toMatchObject({ chartLine: "3.x", chartVersion: "3.2.1", chartRepo: "https://kubecost.github.io/kubecost" });
  });

  it("moves a 2.x ETL draft to 3.x when the method changes, keeping the bucket and clusters", () => {
    const etl = { ...starterPlan("federated-etl"), storage: { bucket: "acme", region: "eu-west-1", encryption: { type: "none" as const } }, clusters: [{ id: "hub", role: "primary" as const }] };
    const fs = switchMethod(etl, "federated-storage");
    expect(fs.kubecost).toMatchObject({ chartLine: "3.x", chartVersion: "3.2.1", chartRepo: "https://kubecost.github.io/kubecost" });
    expect(fs.storage?.bucket).toBe("acme");
    expect(fs.clusters).toEqual(etl.clusters);
    expect(switchChartLine(fs, "2.9").kubecost).toMatchObject({ chartVersion: "2.9.7", chartRepo: "https://kubecost.github.io/cost-analyzer/" });
  });

  it("says why 2.x and 1.x cannot run it", () => {
    expect(methodLineProblem("federated-storage", "1.x")).toMatch(/FinOps agent.*Choose chart line 3\.x or 2\.9/);
    expect(methodLineProblem("federated-etl", "3.x")).toMatch(/Choose chart line 2\.x/);
  });

  it("keeps the agent namespace through the link and drops an empty one", () => {
    const draft = { ...starterPlan("federated-storage"), kubecost: { ...starterPlan("federated-storage").kubecost, agentNamespace: "kubecost-agent" } };
    expect(planFromSearchParams(planToSearchParams(draft))?.kubecost.agentNamespace).toBe("kubecost-agent");
    const empty = { ...draft, kubecost: { ...draft.kubecost, agentNamespace: "" } };
    expect(planForMethod(empty).kubecost).not.toHaveProperty("agentNamespace");
  });
});
