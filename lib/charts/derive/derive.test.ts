import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "fflate";
import { createTar } from "nanotar";
import { describe, expect, it } from "vitest";
import { chartReadsPath } from "../lint";
import { deriveChartData, readChartPackage } from ".";
import { failCandidates, statedRefusals } from "./fail";
import { supplyChartPackage } from "./supply";
import { packFixtureAgentChart, packFixtureChart } from "../fixtures/pack";
import { chartKeys, forgetSuppliedCharts, suppliedLabel } from "../data";

// The hand-written chart under lib/charts/fixtures/demo-chart: keys read through include and a
// helper's `.root.Values`, toYaml of whole maps, omit, a variable, a with block, index, fail in a
// helper, a map handed to helpers in a dict (and on again), `((.Values.a).b).c`, a helm-test
// template behind a switch, fails on two values, and a subchart under an alias whose templates
// read global.* and use a library chart's helper.

const HELM = path.resolve(".tools/bin/helm");
const demoChartPackage = () => packFixtureChart();

describe("chart data from a chart package", () => {
  const derived = deriveChartData(demoChartPackage());

  it("reads name, version and the subchart under its alias", () => {
    const chart = readChartPackage(demoChartPackage());
    expect([chart.name, chart.version, chart.subcharts.map((s) => [s.key, s.condition])]).toEqual(["demo", "3.3.0", [["finopsagent", "finopsagent.enabled"]]]);
  });

  it("finds the value paths templates read, through helpers, variables, with blocks and index", () => {
    expect(derived.keys.templatePaths).toEqual(
      expect.arrayContaining(["global.clusterId", "frontend.image.tag", "aggregator.replicas", "aggregator.probe.path", "aggregator.probe.enabled", "networkCosts.enabled", "finopsagent.exports.heartbeat", "global.updateCaTrust.enabled", "finopsagent.enabled"]),
    );
    expect(derived.keys.templatePaths).not.toContain("finopsagent.global.updateCaTrust.enabled");
  });

  it("follows a map handed to a helper in a dict, and handed on to another helper", () => {
    const k = derived.keys;
    expect(k.templatePaths).toEqual(expect.arrayContaining(["aggregator.storage.mountPath", "aggregator.storage.resources", "aggregator.storage.size.request"]));
    expect(k.wholesalePaths).toContain("aggregator.storage.resources");
    expect(chartReadsPath(k, "aggregator.storage.resources.limits.memory")).toBe(true);
    expect(chartReadsPath(k, "aggregator.storage.size.limit")).toBe(false);
  });

  it("reads fields of a parenthesized chain and `with.Values` written without a space", () => {
    expect(derived.keys.templatePaths).toEqual(expect.arrayContaining(["aggregator.storage.className", "aggregator.useEmptyDir", "aggregator.useHostPath"]));
    expect(derived.keys.wholesalePaths).toContain("aggregator.extraPorts");
  });

  it("counts what a library chart's helper reads of its caller's map, and nothing the library reads itself", () => {
    expect(derived.keys.wholesalePaths).toContain("finopsagent.podAnnotations");
    expect(chartReadsPath(derived.keys, "finopsagent.podAnnotations.example.com/team")).toBe(true);
    expect(derived.keys.templatePaths.filter((p) => p.includes("mariadb") || p.includes("common"))).toEqual([]);
    // Packed alone, the agent's library subchart sits at the top: its own values configure nothing.
    const agent = deriveChartData(packFixtureAgentChart());
    expect(agent.keys.wholesalePaths).toContain("podAnnotations");
    expect([...agent.keys.valuesPaths!, ...Object.keys(agent.types)].filter((p) => p.startsWith("common"))).toEqual([]);
  });

  it("counts every key below a map given whole to toYaml or range, except what omit drops", () => {
    const k = derived.keys;
    expect(k.wholesalePaths).toEqual(expect.arrayContaining(["frontend.annotations", "frontend.podLabels", "frontend.resources", "aggregator.extraEnv"]));
    expect(chartReadsPath(k, "frontend.annotations.example.com/owner")).toBe(true);
    expect(chartReadsPath(k, "frontend.resources.requests.memory")).toBe(true);
    expect(chartReadsPath(k, "frontend.resources.limits.cpu")).toBe(false);
    expect(chartReadsPath(k, "frontend.nodeSelector")).toBe(false);
  });

  it("types every default, the subchart's under its alias", () => {
    expect(derived.types).toMatchObject({ "frontend.podLabels": "map", "aggregator.extraEnv": "list", "aggregator.replicas": "number", "finopsagent.exports.heartbeat": "bool", "global.clusterId": "string" });
  });

  it("lists each image with its key, form, default (the appVersion for an empty tag) and switch", () => {
    expect(derived.images.images).toEqual([
      { path: "frontend.image", form: "registry-repository-tag", image: "icr.io/kubecost/frontend:3.3.0", when: ["frontend.enabled"] },
      { path: "networkCosts.image", form: "repository-tag", image: "icr.io/kubecost/network-costs:v0.19.0", when: ["networkCosts.enabled"] },
      // A helm-test image: no `enabled` beside it, its template renders only behind httpRoute.enabled.
      { path: "routeTest.image", form: "reference", image: "docker.io/curlimages/curl:8.11.0", when: ["httpRoute.enabled"] },
      { path: "finopsagent.image", form: "registry-repository-tag", image: "icr.io/ibm-finops/agent:v1.0.25", when: ["finopsagent.enabled"] },
      // The CA trust init container's image: a subchart's global.* key stays global, as helm shares it.
      { path: "global.updateCaTrust.initImage", form: "registry-repository-tag", image: "registry.access.redhat.com/ubi9/ubi-minimal:9.6", when: ["finopsagent.enabled", "global.updateCaTrust.enabled"] },
    ]);
    expect(derived.images.switches).toEqual({ "frontend.enabled": true, "networkCosts.enabled": false, "httpRoute.enabled": false, "finopsagent.enabled": true, "global.updateCaTrust.enabled": false });
  });

  it("takes the refusal candidates from the conditions around fail", () => {
    expect(failCandidates(readChartPackage(demoChartPackage()))).toEqual(["aggregator.useEmptyDir", "aggregator.useHostPath", "global.acknowledged", "kubecostModel", "productKey.enabled", "thanos", "thanos.store"]);
  });

  it("reads the refusals a chart states in its own fail messages (the tab has no helm)", () => {
    expect(statedRefusals(readChartPackage(demoChartPackage()))).toEqual([
      { path: "kubecostModel", message: "`.Values.kubecostModel` is no longer supported. Please remove this configuration.", source: "demo/templates/_helpers.tpl" },
      { path: "thanos.store", message: "Kubecost no longer includes Thanos.", source: "demo/templates/_helpers.tpl" },
    ]);
  });

  it("registers a supplied kubecost chart for its exact version, and refuses a chart the console does not check", () => {
    const asKubecost = packFixtureChart("kubecost");
    try {
      expect(supplyChartPackage(asKubecost)).toEqual({ ref: { chart: "kubecost", version: "3.3.0" }, label: "kubecost 3.3.0 you supplied", keys: expect.any(Number), refusals: 2 });
      expect(suppliedLabel({ chart: "kubecost", version: "3.3.0" })).toBe("kubecost 3.3.0 you supplied");
      expect(chartKeys({ chart: "kubecost", version: "3.3.0" }).templatePaths).toContain("frontend.podLabels");
    } finally {
      forgetSuppliedCharts();
    }
    expect(() => supplyChartPackage(demoChartPackage())).toThrow(/This is the demo chart 3\.3\.0; the console checks values of .*kubecost/);
  });

  it("says what is wrong with a file that is not a chart package", () => {
    expect(() => deriveChartData(new TextEncoder().encode("global: {}"))).toThrow(/Not a gzip file/);
    expect(() => deriveChartData(gzipSync(createTar([{ name: "x/readme.md", data: "hi" }])))).toThrow(/No <chart>\/Chart.yaml/);
  });

  // helm ships in .tools/bin (scripts/ensure-k8s-tools.sh); the refusals are rendered, never guessed.
  it.runIf(existsSync(HELM))("npm run chart-data writes the version folder and renders the refusals with helm", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "chart-data-"));
    const tgz = path.join(out, "demo-3.3.0.tgz");
    writeFileSync(tgz, demoChartPackage());
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/chart-data.ts", tgz, "--values", "lib/charts/fixtures/demo-chart-values.yaml", "--source", "https://example.com/demo/3.3.0/", "--out", out], {
      encoding: "utf8",
      env: { ...process.env, HELM },
    });
    expect(r.status, r.stderr).toBe(0);
    const read = (f: string) => JSON.parse(readFileSync(path.join(out, "demo", "3.3.0", f), "utf8"));
    const at = "Error: execution error at (demo/templates/NOTES.txt:1:3):";
    const source = "https://example.com/demo/3.3.0/templates/_helpers.tpl";
    const flag = (p: string, value = true) => ({ equals: p, value, default: false });
    expect(read("refused.json").refusals).toEqual([
      { path: "kubecostModel", message: `${at} \`.Values.kubecostModel\` is no longer supported. Please remove this configuration.`, source },
      // Refused unless another value of the same condition is set beside it.
      { path: "productKey.enabled", message: `${at} Kubecost 3.3 contains breaking changes. To acknowledge and proceed, use the flag \`--set global.acknowledged=true\``, source, when: { all: [flag("productKey.enabled"), { not: flag("global.acknowledged") }] }, needs: [{ path: "global.acknowledged", value: true }] },
      { path: "thanos.store", message: `${at} Kubecost no longer includes Thanos.`, source },
      // Refused only on the combination.
      { path: "aggregator.useEmptyDir", message: `${at} aggregator.useEmptyDir and aggregator.useHostPath cannot both be set to true. Please choose only one storage option.`, source, when: { all: [flag("aggregator.useEmptyDir"), flag("aggregator.useHostPath")] } },
    ]);
    expect(read("keys.json").templatePaths).toContain("global.clusterId");
    expect(read("images.json").images).toHaveLength(5);
    expect(Object.keys(JSON.parse(readFileSync(path.join(out, "index.json"), "utf8")).charts.demo)).toEqual(["3.3.0"]);
  }, 120_000);
});
