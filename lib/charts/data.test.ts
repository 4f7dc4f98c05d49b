import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chartKeys, chartRefusals, defaultTypes, forgetSuppliedCharts, referenceVersionFor, registerSuppliedChart, shippedVersions, suppliedLabel } from "./data";
import { indexText } from "./derive/index-file";
import { COMPANION_CHARTS, KUBECOST_LINES, versionsWithData } from "@/lib/plan/kubecost-lines";

describe("chart data folder", () => {
  it("has an index that matches the version folders (rebuild it with npm run chart-data -- --index)", () => {
    expect(readFileSync("data/charts/index.json", "utf8")).toBe(indexText());
  });

  it("holds keys and types for every version a Kubecost line names", () => {
    for (const line of KUBECOST_LINES) {
      for (const version of versionsWithData(line)) {
        expect(shippedVersions(line.chart), `${line.chart} ${version}`).toContain(version);
        expect(chartKeys({ chart: line.chart, version }).templatePaths.length).toBeGreaterThan(100);
        expect(Object.keys(defaultTypes({ chart: line.chart, version })).length).toBeGreaterThan(100);
      }
    }
  });

  it("holds data for every companion chart at the version the line table pins", () => {
    for (const [chart, { version }] of Object.entries(COMPANION_CHARTS)) expect(shippedVersions(chart), chart).toContain(version);
  });

  it("stands in the nearest version: same minor, then the line's verified version, then the newest of the major", () => {
    expect(referenceVersionFor({ chart: "cost-analyzer", version: "2.9.3" })).toBe("2.9.7");
    expect(referenceVersionFor({ chart: "cost-analyzer", version: "2.5.0" })).toBe("2.8.7");
    expect(referenceVersionFor({ chart: "kubecost", version: "3.3.0" })).toBe("3.2.1");
    expect(() => referenceVersionFor({ chart: "kubecost", version: "4.0.0" })).toThrow(/No chart data for kubecost 4.0.0; known: 3.2.1/);
  });

  it("checks against a supplied chart of that exact version, and says so", () => {
    registerSuppliedChart("kubecost", "3.3.0", {
      keys: { chart: "kubecost", tag: "3.3.0", templatePaths: ["global.clusterId"], wholesalePaths: [], wholesaleExcept: {} },
      types: { "global.clusterId": "string" },
      refusals: [{ path: "kubecostModel", message: "no longer supported" }],
    });
    try {
      expect(referenceVersionFor({ chart: "kubecost", version: "3.3.0" })).toBe("3.3.0");
      expect(chartKeys({ chart: "kubecost", version: "3.3.0" }).templatePaths).toEqual(["global.clusterId"]);
      expect(chartRefusals({ chart: "kubecost", version: "3.3.0" })).toEqual([{ path: "kubecostModel", message: "no longer supported" }]);
      expect(suppliedLabel({ chart: "kubecost", version: "3.3.0" })).toBe("kubecost 3.3.0 you supplied");
      expect(suppliedLabel({ chart: "kubecost", version: "3.2.1" })).toBeUndefined();
    } finally {
      forgetSuppliedCharts();
    }
    expect(referenceVersionFor({ chart: "kubecost", version: "3.3.0" })).toBe("3.2.1");
  });
});
