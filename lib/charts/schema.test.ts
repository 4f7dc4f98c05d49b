import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildBundle, type GeneratedFile } from "@/lib/generate";
import { buildUpgradeBundle } from "@/lib/generate/upgrade";
import { parsePlanText } from "@/lib/plan/load";
import { validateUpgrade } from "@/lib/plan/upgrade";
import { validatePlan } from "@/lib/plan/validate";

// The schema a bundle carries, checked by a JSON Schema validator (ajv) as an editor would:
// the generated values file passes; a refused key or a wrong type fails with the chart's words.

function bundleOf(example: string) {
  const r = validatePlan(parsePlanText(readFileSync(`examples/${example}`, "utf8"), example));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return buildBundle(r.value);
}

// A chart's schema is large (every key of every version): compiled once per schema text, not per
// check (compiling it again for each values file and each edit was most of this file's time).
const compiled = new Map<string, ValidateFunction>();
const validatorFor = (schemaText: string) => {
  let validate = compiled.get(schemaText);
  if (!validate) compiled.set(schemaText, (validate = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(JSON.parse(schemaText))));
  return validate;
};

function check(bundle: GeneratedFile[], valuesPath: string, edit: (v: Record<string, unknown>) => void = () => {}) {
  const file = bundle.find((f) => f.path === valuesPath)!;
  const header = /^# yaml-language-server: \$schema=(\S+)\n/.exec(file.content);
  expect(header, `${valuesPath} starts with the schema line`).not.toBeNull();
  const schemaPath = new URL(header![1], `file:///${valuesPath}`).pathname.slice(1);
  const validate = validatorFor(bundle.find((f) => f.path === schemaPath)!.content);
  const values = parse(file.content) as Record<string, unknown>;
  edit(values);
  const ok = validate(values);
  return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${(e.parentSchema as { errorMessage?: string }).errorMessage ?? e.message}`) };
}

describe("values schemas in the bundle", () => {
  const bundle = bundleOf("federated-storage.yaml");
  const values = bundle.filter((f) => f.chartValues && f.language === "yaml");

  it("gives every values file a schema line and carries one schema per chart version", () => {
    expect(values.length).toBeGreaterThan(0);
    for (const f of values) expect(f.content.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)*schemas\/kubecost-3\.2\.1\.values\.schema\.json$/);
    expect(bundle.filter((f) => f.path.startsWith("schemas/")).map((f) => f.path)).toEqual(["schemas/kubecost-3.2.1.values.schema.json"]);
  });

  it("passes every generated values file", () => {
    for (const f of values) expect(check(bundle, f.path), f.path).toEqual({ ok: true, errors: [] });
  });

  it("fails a refused key with the chart's own message, and a wrong type", () => {
    const refused = check(bundle, values[0].path, (v) => (v.kubecostModel = { federatedStorageConfigSecret: "federated-store" }));
    expect(refused.ok).toBe(false);
    // kubecostModel is refused whole, and its federatedStorageConfigSecret with its own message.
    expect(refused.errors).toContainEqual(expect.stringMatching(/^\/kubecostModel Error: execution error at \(kubecost\/templates\/NOTES.txt:1:4\): `\.Values\.kubecostModel` is no longer supported\. Please remove this configuration\.$/));
    expect(refused.errors).toContainEqual(expect.stringMatching(/^\/kubecostModel\/federatedStorageConfigSecret .*`\.Values\.kubecostModel\.federatedStorageConfigSecret` is no longer supported\. Please use `\.Values\.global\.federatedStorage\.existingSecret` instead\.$/));
    const wrongType = check(bundle, values[0].path, (v) => ((v.global as Record<string, unknown>).clusterId = { name: "a" }));
    expect(wrongType).toEqual({ ok: false, errors: ["/global/clusterId must be string,null"] });
  });

  it("fails a combination of two values the chart refuses together, and passes each value alone", () => {
    const set = (edits: Record<string, unknown>) => (v: Record<string, unknown>) => {
      for (const [path, value] of Object.entries(edits)) {
        const keys = path.split(".");
        let o = v;
        for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
        o[keys.at(-1)!] = value;
      }
    };
    const both = "aggregator.useEmptyDir and aggregator.useHostPath cannot both be set to true. Please choose only one storage option.";
    const storage = check(bundle, values[0].path, set({ "aggregator.useEmptyDir": true, "aggregator.useHostPath": true }));
    expect(storage.ok).toBe(false);
    expect(storage.errors).toContainEqual(expect.stringMatching(new RegExp(`^ Error: execution error at \\([^)]*\\): ${both.replace(/\./g, "\\.")}$`)));
    expect(check(bundle, values[0].path, set({ "aggregator.useEmptyDir": true }))).toEqual({ ok: true, errors: [] });
    expect(check(bundle, values[0].path, set({ "aggregator.useHostPath": true }))).toEqual({ ok: true, errors: [] });

    // Refused unless the other value is set beside it: the chart's acknowledgement of 3.0.
    const unacknowledged = check(bundle, values[0].path, set({ "kubecostProductConfigs.productKey.enabled": true }));
    expect(unacknowledged.ok).toBe(false);
    expect(unacknowledged.errors).toContainEqual(expect.stringMatching(/^ .*Kubecost 3\.0 contains breaking changes.*`--set global\.acknowledged=true`$/));
    expect(check(bundle, values[0].path, set({ "kubecostProductConfigs.productKey.enabled": true, "global.acknowledged": true }))).toEqual({ ok: true, errors: [] });
    expect(check(bundle, values[0].path, set({ "global.acknowledged": true }))).toEqual({ ok: true, errors: [] });
  });

  it("upgrade bundles carry the schema of each version they install, and their values files name it", () => {
    const r = validateUpgrade(parsePlanText(readFileSync("examples/upgrade-etl-to-3x.yaml", "utf8"), "upgrade-etl-to-3x.yaml"));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const upgrade = buildUpgradeBundle(r.value);
    expect(upgrade.filter((f) => f.path.startsWith("schemas/")).map((f) => f.path)).toEqual(["schemas/cost-analyzer-2.9.7.values.schema.json", "schemas/kubecost-3.2.1.values.schema.json"]);
    const files = upgrade.filter((f) => f.chartValues && f.language === "yaml");
    expect(files.map((f) => f.path)).toContain("clusters/staging/values-3.2.1.yaml");
    for (const f of files) {
      expect(f.content.split("\n")[0]).toBe(`# yaml-language-server: $schema=../../schemas/${f.chartValues!.chart}-${f.chartValues!.version}.values.schema.json`);
      expect(check(upgrade, f.path), f.path).toEqual({ ok: true, errors: [] });
    }
    const refused = check(upgrade, "clusters/staging/values-3.2.1.yaml", (v) => (v.federatedETL = { federatedCluster: true }));
    expect(refused.errors).toContainEqual(expect.stringMatching(/^\/federatedETL Error: execution error .*`\.Values\.federatedETL` is no longer supported/));
  });

  it("covers the 2.x, Thanos and kube-prometheus-stack charts too", () => {
    const thanos = bundleOf("thanos-standalone.yaml");
    const files = thanos.filter((f) => f.chartValues && f.language === "yaml");
    expect(new Set(files.map((f) => f.chartValues!.chart))).toEqual(new Set(["kube-prometheus-stack", "stevehipwell-thanos", "cost-analyzer"]));
    for (const f of files) expect(check(thanos, f.path), f.path).toEqual({ ok: true, errors: [] });
  });
});
