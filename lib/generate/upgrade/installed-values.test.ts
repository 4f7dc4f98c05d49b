import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parsePlanText } from "@/lib/plan/load";
import { validateUpgrade, type UpgradeRequest } from "@/lib/plan/upgrade";
import { EXAMPLES_DIR } from "@/test/support/example-plans";
import { renderScript } from "../shell";
import { buildUpgradeBundle, generateUpgradeSteps } from "./index";
import { at } from "@/test/support/generated-plan";
import { valuesRules } from "./installed-values";

// Issue 20: upgrades rebuilt every values file from the plan, so SSO, ingress and resources set
// outside it were lost. Real bash runs an upgrade step against stub helm/kubectl; `helm get
// values` returns the admin's own keys, and the merge runs on the real helm in .tools/bin.

const HELM = path.resolve(".tools/bin/helm");
const requestOf = (file: string, to?: "3.x") => {
  const input = parsePlanText(readFileSync(path.join(EXAMPLES_DIR, file), "utf8"), "x") as Record<string, unknown>;
  const r = validateUpgrade(to ? { ...input, upgradeTo: { chartLine: to } } : input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};
const req = requestOf("upgrade-etl-to-3x.yaml");

/** What `helm get values` returns on staging: the 2.x install plus the admin's own settings. */
const INSTALLED = {
  kubecostProductConfigs: { clusterName: "staging", productKey: { enabled: true, secretname: "productkeysecret" } },
  prometheus: { server: { global: { external_labels: { cluster_id: "staging" } } } },
  federatedETL: { federatedCluster: true, agentOnly: true },
  kubecostModel: { federatedStorageConfigSecret: "federated-store", resources: { requests: { cpu: "500m", memory: "1Gi" } } },
  kubecostAggregator: { deployMethod: "disabled" },
  ingress: { enabled: true, className: "nginx", hosts: ["kubecost.staging.example.com"] },
  oidc: { enabled: true, clientID: "kubecost", existingCustomSecret: { enabled: true, name: "kubecost-oidc" } },
  serviceAccount: { create: false, name: "kubecost-cost-analyzer-etl" },
};

const STUB_HELM = `#!/usr/bin/env bash
printf '%s\\0' helm "$@" > "$(mktemp "$RECORD/$(date +%s%N).XXXXXX")"
case "$1 \${2-}" in
  "get values") cat "$INSTALLED" ;;
  "template merge") exec "$REAL_HELM" "$@" ;;
  "history "*) printf 'REVISION\\tSTATUS\\n7\\tdeployed\\n' ;;
  *) : ;;
esac
`;
const STUB_KUBECTL = `#!/usr/bin/env bash
printf '%s\\0' kubectl "$@" > "$(mktemp "$RECORD/$(date +%s%N).XXXXXX")"
cat > /dev/null
[ "$1" = diff ] && exit 1
exit 0
`;

function runStep(stepId: string, request: UpgradeRequest = req, installed: object = INSTALLED, inputs: Record<string, string> = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), "upgrade-"));
  const bin = path.join(root, "bin");
  const record = path.join(root, "record");
  const bundle = path.join(root, "bundle");
  for (const d of [bin, record, bundle]) mkdirSync(d, { recursive: true });
  for (const f of buildUpgradeBundle(request)) {
    mkdirSync(path.dirname(path.join(bundle, f.path)), { recursive: true });
    writeFileSync(path.join(bundle, f.path), f.content);
  }
  writeFileSync(path.join(root, "installed.json"), JSON.stringify(installed));
  for (const [file, content] of Object.entries(inputs)) writeFileSync(path.join(bundle, file), content);
  writeFileSync(path.join(bin, "helm"), STUB_HELM);
  writeFileSync(path.join(bin, "kubectl"), STUB_KUBECTL);
  writeFileSync(path.join(bin, "aws"), `#!/usr/bin/env bash\nprintf '%s\\0' aws "$@" > "$(mktemp "$RECORD/$(date +%s%N).XXXXXX")"\n`);
  for (const t of ["helm", "kubectl", "aws"]) chmodSync(path.join(bin, t), 0o755);
  const step = generateUpgradeSteps(request).steps.find((s) => s.id === stepId)!;
  const script = `set -euo pipefail\n${renderScript(step.commands.map((c) => ({ comment: c.comment, command: c })))}`;
  const r = spawnSync("bash", ["--noprofile", "--norc", "-c", script], {
    cwd: bundle,
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin`, RECORD: record, INSTALLED: path.join(root, "installed.json"), REAL_HELM: HELM, HOME: root } as unknown as NodeJS.ProcessEnv,
  });
  const calls = spawnSync("bash", ["-c", `for f in "${record}"/*; do tr '\\0' ' ' < "$f"; echo; done`], { encoding: "utf8" }).stdout.trim().split("\n");
  return { code: r.status, stderr: r.stderr, bundle, calls };
}

describe("an upgrade step starts from the cluster's installed values", () => {
  it("2.9 bridge: keeps ingress, SSO and resources, moves only what 2.9 refuses, and the generated keys win", () => {
    const r = runStep("bridge-install-staging");
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const merged = parse(readFileSync(path.join(r.bundle, "clusters/staging/upgrade-values-2.9.7.yaml"), "utf8"));
    expect(merged.ingress).toEqual(INSTALLED.ingress);
    expect(merged.oidc).toEqual(INSTALLED.oidc);
    expect(at(merged, "kubecostModel", "resources")).toEqual(INSTALLED.kubecostModel.resources);
    // 2.9 fails while kubecostModel.federatedStorageConfigSecret is set: gone, its place taken.
    expect(at(merged, "kubecostModel", "federatedStorageConfigSecret")).toBeUndefined();
    expect(at(merged, "global", "federatedStorage", "existingSecret")).toBe("federated-store");
    expect(at(merged, "global", "clusterId")).toBe("staging");
    expect(at(merged, "finopsagent", "enabled")).toBe(true);
    expect(at(merged, "pricingConfigmapName")).toBe("pricing-configs-cost-analyzer");
    // The upgrade applies exactly that file, after a preview and the recorded revision.
    const upgrade = r.calls.find((c) => c.startsWith("helm upgrade "))!;
    expect(upgrade).toContain("--values clusters/staging/upgrade-values-2.9.7.yaml");
    expect(upgrade).not.toContain("values-2.9.7.yaml --");
    const order = r.calls.map((c) => c.split(" ").slice(0, 2).join(" "));
    expect(order.indexOf("kubectl diff")).toBeLessThan(order.indexOf("helm upgrade"));
    expect(readFileSync(path.join(r.bundle, "clusters/staging/rollback-before-2.9.7.txt"), "utf8")).toContain("7\tdeployed");
  }, 120_000);

  it("3.x: drops what 3.2.1 refuses and nothing else of the admin's", () => {
    const r = runStep("v3-install-staging");
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const merged = parse(readFileSync(path.join(r.bundle, "clusters/staging/upgrade-values-3.2.1.yaml"), "utf8"));
    expect(merged.ingress).toEqual(INSTALLED.ingress);
    expect(merged.oidc).toEqual(INSTALLED.oidc);
    for (const gone of ["kubecostModel", "federatedETL", "kubecostAggregator", "prometheus"]) expect(merged[gone], gone).toBeUndefined();
    expect(at(merged, "kubecostProductConfigs", "clusterName")).toBeUndefined();
    expect(at(merged, "kubecostProductConfigs", "productKey")).toEqual(INSTALLED.kubecostProductConfigs.productKey);
    expect(at(merged, "aggregator", "enabled")).toBe(false);
    // The saved Enterprise key stays on, so 3.2.1 needs the acknowledgment with it.
    expect(at(merged, "global", "acknowledged")).toBe(true);
    expect(at(merged, "clusterController", "enabled")).toBe(false);
    expect(existsSync(path.join(r.bundle, "clusters/staging/installed-before-3.2.1.yaml"))).toBe(true);
  }, 120_000);

  // What `helm get values` returns on a 1.108 agent with bundled Thanos (values-thanos.yaml's
  // sidecar and volume), plus the admin's own settings.
  const THANOS_INSTALLED = {
    global: { thanos: { enabled: true } },
    kubecostProductConfigs: { clusterName: "prod-euw1" },
    prometheus: {
      server: {
        global: { external_labels: { cluster_id: "prod-euw1" } },
        retention: "2w",
        extraVolumes: [{ name: "object-store-volume", secret: { secretName: "kubecost-thanos" } }],
        sidecarContainers: [{ name: "thanos-sidecar", image: "thanosio/thanos:v0.32.5" }],
      },
    },
    thanos: { storeSecretName: "kubecost-thanos", store: { enabled: false } },
    ingress: INSTALLED.ingress,
    oidc: INSTALLED.oidc,
  };

  it("1.108 Thanos -> 2.x: keeps the admin's settings, removes the Thanos sidecar, its volume and the subchart", () => {
    const r = runStep("upgrade-install-prod-euw1", requestOf("upgrade-thanos-to-etl.yaml"), THANOS_INSTALLED);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const merged = parse(readFileSync(path.join(r.bundle, "clusters/prod-euw1/upgrade-values-2.8.7.yaml"), "utf8"));
    expect(merged.ingress).toEqual(INSTALLED.ingress);
    expect(merged.oidc).toEqual(INSTALLED.oidc);
    expect(at(merged, "prometheus", "server", "retention")).toBe("2w");
    for (const gone of [["prometheus", "server", "sidecarContainers"], ["prometheus", "server", "extraVolumes"], ["global", "thanos"], ["thanos"]]) expect(at(merged, ...gone), gone.join(".")).toBeUndefined();
    expect(at(merged, "federatedETL", "federatedCluster")).toBe(true);
    expect(r.calls.find((c) => c.startsWith("helm upgrade "))).toContain("--values clusters/prod-euw1/upgrade-values-2.8.7.yaml");
    expect(readFileSync(path.join(r.bundle, "clusters/prod-euw1/rollback-before-2.8.7.txt"), "utf8")).toContain("7\tdeployed");
  }, 120_000);

  it("1.108 Thanos -> 2.x primary: ETL utils on from the merge, then off again in the clean-up", () => {
    const thanos = requestOf("upgrade-thanos-to-etl.yaml");
    const installed = { ...THANOS_INSTALLED, kubecostProductConfigs: { clusterName: "prod-use1" } };
    const on = runStep("upgrade-install-prod-use1", thanos, installed);
    expect({ code: on.code, stderr: on.stderr }).toEqual({ code: 0, stderr: "" });
    expect(at(parse(readFileSync(path.join(on.bundle, "clusters/prod-use1/upgrade-values-2.8.7.yaml"), "utf8")), "etlUtils", "enabled")).toBe(true);
    const saved = { ...installed, etlUtils: { enabled: true, thanosSourceBucketSecret: "kubecost-thanos" } };
    // Until the admin says the history shows, the clean-up stops and changes nothing.
    const early = runStep("upgrade-thanos-cleanup", thanos, saved);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("Missing thanos-history-checked");
    expect(early.calls.filter((c) => c.startsWith("helm "))).toEqual([]);
    const off = runStep("upgrade-thanos-cleanup", thanos, saved, { "thanos-history-checked": "" });
    expect({ code: off.code, stderr: off.stderr }).toEqual({ code: 0, stderr: "" });
    const merged = parse(readFileSync(path.join(off.bundle, "clusters/prod-use1/upgrade-values-2.8.7-history-off.yaml"), "utf8"));
    expect(at(merged, "etlUtils", "enabled")).toBe(false);
    expect(merged.ingress).toEqual(INSTALLED.ingress);
  }, 120_000);

  it("1.108 Thanos -> 3.x: keeps the admin's settings, and nothing of Prometheus or Thanos", () => {
    const r = runStep("upgrade-install-prod-euw1", requestOf("upgrade-thanos-to-etl.yaml", "3.x"), THANOS_INSTALLED);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const merged = parse(readFileSync(path.join(r.bundle, "clusters/prod-euw1/upgrade-values-3.2.1.yaml"), "utf8"));
    expect(merged.ingress).toEqual(INSTALLED.ingress);
    for (const gone of ["prometheus", "thanos"]) expect(merged[gone], gone).toBeUndefined();
    expect(at(merged, "global", "thanos")).toBeUndefined();
    expect(at(merged, "global", "clusterId")).toBe("prod-euw1");
  }, 120_000);

  it("lists the rules it applies in the doctor's words", () => {
    const rules = valuesRules("3.x", { chart: "kubecost", version: "3.2.1" });
    expect(rules).toContainEqual(expect.objectContaining({ path: "kubecostProductConfigs.clusterName", kind: "move", to: "global.clusterId" }));
    expect(rules).toContainEqual(expect.objectContaining({ path: "kubecostAggregator", kind: "subtree", to: "aggregator" }));
    expect(rules).toContainEqual(expect.objectContaining({ path: "global.amp", kind: "remove" }));
    expect(valuesRules("2.9", { chart: "cost-analyzer", version: "2.9.7" })).toContainEqual(expect.objectContaining({ path: "prometheus.server.global.external_labels.cluster_id", kind: "copy" }));
  });
});
