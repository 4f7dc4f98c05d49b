import { describe, expect, it } from "vitest";
import { DEFAULT_ANSWERS, linesText, recommendMethod, type ChooserAnswers } from "./recommend";
import { KUBECOST_LINES, METHODS } from "./kubecost-lines";

const ask = (a: Partial<ChooserAnswers>) => recommendMethod({ ...DEFAULT_ANSWERS, ...a });

describe("help me choose", () => {
  it("recommends Kubecost 3.x federated storage for a new install (the default answer), and on 3.x and 2.9, with reasons", () => {
    expect(DEFAULT_ANSWERS.kubecostVersion).toBe("none");
    const fresh = ask({});
    expect(fresh.method).toBe("federated-storage");
    expect(fresh.reasons[0]).toBe("New installs get Kubecost 3.x, the current line (3.2.1): each cluster's FinOps agent writes its cost data to one bucket and the primary's aggregator reads it.");
    expect(fresh.reasons.length).toBeGreaterThanOrEqual(3);
    for (const kubecostVersion of ["3.x", "2.9"] as const) expect(ask({ kubecostVersion }).method).toBe("federated-storage");
    expect(ask({ kubecostVersion: "2.9" }).reasons[0]).toMatch(/bridge to 3\.x/);
  });

  it("on 3.x says what 2.x methods offered instead of recommending a method the line does not run", () => {
    const r = ask({ kubecostVersion: "3.x", needRawPromQL: true, preferAwsManaged: true });
    expect(r.method).toBe("federated-storage");
    expect(r.cautions.join(" ")).toContain("Raw PromQL across clusters is outside Kubecost 3.x");
    expect(r.cautions.join(" ")).toContain("The AMP methods run on Kubecost 2.x only");
  });

  it("keeps Federated ETL on Kubecost 2.x, pointing at 3.x", () => {
    const r = ask({ kubecostVersion: "2.x", clusterCount: 12 });
    expect(r.method).toBe("federated-etl");
    expect(r.reasons.join(" ")).not.toMatch(/preferred/);
    expect(r.alternatives[0].method).toBe("federated-storage");
  });

  it("uses the AMP quick start up to 100 clusters and AMP + ETL bucket beyond", () => {
    expect(ask({ kubecostVersion: "2.x", preferAwsManaged: true, clusterCount: 100 }).method).toBe("amp");
    const big = ask({ kubecostVersion: "2.x", preferAwsManaged: true, clusterCount: 101 });
    expect(big.method).toBe("amp-federated");
    expect(big.reasons.join(" ")).toMatch(/beyond the quick start's 100/);
  });

  it("recommends Thanos standalone for raw PromQL on the lines it runs on, warning about cost at scale", () => {
    for (const kubecostVersion of ["1.x", "2.x"] as const) {
      expect(ask({ needRawPromQL: true, kubecostVersion }).method).toBe("thanos-standalone");
    }
    const r = ask({ kubecostVersion: "2.x", needRawPromQL: true, clusterCount: 3 });
    expect(r.cautions).toEqual([]);
    expect(r.reasons.join(" ")).toContain("(Kubecost 2.x and 1.108)");
    expect(r.reasons.join(" ")).not.toMatch(/any Kubecost version/);
    expect(ask({ kubecostVersion: "2.x", needRawPromQL: true, clusterCount: 40 }).cautions.join(" ")).toMatch(/costly/);
    expect(ask({ kubecostVersion: "2.x", needRawPromQL: true, existingPrometheus: true }).reasons.join(" ")).toMatch(/kube-prometheus-stack/);
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
    for (const a of [{}, { kubecostVersion: "2.x" as const }, { kubecostVersion: "2.x" as const, preferAwsManaged: true }, { kubecostVersion: "2.x" as const, needRawPromQL: true }, { kubecostVersion: "1.x" as const, clusterCount: 2 }]) {
      const r = ask(a);
      expect(r.alternatives.map((x) => x.method)).not.toContain(r.method);
      expect(r.reasons.length).toBeGreaterThan(0);
    }
  });

  it("says which lines run each method from the line table the version step reads (the method cards show it)", () => {
    const name = (id: string) => (id === "1.x" ? "1.108" : id);
    for (const m of METHODS) {
      const text = linesText(m);
      for (const l of KUBECOST_LINES) expect(new RegExp(`\\b${name(l.id).replace(".", "\\.")}\\b`).test(text), `${m} ${l.id}`).toBe(l.methods.includes(m));
    }
    expect(linesText("thanos-standalone")).toBe("Kubecost 2.x and 1.108");
  });
});
