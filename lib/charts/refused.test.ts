import { describe, expect, it } from "vitest";
import { missingBeside, refusedKeys } from "./refused";
import { typeMismatches } from "./types";

const ca = (version: string) => ({ chart: "cost-analyzer", version }) as const;
const id = (cluster_id: string) => ({ prometheus: { server: { global: { external_labels: { cluster_id } } } } });

describe("refused keys", () => {
  it("1.108.1 refuses cluster-one (also when unset) once Thanos or a federated store is on", () => {
    expect(refusedKeys(ca("1.108.1"), { global: { thanos: { enabled: true } } })[0].message).toContain("set to default 'cluster-one'");
    expect(refusedKeys(ca("1.108.1"), { global: { thanos: { enabled: true } }, ...id("cluster-one") })).toHaveLength(1);
    expect(refusedKeys(ca("1.108.1"), { global: { thanos: { enabled: true } }, ...id("hub") })).toEqual([]);
    expect(refusedKeys(ca("1.108.1"), { global: { thanos: { enabled: true } }, diagnostics: { enabled: false } })).toEqual([]);
  });

  it("2.x refuses cluster-one with a federated store, and the bundled Thanos keys", () => {
    const store = { kubecostModel: { federatedStorageConfigSecret: "federated-store" } };
    expect(refusedKeys(ca("2.4.2"), { ...store, ...id("cluster-one") }).map((r) => r.path)).toEqual(["prometheus.server.global.external_labels.cluster_id"]);
    expect(refusedKeys(ca("2.8.7"), { ...store, ...id("prod") })).toEqual([]);
    expect(refusedKeys(ca("2.8.7"), { thanos: { store: { enabled: true } }, ...id("prod") })[0].message).toContain("Kubecost no longer includes Thanos");
  });

  it("3.2.1 refuses the 2.x keys with the chart's own message", () => {
    const r = refusedKeys({ chart: "kubecost", version: "3.2.1" }, { kubecostModel: {}, global: { amp: { enabled: true }, clusterId: "a" } });
    expect(r.map((x) => x.path).sort()).toEqual(["global.amp", "kubecostModel"]);
    expect(r.find((x) => x.path === "global.amp")!.message).toMatch(/^Error: execution error .*Amazon Managed Prometheus\) is no longer supported.* \(https:\/\/github.com\/kubecost\/kubecost\/blob\/v3.2.1\//);
    expect(refusedKeys({ chart: "kubecost", version: "3.2.1" }, { global: { clusterId: "a" } })).toEqual([]);
  });

  it("3.2.1 refuses two values together, and neither alone", () => {
    const k321 = { chart: "kubecost", version: "3.2.1" } as const;
    const both = refusedKeys(k321, { aggregator: { useEmptyDir: true, useHostPath: true } });
    expect(both.map((r) => r.message)).toEqual([expect.stringMatching(/aggregator\.useEmptyDir and aggregator\.useHostPath cannot both be set to true/)]);
    expect(refusedKeys(k321, { aggregator: { useEmptyDir: true } })).toEqual([]);
    expect(refusedKeys(k321, { aggregator: { useHostPath: true } })).toEqual([]);
  });

  it("3.2.1 needs global.acknowledged beside an Enterprise key: the fix adds it, the key stays", () => {
    const k321 = { chart: "kubecost", version: "3.2.1" } as const;
    const enterprise = { kubecostProductConfigs: { productKey: { enabled: true } } };
    expect(refusedKeys(k321, enterprise)).toEqual([]);
    expect(missingBeside(k321, enterprise)).toEqual([
      expect.objectContaining({ path: "kubecostProductConfigs.productKey.enabled", message: expect.stringContaining("use the flag `--set global.acknowledged=true`"), needs: [{ path: "global.acknowledged", value: true }] }),
    ]);
    expect(missingBeside(k321, { ...enterprise, global: { acknowledged: true } })).toEqual([]);
  });
});

describe("value types against the chart defaults", () => {
  it("flags a string where the chart ranges over a list, and a map where it prints a string", () => {
    expect(typeMismatches(ca("2.8.7"), { extraVolumes: "x", kubecostModel: { image: { repository: "a" } } })).toEqual([
      { path: "extraVolumes", expected: "list", got: "string" },
      { path: "kubecostModel.image", expected: "string", got: "map" },
    ]);
  });

  it("accepts null (helm deletes the default) and paths the defaults leave empty", () => {
    expect(typeMismatches({ chart: "stevehipwell-thanos", version: "1.24.1" }, { compact: { persistence: { storageClass: null } }, image: { tag: "v0.42.4" } })).toEqual([]);
  });
});
