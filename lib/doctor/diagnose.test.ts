import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { unreadValuePaths } from "@/lib/charts/lint";
import { generatePlan } from "@/lib/generate";
import { planFrom } from "@/test/support/generated-plan";
import { diagnose, type DoctorReport } from "./diagnose";
import { refusedPaths, wrongTypes } from "./lints";

const fixture = readFileSync(path.join(__dirname, "fixtures/kubecost-2.4.2-amp-primary.yaml"), "utf8");
const k3 = { chart: "kubecost", version: "3.2.1" } as const;

function report(text: string, target = "3.2.1", extra: { secretKey?: string; fileName?: string } = {}): DoctorReport {
  const r = diagnose({ text, target, ...extra });
  if (!r.ok) throw new Error(r.problems[0].message);
  return r.value;
}
const statusOf = (r: DoctorReport) => Object.fromEntries(r.keys.map((k) => [k.path, k.status]));

describe("doctor: a 2.4.2 values file against 3.2.1", () => {
  const r = report(fixture);

  it("names every key 3.2.1 fails the install on, with what replaced it", () => {
    const s = statusOf(r);
    for (const p of [
      "global.amp.enabled", "sigV4Proxy.region", "kubecostModel.federatedStorageConfigSecret", "federatedETL.federatedCluster",
      "federatedETL.useMultiClusterDB", "kubecostAggregator.deployMethod", "kubecostFrontend.enabled",
      "prometheus.server.global.external_labels.cluster_id", "kubecostProductConfigs.clusterName", "kubecostProductConfigs.cloudIntegrationSecret",
    ]) expect(s[p], p).toBe("fails");
    const byPath = new Map(r.keys.map((k) => [k.path, k]));
    expect(byPath.get("kubecostModel.federatedStorageConfigSecret")!.to).toBe("global.federatedStorage.existingSecret");
    expect(byPath.get("kubecostAggregator.aggregatorDbStorage.storageRequest")!.to).toBe("aggregator.aggregatorDbStorage.storageRequest");
    expect(byPath.get("global.amp.enabled")!.message).toContain("(Amazon Managed Prometheus) is no longer supported");
  });

  it("names the keys 3.2.1 ignores and those it reads", () => {
    expect(statusOf(r)).toMatchObject({ "global.thanos.enabled": "removed", "serviceAccount.name": "read", "kubecostProductConfigs.productKey.enabled": "read" });
  });

  it("reports wrong types", () => {
    expect(r.types).toContainEqual({ path: "networkCosts.enabled", want: "bool", got: "string" });
  });

  it("rewrites a file that passes the 3.2.1 key, type and refused-key lints and that the doctor finds clean", () => {
    const v = parse(r.rewritten!);
    expect(unreadValuePaths(k3, v)).toEqual([]);
    expect(wrongTypes(k3, v)).toEqual([]);
    expect(refusedPaths(k3, v)).toEqual([]);
    const again = report(r.rewritten!);
    expect(again.keys.filter((k) => k.status !== "read")).toEqual([]);
    expect(again.problems).toEqual([]);
    expect(v).toMatchObject({
      global: { clusterId: "prod-east", acknowledged: true, federatedStorage: { existingSecret: "federated-store" } },
      aggregator: { enabled: true, aggregatorDbStorage: { storageRequest: "256Gi" } },
      frontend: { enabled: true },
      finopsagent: { enabled: true },
      localStore: { enabled: false },
      cloudCost: { cloudIntegrationSecret: "cloud-integration" },
    });
    expect(v).not.toHaveProperty("sigV4Proxy");
    expect(v).not.toHaveProperty("networkCosts");
    expect(r.changes).toContain("kubecostModel.federatedStorageConfigSecret -> global.federatedStorage.existingSecret");
    expect(r.changes).toContain("networkCosts.enabled removed: the chart wants a bool, the file has a string");
  });
});

describe("doctor: every generated 2.x values file moves to 3.2.1 cleanly", () => {
  const plan = planFrom({
    method: "federated-etl",
    kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
    storage: { bucket: "acme-etl", region: "us-east-1" },
    clusters: [{ id: "hub", role: "primary" }, { id: "edge", role: "agent" }],
  });
  for (const f of generatePlan(plan).steps.flatMap((s) => s.files).filter((x) => x.chartValues)) {
    it(f.path, () => {
      const r = report(f.content);
      const v = parse(r.rewritten!);
      expect([unreadValuePaths(k3, v), wrongTypes(k3, v), refusedPaths(k3, v)]).toEqual([[], [], []]);
      expect(v.global.clusterId).toBe(f.path.split("/")[1]);
      if (f.path.includes("edge")) expect(v).toMatchObject({ aggregator: { enabled: false }, frontend: { enabled: false }, finopsagent: { enabled: true } });
    });
  }
});

