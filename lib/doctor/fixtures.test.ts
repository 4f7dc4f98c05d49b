import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { unreadValuePaths } from "@/lib/charts/lint";
import { refusedKeys } from "@/lib/charts/refused";
import { deadImages } from "@/lib/charts/images";
import { AGENT_SERVICE_ACCOUNT, FEDERATED_STORE_KEY, FEDERATED_STORE_SECRET } from "@/lib/generate/federated-storage/constants";
import { diagnose, type DoctorReport } from "./diagnose";
import { formatReport, groupKeys } from "./format";
import { refusedPaths, wrongTypes } from "./lints";
import { CLUSTER_ID_PLACEHOLDER } from "./rewrite";

// Hand-written values files shaped like the ones teams keep in Git (lib/doctor/fixtures): per-key
// verdicts, and 3.x rewrites that pass the console's lints and stay in the federation, or say why not.

const k3 = { chart: "kubecost", version: "3.2.1" } as const;
const read = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");
function report(name: string, target = "3.2.1", text = read(name)): DoctorReport {
  const r = diagnose({ text, target });
  if (!r.ok) throw new Error(r.problems[0].message);
  return r.value;
}
const status = (r: DoctorReport) => Object.fromEntries(r.keys.map((k) => [k.path, k.status]));
const rewritten = (r: DoctorReport) => parse(r.rewritten!);
/** The lints every generated 3.x file passes (lib/charts keys, types, refused keys, images). */
const lints3 = (v: unknown) => ({ unread: unreadValuePaths(k3, v), types: wrongTypes(k3, v), refusedKeys: refusedPaths(k3, v), refused: refusedKeys(k3, v), images: deadImages(k3, v) });
const CLEAN = { unread: [], types: [], refusedKeys: [], refused: [], images: [] };
const IRSA = "eks.amazonaws.com/role-arn";

describe("Federated ETL primary (2.8) -> 3.2.1", () => {
  const r = report("etl-primary-2.8.yaml");

  it("judges each key", () => {
    expect(status(r)).toMatchObject({
      "global.prometheus.enabled": "fails",
      "kubecostProductConfigs.clusterName": "fails",
      "federatedETL.federatedCluster": "fails",
      "kubecostModel.federatedStorageConfigSecret": "fails",
      "kubecostAggregator.deployMethod": "fails",
      "kubecostAggregator.replicas": "fails",
      "kubecostProductConfigs.productKey.enabled": "read",
      "serviceAccount.annotations.eks.amazonaws.com/role-arn": "read",
    });
    expect(r.keys.find((k) => k.path === "kubecostAggregator.replicas")!.to).toBe("aggregator.replicas");
  });

  it("rewrites it into a federation member the way the wizard writes one, passing the 3.x lints", () => {
    const v = rewritten(r);
    expect(lints3(v)).toEqual(CLEAN);
    expect(r.rewriteFindings).toEqual([]);
    expect(v).toMatchObject({
      global: { clusterId: "hub-us-east-1", federatedStorage: { existingSecret: "federated-store", fileName: FEDERATED_STORE_KEY }, acknowledged: true },
      aggregator: { enabled: true, replicas: 1 },
      localStore: { enabled: false },
      finopsagent: { enabled: true, serviceAccount: { create: true, name: AGENT_SERVICE_ACCOUNT, annotations: { [IRSA]: "arn:aws:iam::123456789012:role/kubecost-federated-etl" } } },
    });
    expect(r.federation).toMatchObject({ through: "federated-etl", role: "primary", missing: [] });
    expect(r.federation!.todo[0]).toContain(`trust the service account ${AGENT_SERVICE_ACCOUNT}`);
    expect(r.rewritten).toContain("# Checked like the console's own files (chart keys, types, refused keys, images, cluster id, placeholders): nothing to fix.");
    expect(r.rewritten).toContain("# Written by hand for the doctor's tests: a Kubecost 2.8 Federated ETL primary");
  });

  it("is clean when checked again", () => {
    const again = diagnose({ text: r.rewritten!, target: "3.2.1" });
    expect(again.ok && again.value.keys.filter((k) => k.status !== "read")).toEqual([]);
    expect(again.ok && again.value.problems).toEqual([]);
  });
});

describe("Federated ETL agent (2.8) -> 3.2.1", () => {
  const r = report("etl-secondary-2.8.yaml");
  it("stays an agent of the federation, on the account its role already trusts", () => {
    const v = rewritten(r);
    expect(lints3(v)).toEqual(CLEAN);
    expect(v).toMatchObject({
      global: { clusterId: "edge-eu-west-1", federatedStorage: { existingSecret: FEDERATED_STORE_SECRET } },
      aggregator: { enabled: false },
      frontend: { enabled: false },
      finopsagent: { enabled: true, serviceAccount: { create: false, name: "kubecost-etl-writer" } },
    });
    expect(status(r)).toMatchObject({ "federatedETL.agentOnly": "fails", "kubecostFrontend.enabled": "fails", "grafana.enabled": "fails", "serviceAccount.name": "read" });
    expect(r.federation).toMatchObject({ role: "agent", missing: [], todo: [] });
  });
});

