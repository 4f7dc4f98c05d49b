import { describe, expect, it } from "vitest";
import { DEFAULT_ANSWERS, recommendMethod, type ChooserAnswers } from "./recommend";

const ask = (a: Partial<ChooserAnswers>) => recommendMethod({ ...DEFAULT_ANSWERS, ...a });

describe("help me choose", () => {
  it("prefers Federated ETL on Kubecost 2.x, and 3.x federated storage for new installs", () => {
    expect(ask({ kubecostVersion: "2.x", clusterCount: 12 }).method).toBe("federated-etl");
    const fresh = ask({ kubecostVersion: "none" });
    expect(fresh.method).toBe("federated-storage");
    expect(fresh.reasons.join(" ")).toMatch(/Kubecost 3\.x, the current line/);
  });

  it("uses the AMP quick start up to 100 clusters and AMP + ETL bucket beyond", () => {
    expect(ask({ preferAwsManaged: true, clusterCount: 100 }).method).toBe("amp");
    const big = ask({ preferAwsManaged: true, clusterCount: 101 });
    expect(big.method).toBe("amp-federated");
    expect(big.reasons.join(" ")).toMatch(/beyond the quick start's 100/);
  });

  it("recommends Thanos standalone for raw PromQL with any Kubecost version, warning about cost at scale", () => {
    for (const kubecostVersion of ["1.x", "2.x", "none"] as const) {
      expect(ask({ needRawPromQL: true, kubecostVersion }).method).toBe("thanos-standalone");
    }
    expect(ask({ needRawPromQL: true, clusterCount: 3 }).cautions).toEqual([]);
    expect(ask({ needRawPromQL: true, clusterCount: 40 }).cautions.join(" ")).toMatch(/costly/);
    expect(ask({ needRawPromQL: true, existingPrometheus: true }).reasons.join(" ")).toMatch(/kube-prometheus-stack/);
  });

  it("keeps small Kubecost 1.x federations on the bundled Thanos, with the 2.x removal spelled out", () => {
    const r = ask({ kubecostVersion: "1.x", clusterCount: 4 });
    expect(r.method).toBe("thanos-bundled");
    expect(r.cautions.join(" ")).toMatch(/2\.x removed the bundled Thanos/);
  });

  it("moves large Kubecost 1.x federations to Federated ETL with an upgrade caution", () => {
    const r = ask({ kubecostVersion: "1.x", clusterCount: 30 });
    expect(r.method).toBe("federated-etl");
    expect(r.cautions.join(" ")).toMatch(/Upgrade every cluster to Kubecost 2\.x/);
    expect(r.cautions.join(" ")).toMatch(/Aggregator more memory/);
  });

  it("never recommends itself as its own alternative", () => {
    for (const a of [{}, { preferAwsManaged: true }, { needRawPromQL: true }, { kubecostVersion: "1.x" as const, clusterCount: 2 }]) {
      const r = ask(a);
      expect(r.alternatives.map((x) => x.method)).not.toContain(r.method);
      expect(r.reasons.length).toBeGreaterThan(0);
    }
  });
});