describe("doctor: cluster id and Secret key", () => {
  it("flags a missing and a default cluster id", () => {
    expect(report("aggregator:\n  enabled: true\n").problems[0]).toMatchObject({ path: "global.clusterId", message: expect.stringContaining("cluster-one") });
    expect(report("global:\n  clusterId: cluster-one\n").problems).toEqual([{ path: "global.clusterId", message: expect.stringContaining("chart default cluster-one") }]);
  });

  it("flags cluster ids that differ between their places (2.9 bridge)", () => {
    const text = "global:\n  clusterId: prod\n  federatedStorage:\n    existingSecret: federated-store\nprometheus:\n  server:\n    global:\n      external_labels:\n        cluster_id: prod-east\n";
    expect(report(text, "2.9.7").problems).toEqual([{ path: "prometheus.server.global.external_labels.cluster_id", message: expect.stringContaining("must be equal") }]);
  });

  it("flags a Secret key that does not match global.federatedStorage.fileName", () => {
    const text = "global:\n  clusterId: a\n  federatedStorage:\n    existingSecret: federated-store\n    fileName: store.yaml\n";
    expect(report(text, "3.2.1", { secretKey: "federated-store.yaml" }).problems).toEqual([{ path: "secretKey", message: expect.stringContaining("mounts store.yaml") }]);
    expect(report(text, "3.2.1", { secretKey: "store.yaml" }).problems).toEqual([]);
    // 2.9.7 mounts federated-store.yaml whatever fileName says.
    expect(report(text, "2.9.7").problems.map((p) => p.path)).toEqual(["global.federatedStorage.fileName"]);
  });

  it("checks a pasted object-store.yaml without repeating its keys", () => {
    const text = "type: S3\nconfig:\n  bucket: b\n  region: us-east-1\n  access_key: AKIAZZTESTKEY1234567\n  secret_key: zZ9secretTESTvalue\n  insecure_tls: true\n";
    const r = report(text, "3.2.1", { fileName: "object-store.yaml" });
    expect(r.kind).toBe("objstore");
    expect(r.problems.map((p) => p.path)).toEqual(["config.insecure_tls", "secretKey"]);
    expect(JSON.stringify(r)).not.toContain("zZ9secretTESTvalue");
    expect(JSON.stringify(r)).not.toContain("AKIAZZTESTKEY1234567");
  });
});

describe("doctor: bad input", () => {
  it("names the field", () => {
    expect(diagnose({ text: "a: 1", target: "4.0.0" })).toEqual({ ok: false, problems: [{ path: "target", message: expect.stringContaining("3.2.1") }] });
    expect(diagnose({ text: "a: [1", target: "3.2.1" })).toMatchObject({ ok: false, problems: [{ path: "text", message: expect.stringContaining("Not valid YAML") }] });
    expect(diagnose({ text: "- a\n- b\n", target: "3.2.1" })).toMatchObject({ ok: false, problems: [{ path: "text" }] });
    expect(diagnose({ text: "", target: "3.2.1" })).toMatchObject({ ok: false, problems: [{ path: "text", message: expect.stringContaining("empty") }] });
  });
});

describe("doctor: a bucket config inlined in the values", () => {
  it("checks it like a federated-store.yaml and flags keys in it, without repeating them", () => {
    const text = "global:\n  clusterId: a\n  federatedStorage:\n    config: |\n      type: S3\n      config:\n        bucket: acme\n        region: us-east-1\n        secret_key: zZ9secretTESTvalue\n        access_key: AKIAZZTESTKEY1234567\n        insecure_tls: true\n";
    const r = report(text);
    expect(r.problems.map((p) => p.path)).toEqual(["global.federatedStorage.config (config.insecure_tls)", "global.federatedStorage.config"]);
    expect(r.problems[1].message).toContain("holds access keys");
    expect(JSON.stringify(r.problems)).not.toContain("zZ9secretTESTvalue");
  });
});