describe("AMP primary with SigV4 (2.8)", () => {
  const r = report("amp-primary-sigv4-2.8.yaml");
  it("3.2.1: the AMP keys fail as one finding, not one line per key", () => {
    const fails = groupKeys(r.keys, "fails");
    const amp = fails.find((g) => g.paths.includes("global.amp.enabled"))!;
    expect(amp.paths).toEqual(["global.amp.enabled", "global.amp.prometheusServerEndpoint", "global.amp.remoteWriteService", "global.amp.sigv4.region"]);
    expect(amp.message).toBe("Kubecost 3.2.1 fails the install: `.Values.global.amp` (Amazon Managed Prometheus) is no longer supported. Please remove this configuration.");
    expect(formatReport(r)).not.toMatch(/Keys fails|execution error|level=INFO/);
  });

  it("3.2.1: the rewrite federates through the bucket, with the IRSA role on the agent's own account, and says the bucket is new", () => {
    const v = rewritten(r);
    expect(lints3(v)).toEqual(CLEAN);
    expect(v).toMatchObject({
      global: { clusterId: "amp-main", federatedStorage: { existingSecret: FEDERATED_STORE_SECRET, fileName: FEDERATED_STORE_KEY } },
      aggregator: { enabled: true },
      finopsagent: { enabled: true, serviceAccount: { create: true, name: AGENT_SERVICE_ACCOUNT, annotations: { [IRSA]: "arn:aws:iam::123456789012:role/kubecost-amp-query" } } },
    });
    expect(v).not.toHaveProperty("sigV4Proxy");
    expect(r.federation!.todo.join(" ")).toContain("Amazon Managed Prometheus kept this cluster's data outside any bucket");
    expect(r.rewritten).toContain("# This cluster federated through Amazon Managed Prometheus; here it stays a member");
  });

  it("2.8.7: reads the SigV4 keys, and offers the key an unread slip stands for", () => {
    const text = `${read("amp-primary-sigv4-2.8.yaml")}\nkubecostProductConfig:\n  clusterName: amp-main\n`.replace("  region: eu-central-1\n  host", "  regoin: eu-central-1\n  host");
    const r28 = report("", "2.8.7", text);
    expect(status(r28)).toMatchObject({ "sigV4Proxy.host": "read", "global.amp.enabled": "read" });
    const byPath = new Map(r28.keys.map((k) => [k.path, k]));
    expect(byPath.get("sigV4Proxy.regoin")).toMatchObject({ status: "ignored", didYouMean: "sigV4Proxy.region" });
    expect(byPath.get("kubecostProductConfig.clusterName")).toMatchObject({ status: "ignored", didYouMean: "kubecostProductConfigs.clusterName" });
    expect(formatReport(r28)).toContain("Did you mean sigV4Proxy.region?");
  });
});

describe("Thanos overlay (1.108)", () => {
  it("2.8.7: the thanos.* keys are one finding; the sidecar still uploading is named; the rewrite says it leaves the federation", () => {
    const r = report("thanos-1.108-overlay.yaml", "2.8.7");
    const thanos = groupKeys(r.keys, "removed");
    expect(thanos).toHaveLength(1);
    expect(thanos[0].paths).toHaveLength(7);
    expect(thanos[0].message).toBe("The bundled Thanos subchart ended with 1.108: remove it");
    expect(r.hints[0]).toContain("keeps uploading Prometheus blocks to the Thanos bucket, and nothing in Kubecost 2.8.7 reads them");
    expect(r.rewritten).toContain("# Note: prometheus.server.sidecarContainers still runs the Thanos sidecar");
    expect(r.federation!.missing[0]).toContain("has no Thanos");
    expect(r.rewritten).toContain("(/upgrade)");
  });

  it("2.8.7 judges thanos.store.enabled on its value: true fails the install, false does not", () => {
    const on = report("", "2.8.7", read("thanos-1.108-overlay.yaml").replace("store:\n    enabled: false", "store:\n    enabled: true"));
    expect(on.keys.find((k) => k.path === "thanos.store.enabled")).toMatchObject({ status: "fails", message: expect.stringContaining("Kubecost no longer includes Thanos by default") });
    expect(status(report("thanos-1.108-overlay.yaml", "2.8.7"))["thanos.store.enabled"]).toBe("removed");
  });

  it("3.2.1: an agent of the federation through the bucket", () => {
    const r = report("thanos-1.108-overlay.yaml");
    const v = rewritten(r);
    expect(lints3(v)).toEqual(CLEAN);
    expect(v).toMatchObject({ global: { clusterId: "legacy-west", federatedStorage: { existingSecret: FEDERATED_STORE_SECRET } }, aggregator: { enabled: false }, finopsagent: { enabled: true } });
    expect(v).not.toHaveProperty("prometheus");
    expect(r.federation).toMatchObject({ through: "thanos", role: "agent", missing: [] });
  });
});

