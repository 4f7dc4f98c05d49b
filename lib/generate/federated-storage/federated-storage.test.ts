import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import path from "node:path";
import { validatePlan } from "@/lib/plan/validate";
import { parsePlanText } from "@/lib/plan/load";
import type { FederationPlan, FederationPlanInput } from "@/lib/plan/schema";
import { unreadValuePaths } from "@/lib/charts/lint";
import { typeMismatches } from "@/lib/charts/types";
import { refusedKeys } from "@/lib/charts/refused";
import { diagnose } from "@/lib/doctor/diagnose";
import { generatePlan } from "..";
import { allCommands, allFiles, planFrom, words, yamlFile } from "@/test/support/generated-plan";
import { EXAMPLES_DIR } from "@/test/support/example-plans";
import { renderedAgent, type RenderedAgent } from "@/test/support/chart-model";

const example = (f: string): FederationPlan => {
  const r = validatePlan(parsePlanText(readFileSync(path.join(EXAMPLES_DIR, f), "utf8"), f));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

// Per values file: what `helm template` of the published chart made of it (verified by rendering
// kubecost 3.2.1 / cost-analyzer 2.9.7 with finops-agent v1.0.20; see test/support/chart-model.ts).
const ROLE = "arn:aws:iam::123456789012:role/kubecost-federated-storage";
const EXPECTED: Record<string, Record<string, { release: string; agent: RenderedAgent | undefined }>> = {
  "federated-storage.yaml": {
    "clusters/prod-us-east-1/values.yaml": {
      release: "kubecost",
      agent: { deployment: "kubecost-finopsagent", clusterId: "prod-us-east-1", secret: "federated-store", secretKey: "federated-store.yaml", serviceAccount: "kubecost-finops-agent" },
    },
    "clusters/staging/values.yaml": {
      release: "kubecost",
      agent: { deployment: "kubecost-finopsagent", clusterId: "staging", secret: "federated-store", secretKey: "federated-store.yaml", serviceAccount: "kubecost-finops-agent" },
    },
  },
  "federated-storage-global-agent.yaml": {
    "clusters/hub/values.yaml": { release: "kubecost", agent: undefined },
    "clusters/hub/kubecost-agent-values.yaml": {
      release: "kubecost-agent",
      agent: {
        deployment: "kubecost-agent-finopsagent", clusterId: "hub", secret: "federated-store", secretKey: "federated-store.yaml", serviceAccount: "kubecost-finops-agent",
        createdServiceAccount: { name: "kubecost-finops-agent", annotations: { "eks.amazonaws.com/role-arn": ROLE } },
      },
    },
    "clusters/edge-1/kubecost-agent-values.yaml": {
      release: "kubecost-agent",
      agent: {
        deployment: "kubecost-agent-finopsagent", clusterId: "edge-1", secret: "federated-store", secretKey: "federated-store.yaml", serviceAccount: "kubecost-finops-agent",
        createdServiceAccount: { name: "kubecost-finops-agent", annotations: { "eks.amazonaws.com/role-arn": ROLE } },
      },
    },
  },
  "federated-storage-2.9-bridge.yaml": {
    // Access keys: the chart's own account kubecost-finopsagent, no annotation.
    "clusters/dev/values.yaml": {
      release: "kubecost",
      agent: { deployment: "kubecost-finopsagent", clusterId: "dev", secret: "federated-store", secretKey: "federated-store.yaml", serviceAccount: "kubecost-finopsagent", createdServiceAccount: { name: "kubecost-finopsagent" } },
    },
  },
};

describe("federated storage: what the chart makes of each cluster's values", () => {
  for (const [file, byPath] of Object.entries(EXPECTED)) {
    const g = generatePlan(example(file));
    for (const [p, want] of Object.entries(byPath)) {
      it(`${file} ${p}`, () => {
        expect(renderedAgent(yamlFile(g, p), want.release)).toEqual(want.agent);
      });
    }
  }

  it("installs each values file with the release the table assumes, agents before the primary", () => {
    const g = generatePlan(example("federated-storage-global-agent.yaml"));
    const helm = allCommands(g).filter((c) => c.argv[0] === "helm" && c.argv[1] === "upgrade").map(words);
    expect(helm.map((w) => [w[3], w[4], w[w.indexOf("--namespace") + 1], w[w.indexOf("--values") + 1]])).toEqual([
      ["kubecost-agent", "kubecost/kubecost", "kubecost-agent", "clusters/edge-1/kubecost-agent-values.yaml"],
      ["kubecost-agent", "kubecost/kubecost", "kubecost-agent", "clusters/hub/kubecost-agent-values.yaml"],
      ["kubecost", "kubecost/kubecost", "kubecost", "clusters/hub/values.yaml"],
    ]);
    // The primary's Kubecost runs no second agent, network-costs or cluster controller.
    const hub = yamlFile(g, "clusters/hub/values.yaml");
    expect(hub).toMatchObject({ finopsagent: { enabled: false }, networkCosts: { enabled: false }, clusterController: { enabled: false }, aggregator: { enabled: true } });
  });
});

describe("federated storage values pass the chart's lints", () => {
  for (const file of ["federated-storage.yaml", "federated-storage-global-agent.yaml", "federated-storage-2.9-bridge.yaml"]) {
    it(`${file}: key, type and (3.x) refused-key lints`, () => {
      const g = generatePlan(example(file));
      const values = allFiles(g).filter((f) => f.chartValues);
      expect(values.length).toBeGreaterThan(1);
      for (const f of values) {
        const v = parse(f.content);
        expect({ f: f.path, unread: unreadValuePaths(f.chartValues!, v), types: typeMismatches(f.chartValues!, v) }).toEqual({ f: f.path, unread: [], types: [] });
        if (f.chartValues!.chart === "kubecost") expect(refusedKeys(f.chartValues!, v), f.path).toEqual([]);
        // The chart's other install-time checks (cluster id, 2.9's store keys), as the doctor knows them.
        const d = diagnose({ text: f.content, target: f.chartValues!.version });
        expect(d.ok && d.value.keys.filter((k) => k.status !== "read"), f.path).toEqual([]);
        expect(d.ok && d.value.problems, f.path).toEqual([]);
      }
    });
  }

  it("3.x primary: aggregator, frontend, cloud cost on; Enterprise key with global.acknowledged; local store off", () => {
    const g = generatePlan(example("federated-storage.yaml"));
    expect(yamlFile(g, "clusters/prod-us-east-1/values.yaml")).toMatchObject({
      global: { clusterId: "prod-us-east-1", acknowledged: true, federatedStorage: { existingSecret: "federated-store", fileName: "federated-store.yaml" } },
      kubecostProductConfigs: { productKey: { enabled: true, secretname: "productkeysecret" } },
      aggregator: { enabled: true }, frontend: { enabled: true }, cloudCost: { enabled: true }, localStore: { enabled: false },
      serviceAccount: { create: false, name: "kubecost-federated-storage" },
    });
    expect(yamlFile(g, "clusters/staging/values.yaml")).toMatchObject({ aggregator: { enabled: false }, frontend: { enabled: false }, cloudCost: { enabled: false }, forecasting: { enabled: false } });
  });

  it("2.9 bridge: the 2.x cluster id in all three places, no fileName (2.9.7 fixes the key)", () => {
    const g = generatePlan(example("federated-storage-2.9-bridge.yaml"));
    const v = yamlFile(g, "clusters/prod/values.yaml");
    expect(v).toMatchObject({
      global: { clusterId: "prod", federatedStorage: { existingSecret: "federated-store" } },
      kubecostProductConfigs: { clusterName: "prod" },
      prometheus: { server: { global: { external_labels: { cluster_id: "prod" } } } },
      federatedETL: { federatedCluster: true },
      kubecostAggregator: { deployMethod: "statefulset" },
      finopsagent: { enabled: true },
    });
    expect((v.global as { federatedStorage: object }).federatedStorage).not.toHaveProperty("fileName");
    expect(yamlFile(g, "clusters/dev/values.yaml")).toMatchObject({ federatedETL: { agentOnly: true }, kubecostAggregator: { deployMethod: "disabled" } });
    // No values file holds the 2.x store keys 2.9.7 fails on.
    for (const f of allFiles(g).filter((x) => x.chartValues)) expect(f.content).not.toContain("federatedStorageConfigSecret");
  });
});

describe("federated storage: bucket, Secret and IAM", () => {
  it("lets the agent delete its own expired objects", () => {
    const g = generatePlan(example("federated-storage.yaml"));
    const policy = JSON.parse(allFiles(g).find((f) => f.path === "iam/bucket-policy.json")!.content);
    expect(policy.Statement.flatMap((s: { Action: string[] }) => s.Action)).toEqual(expect.arrayContaining(["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListBucket"]));
  });

  it("creates the Secret with the key the values name, in every namespace a release runs in", () => {
    const g = generatePlan(example("federated-storage-global-agent.yaml"));
    const secrets = allCommands(g).filter((c) => c.argv[1] === "create" && c.argv[2] === "secret" && c.argv[4] === "federated-store").map(words);
    const where = secrets.map((w) => [w[w.indexOf("--context") + 1], w[w.indexOf("--namespace") + 1], w.find((x) => x.startsWith("--from-file="))]);
    expect(where).toEqual([
      ["hub", "kubecost-agent", "--from-file=federated-store.yaml=federated-store.yaml"],
      ["hub", "kubecost", "--from-file=federated-store.yaml=federated-store.yaml"],
      ["edge-1", "kubecost-agent", "--from-file=federated-store.yaml=federated-store.yaml"],
    ]);
  });

  it("eksctl creates the agent's service account on every cluster and Kubecost's on the 3.x primary only", () => {
    const g = generatePlan(example("federated-storage.yaml"));
    const sa = allCommands(g).filter((c) => c.argv[0] === "eksctl" && c.argv[2] === "iamserviceaccount").map(words);
    expect(sa.map((w) => [w[w.indexOf("--cluster") + 1], w[w.indexOf("--namespace") + 1], w[w.indexOf("--name") + 1]])).toEqual([
      ["prod-use1", "kubecost", "kubecost-federated-storage"],
      ["prod-use1", "kubecost", "kubecost-finops-agent"],
      ["prod-euw1", "kubecost", "kubecost-finops-agent"],
      ["staging-use2", "kubecost", "kubecost-finops-agent"],
    ]);
  });

  it("links the status page to the bucket watched by the ETL and FinOps agent sources", () => {
    const g = generatePlan(example("federated-storage.yaml"));
    expect(g.steps.find((s) => s.id === "verify")!.note).toContain("/status?method=federated-storage&etlBucket=acme-kubecost-federated&region=us-east-1&clusters=prod-us-east-1%2Cprod-eu-west-1%2Cstaging");
  });
});

describe("federated storage plans with a problem", () => {
  const base: FederationPlanInput = {
    method: "federated-storage",
    kubecost: { chartLine: "3.x", chartVersion: "3.2.1" },
    storage: { bucket: "acme-fs", region: "us-east-1" },
    clusters: [{ id: "hub", role: "primary" }],
  };
  const issues = (p: FederationPlanInput) => {
    const r = validatePlan(p);
    return r.ok ? [] : r.problems;
  };
  it("accepts the base plan", () => expect(issues(base)).toEqual([]));
  it("refuses federated storage on 2.8, naming the lines that run it", () => {
    expect(issues({ ...base, kubecost: { chartLine: "2.x", chartVersion: "2.8.7" } })).toEqual([
      { path: "method", message: expect.stringMatching(/FinOps agent.*Choose chart line 3\.x or 2\.9/) },
    ]);
  });
  it("refuses a global agent on 2.9 and one in Kubecost's own namespace", () => {
    expect(issues({ ...base, kubecost: { chartLine: "2.9", chartVersion: "2.9.7", agentNamespace: "kubecost-agent" } })).toEqual([
      { path: "kubecost.agentNamespace", message: expect.stringContaining("finopsagent.enabled=true") },
    ]);
    expect(issues({ ...base, kubecost: { ...base.kubecost, agentNamespace: "kubecost" } })).toEqual([
      { path: "kubecost.agentNamespace", message: expect.stringContaining("its own namespace") },
    ]);
  });
  it("generates from a literal plan too", () => {
    expect(generatePlan(planFrom(base)).steps.map((s) => s.id)).toEqual(["prerequisites", "bucket-and-policy", "service-account-hub", "secrets-hub", "install-hub", "verify"]);
  });
});
