import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildBundle } from "../index";
import { loadExamplePlans } from "@/test/support/example-plans";
import { fleetOf } from "../fleet/scale";
import { AGGREGATOR_SIZING_DOCS } from "./aggregator-sizing";

// Issue 20: the primary's Aggregator is sized from the cluster count, after Kubecost's published
// configurations; a small federation keeps the chart's defaults.

const example = (name: string) => loadExamplePlans().find((e) => e.name === name)!.plan;
/** The primary's values file and its parsed body. */
function primaryValues(plan: ReturnType<typeof example>) {
  const primary = plan.clusters.find((c) => c.role === "primary")!;
  const file = buildBundle(plan).find((f) => f.path === `clusters/${primary.id}/values.yaml`)!;
  return { text: file.content, values: parse(file.content) as Record<string, Record<string, unknown>> };
}
const OPTIMIZED = { requests: { cpu: "4", memory: "12Gi" }, limits: { cpu: "6", memory: "16Gi" } };

describe("the primary's Aggregator size", () => {
  it("150 clusters, Federated ETL (2.x): the optimized resources and a 512Gi database volume, with the public page and what is ours said", () => {
    const plan = example("federated-etl-150.yaml");
    expect(plan.clusters).toHaveLength(150);
    const { text, values } = primaryValues(plan);
    expect(values.kubecostAggregator).toMatchObject({ deployMethod: "statefulset", resources: OPTIMIZED, aggregatorDbStorage: { storageRequest: "512Gi" } });
    expect(text).toContain(`# Aggregator sized for 150 clusters: requests 4 CPU / 12Gi, limits 6 CPU / 16Gi, a 512Gi database volume.`);
    expect(text).toContain(AGGREGATOR_SIZING_DOCS);
    expect(text).toContain("Kubecost sizes by containers, not clusters: this mapping is our own.");
    expect(text).toContain("Beyond 60k containers a day Kubecost publishes no figure");
    expect(text).toContain("set aggregatorDbStorage.storageClass to a fast SSD class");
  });

  it("150 clusters, federated storage (3.x): the same size under the 3.x chart's aggregator key", () => {
    const plan = fleetOf(example("federated-storage.yaml"), 150);
    const { values } = primaryValues(plan);
    expect(values.aggregator).toMatchObject({ enabled: true, resources: OPTIMIZED, aggregatorDbStorage: { storageRequest: "512Gi" } });
  });

  it("40 clusters: the optimized size with the chart's 128Gi volume stated", () => {
    const { values } = primaryValues(fleetOf(example("federated-storage.yaml"), 40));
    expect(values.aggregator).toMatchObject({ resources: OPTIMIZED, aggregatorDbStorage: { storageRequest: "128Gi" } });
  });

  it("3 clusters: the chart's defaults, said in the comment; agents get no Aggregator settings", () => {
    const plan = example("federated-storage.yaml");
    expect(plan.clusters).toHaveLength(3);
    const { text, values } = primaryValues(plan);
    expect(values.aggregator).toEqual({ enabled: true });
    expect(text).toContain(`# Aggregator: the chart's default size, Kubecost's basic configuration (fewer than 20k containers a day) for 3 clusters (${AGGREGATOR_SIZING_DOCS}).`);
    const etl = example("federated-etl.yaml");
    const { values: etlValues } = primaryValues(etl);
    expect(etlValues.kubecostAggregator).toEqual({ deployMethod: "statefulset" });
    const agent = etl.clusters.find((c) => c.role !== "primary")!;
    const agentFile = buildBundle(etl).find((f) => f.path === `clusters/${agent.id}/values.yaml`)!.content;
    expect(agentFile).not.toContain("# Aggregator");
    expect((parse(agentFile) as { kubecostAggregator: unknown }).kubecostAggregator).toEqual({ deployMethod: "disabled" });
  });
});
