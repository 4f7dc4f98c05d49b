import { describe, expect, it } from "vitest";
import { clustersWithoutRegion, detectFormat, importClusters, mergeImported, parseCsv, regionInName, withRegion } from "./cluster-import";

describe("importClusters", () => {
  it("reads a pasted list, one per line or separated by commas and spaces", () => {
    expect(importClusters("prod-1\nprod-2, prod-3 prod-4")).toEqual({
      ok: true,
      value: { format: "list", clusters: ["prod-1", "prod-2", "prod-3", "prod-4"].map((id) => ({ id, role: "agent" })) },
    });
  });

  it("reads a CSV with a header, quoted fields and any column order", () => {
    const csv = 'region,id,role,eks_name,display name,context\r\nus-east-1,prod,primary,prod-eks,"Production, east",prod-admin@prod\neu-west-1,dev,agent,,,\n';
    expect(detectFormat(csv)).toBe("csv");
    expect(importClusters(csv)).toEqual({
      ok: true,
      value: { format: "csv", clusters: [
        { id: "prod", role: "primary", region: "us-east-1", eksClusterName: "prod-eks", displayName: "Production, east", kubeContext: "prod-admin@prod" },
        { id: "dev", role: "agent", region: "eu-west-1" },
      ] },
    });
  });

  it("reads aws eks list-clusters JSON: the name is the id and the EKS name", () => {
    const json = JSON.stringify({ clusters: ["payments-prod", "search-prod"] }, null, 4);
    expect(importClusters(json)).toEqual({
      ok: true,
      value: { format: "eks-json", clusters: [
        { id: "payments-prod", role: "agent", eksClusterName: "payments-prod" },
        { id: "search-prod", role: "agent", eksClusterName: "search-prod" },
      ] },
    });
  });

  it("takes each cluster's region from what was pasted, and lists the ones it could not place", () => {
    const described = JSON.stringify([
      { cluster: { name: "payments", arn: "arn:aws:eks:eu-central-1:123456789012:cluster/payments", status: "ACTIVE" } },
      { cluster: { name: "search", arn: "arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/search" } },
    ]);
    expect(importClusters(described)).toEqual({
      ok: true,
      value: { format: "eks-json", clusters: [
        { id: "payments", role: "agent", eksClusterName: "payments", region: "eu-central-1" },
        { id: "search", role: "agent", eksClusterName: "search", region: "us-gov-west-1" },
      ] },
    });
    const listed = importClusters(JSON.stringify({ clusters: ["prod-ap-southeast-2", "batch"] }));
    if (!listed.ok) throw new Error(listed.problems.map((p) => p.message).join());
    expect(listed.value.clusters[0].region).toBe("ap-southeast-2");
    expect(clustersWithoutRegion(listed.value.clusters)).toEqual(["batch"]);
    expect(withRegion(listed.value.clusters, "eu-west-1").map((c) => c.region)).toEqual(["ap-southeast-2", "eu-west-1"]);
    const contexts = importClusters("admin@prod.us-west-2.eksctl.io\nkind-dev\n");
    expect(contexts.ok && contexts.value.clusters.map((c) => c.region)).toEqual(["us-west-2", undefined]);
    // Not a region: no guess.
    expect(regionInName("us-east-99x")).toBeUndefined();
    expect(regionInName("team-eu-north-7")).toBeUndefined();
  });

  it("reads kubectl config get-contexts -o name: EKS ARNs give name and region, others keep the context", () => {
    const text = "arn:aws:eks:eu-west-1:123456789012:cluster/prod-euw1\nkind-dev\nadmin@staging\n";
    expect(importClusters(text)).toEqual({
      ok: true,
      value: { format: "contexts", clusters: [
        { id: "prod-euw1", role: "agent", eksClusterName: "prod-euw1", region: "eu-west-1", kubeContext: "arn:aws:eks:eu-west-1:123456789012:cluster/prod-euw1" },
        { id: "kind-dev", role: "agent" },
        { id: "admin-staging", role: "agent", kubeContext: "admin@staging" },
      ] },
    });
  });

  it("refuses a malformed CSV with the line and adds nothing", () => {
    expect(importClusters('id,role\nprod,primary\n"dev,agent\n', "csv")).toEqual({ ok: false, problems: [{ path: "", message: "CSV line 3: a quoted field is never closed" }] });
    expect(importClusters("id,role\nprod,primary,extra\n", "csv")).toEqual({ ok: false, problems: [{ path: "", message: "CSV line 2: 3 fields, the header has 2" }] });
    expect(importClusters("id,colour\nprod,red\n", "csv")).toMatchObject({ ok: false, problems: [{ path: "", message: expect.stringContaining('unknown column "colour"') }] });
    expect(importClusters("id,role\nprod,boss\n", "csv")).toMatchObject({ ok: false, problems: [{ path: "", message: 'CSV line 2: role is primary or agent, not "boss"' }] });
    expect(importClusters('id,role\npr"od,agent\n', "csv")).toMatchObject({ ok: false, problems: [{ path: "", message: expect.stringContaining("a quote inside an unquoted field") }] });
  });

  it("refuses hostile or invalid ids and duplicates, naming each line", () => {
    const r = importClusters("good\n$(touch x)\n../etc\ngood\n", "list");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.problems.map((p) => p.message);
    expect(messages[0]).toMatch(/^Line 2 \("\$\(touch"\): Cluster ids are letters/);
    expect(messages.some((e) => e.startsWith('Line 3 ("../etc")'))).toBe(true);
    expect(messages).toContain("Line 4: good is listed already (line 1)");
  });

  it("refuses JSON that is not list-clusters output", () => {
    expect(importClusters("{not json", "eks-json")).toMatchObject({ ok: false, problems: [{ path: "", message: expect.stringContaining("Not valid JSON") }] });
    expect(importClusters('{"clusters": [1, 2]}', "eks-json")).toMatchObject({ ok: false, problems: [{ path: "", message: 'Expected {"clusters": ["name", ...]} as aws eks list-clusters prints it, or the output of aws eks describe-cluster' }] });
  });

  it("imports 5,000 ids quickly", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `cluster-${i}`);
    const started = performance.now();
    const r = importClusters(ids.join("\n"));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.ok && r.value.clusters.length).toBe(5000);
  });
});

describe("parseCsv", () => {
  it("keeps doubled quotes and line breaks inside quotes", () => {
    expect(parseCsv('a,b\n"x ""y""","1\n2"\n')).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ['x "y"', "1\n2"] },
    ]);
  });
});

describe("mergeImported", () => {
  it("makes the first imported cluster primary when the plan has none, replacing blank rows", () => {
    expect(mergeImported([{ id: "", role: "primary" }], [{ id: "a", role: "agent" }, { id: "b", role: "agent" }])).toEqual({
      ok: true,
      value: [{ id: "a", role: "primary" }, { id: "b", role: "agent" }],
    });
  });

  it("refuses ids already in the plan and a second primary, changing nothing", () => {
    expect(mergeImported([{ id: "Prod", role: "primary" }], [{ id: "prod", role: "agent" }])).toEqual({ ok: false, problems: [{ path: "", message: "Already in the plan: prod; nothing was added" }] });
    expect(mergeImported([{ id: "a", role: "primary" }], [{ id: "b", role: "primary" }])).toMatchObject({ ok: false });
  });
});