describe("EKS cost-monitoring style (2.4, images from AWS's public ECR)", () => {
  const r = report("eks-cost-monitoring-2.4.yaml");
  it("moves every image setting with its registry and tag to where 3.x reads it", () => {
    const v = rewritten(r);
    expect(v.frontend.image).toEqual({ registry: "public.ecr.aws", repository: "kubecost/frontend" });
    expect(v.aggregator.image).toEqual({ registry: "public.ecr.aws", repository: "kubecost/cost-model" });
    expect(v.cloudCost.image).toEqual({ registry: "public.ecr.aws", repository: "kubecost/cost-model" });
    expect(v.networkCosts.image).toEqual({ registry: "public.ecr.aws", repository: "kubecost/kubecost-network-costs", tag: "v0.17.6" });
    expect(v.forecasting.fullImageName).toBe("public.ecr.aws/kubecost/kubecost-modeling:v0.1.16");
    expect(r.changes).toContain("kubecostFrontend.image -> frontend.image (registry, repository and tag kept)");
    expect({ ...lints3(v), refused: [] }).toEqual(CLEAN);
  });

  it("flags tags older than 3.2.1's, in the report and in the rewrite's header", () => {
    expect(r.pins.map((p) => [p.path, p.tag, p.defaultTag])).toEqual([
      ["networkCosts.image", "v0.17.6", "v0.19.0"],
      ["forecasting.image", "v0.1.16", "v0.1.36"],
      ["clusterController.image", "v0.16.9", "v0.16.37"],
    ]);
    expect(r.rewritten).toContain("#   - networkCosts.image pins v0.17.6, older than v0.19.0");
    expect(r.rewritten).toContain(`#   - global.clusterId is a placeholder (${CLUSTER_ID_PLACEHOLDER})`);
  });
});

describe("a commented, half-finished ETL agent file", () => {
  const r = report("commented-etl-agent-2.8.yaml");
  it("flags the placeholders and keeps them out of global.clusterId", () => {
    expect(r.placeholders).toEqual([
      { path: "kubecostProductConfigs.clusterName", value: "YOUR_CLUSTER_NAME_HERE" },
      { path: "serviceAccount.annotations.eks.amazonaws.com/role-arn", value: "arn:aws:iam::<account>:role/kubecost-etl" },
    ]);
    expect(r.problems.map((p) => p.path)).toContain("kubecostProductConfigs.clusterName");
    const v = rewritten(r);
    expect(v.global.clusterId).toBe(CLUSTER_ID_PLACEHOLDER);
    expect(r.rewritten).not.toContain("YOUR_CLUSTER_NAME_HERE\n");
    expect(r.federation!.missing[0]).toContain("YOUR_CLUSTER_NAME_HERE, a placeholder");
    expect(r.rewritten).toContain("this file does not keep it in the federation until the above is fixed. Plan the move with the console's upgrade planner (/upgrade)");
    expect(r.rewritten).toMatch(/# {3}- serviceAccount\.annotations\.eks\.amazonaws\.com\/role-arn is a placeholder/);
  });

  it("keeps the comments and the key order", () => {
    const text = r.rewritten!;
    for (const c of ["# Written by hand for the doctor's tests: an ETL agent file", "  # Network costs per pod (a DaemonSet).", "# One ConfigMap the team ships with Kubecost, the list shape extraObjects takes."]) expect(text).toContain(c);
    const order = ["networkCosts:", "serviceAccount:", "extraObjects:"].map((k) => text.indexOf(`\n${k}`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("judges extraObjects on its value: the documented list is read and kept, a map is a wrong type", () => {
    expect(status(r).extraObjects).toBe("read");
    expect(rewritten(r).extraObjects[0]).toMatchObject({ kind: "ConfigMap", metadata: { name: "kubecost-team-notes" } });
    const asMap = report("", "3.2.1", "global:\n  clusterId: a\nextraObjects:\n  cm:\n    kind: ConfigMap\n");
    expect(asMap.keys.filter((k) => k.status === "fails")).toEqual([]);
    expect(asMap.types).toContainEqual({ path: "extraObjects", want: "list", got: "map" });
  });
});

describe("to the 2.9 bridge", () => {
  const k29 = { chart: "cost-analyzer", version: "2.9.7" } as const;
  for (const name of ["etl-primary-2.8.yaml", "etl-secondary-2.8.yaml", "amp-primary-sigv4-2.8.yaml"]) {
    it(`${name}: passes the 2.9.7 lints and stays a member, the cluster id equal in its places`, () => {
      const r = report(name, "2.9.7");
      const v = rewritten(r);
      expect({ unread: unreadValuePaths(k29, v), types: wrongTypes(k29, v), refused: refusedKeys(k29, v) }).toEqual({ unread: [], types: [], refused: [] });
      expect(r.rewriteFindings).toEqual([]);
      expect(r.federation!.missing).toEqual([]);
      expect(v.global.federatedStorage.existingSecret).toBe(FEDERATED_STORE_SECRET);
      expect(v.finopsagent.enabled).toBe(true);
      if (v.prometheus?.server?.global?.external_labels?.cluster_id) expect(v.prometheus.server.global.external_labels.cluster_id).toBe(v.global.clusterId);
    });
  }
});
