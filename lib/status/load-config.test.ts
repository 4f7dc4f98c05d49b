import { describe, expect, it } from "vitest";
import { loadStatusConfig, statusConfigMessage, STATUS_ENV_VARS } from "./load-config";

const files: Record<string, string> = {
  "/etc/fc/status.yaml": [
    "etl:",
    "  bucket: kubecost-etl",
    "  region: us-west-2",
    "thanos:",
    "  bucket: thanos-blocks",
    "  region: eu-west-1",
    "  clusterLabel: cluster",
    "expectedClusters: [prod-1, prod-2]",
    "thresholds:",
    "  etlStaleAfterSeconds: 7200",
  ].join("\n"),
  "/etc/fc/status.json": JSON.stringify({ amp: { region: "us-east-1", alias: "kubecost" }, refreshSeconds: 30 }),
  "/etc/fc/broken.yaml": "etl:\n  bucket: [unclosed",
  "/etc/fc/list.yaml": "- a\n- b\n",
};
const readFile = (p: string) => {
  if (!(p in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
  return files[p];
};

function load(env: Record<string, string>) {
  return loadStatusConfig(env, readFile);
}

describe("loadStatusConfig", () => {
  it("reads a YAML file and fills schema defaults", () => {
    const r = load({ FC_CONFIG: "/etc/fc/status.yaml" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.etl).toEqual({ bucket: "kubecost-etl", region: "us-west-2", prefix: "" });
    expect(r.value.thanos?.clusterLabel).toBe("cluster");
    expect(r.value.thanos?.fullScanIntervalSeconds).toBe(900);
    expect(r.value.expectedClusters).toEqual(["prod-1", "prod-2"]);
    expect(r.value.thresholds.etlStaleAfterSeconds).toBe(7200);
    expect(r.value.thresholds.etlLaggingAfterSeconds).toBe(3 * 3600);
    // Off unless asked for: a link would spend the server's AWS credentials (review finding F).
    expect(r.value.allowRequestTargets).toBe(false);
    expect(r.value.allowedTargets).toEqual([]);
    expect(r.value.refreshSeconds).toBe(60);
  });

  it("reads a JSON file", () => {
    const r = load({ FC_CONFIG: "/etc/fc/status.json" });
    expect(r.ok && r.value.amp).toMatchObject({ region: "us-east-1", alias: "kubecost", clusterLabel: "cluster_id" });
    expect(r.ok && r.value.refreshSeconds).toBe(30);
  });

  it("builds the config from FC_* variables alone", () => {
    const r = load({
      FC_ETL_BUCKET: "etl-bucket",
      FC_ETL_REGION: "us-east-2",
      FC_ETL_PREFIX: "kc",
      FC_THANOS_BUCKET: "thanos-bucket",
      FC_THANOS_REGION: "us-east-2",
      FC_THANOS_CLUSTER_LABEL: "cluster",
      FC_AMP_REGION: "us-west-2",
      FC_AMP_WORKSPACE_ID: "ws-12345678-abcd-1234-abcd-1234567890ab",
      FC_S3_ENDPOINT: "http://127.0.0.1:9000",
      FC_EXPECTED_CLUSTERS: " prod-1, prod-2 ,,dev ",
      FC_ALLOW_REQUEST_TARGETS: "false",
      FC_ALLOWED_TARGETS: "team-etl, ws-12345678-abcd-1234-abcd-1234567890ab",
      FC_REFRESH_SECONDS: "15",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // The probes put the prefix straight in front of federated/: it always ends in one slash.
    expect(r.value.etl).toEqual({ bucket: "etl-bucket", region: "us-east-2", prefix: "kc/" });
    expect(r.value.thanos).toMatchObject({ bucket: "thanos-bucket", clusterLabel: "cluster" });
    expect(r.value.amp?.workspaceId).toBe("ws-12345678-abcd-1234-abcd-1234567890ab");
    expect(r.value.s3Endpoint).toBe("http://127.0.0.1:9000");
    expect(r.value.expectedClusters).toEqual(["prod-1", "prod-2", "dev"]);
    expect(r.value.allowRequestTargets).toBe(false);
    expect(r.value.allowedTargets).toEqual(["team-etl", "ws-12345678-abcd-1234-abcd-1234567890ab"]);
    expect(r.value.refreshSeconds).toBe(15);
  });

  it("lets one variable override one field of the file, and the file override the demo", () => {
    const r = load({
      FC_DEMO_CONFIG: JSON.stringify({ s3Endpoint: "http://127.0.0.1:4566", etl: { bucket: "demo", region: "us-east-1" } }),
      FC_CONFIG: "/etc/fc/status.yaml",
      FC_ETL_REGION: "ca-central-1",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.etl).toEqual({ bucket: "kubecost-etl", region: "ca-central-1", prefix: "" });
    expect(r.value.s3Endpoint).toBe("http://127.0.0.1:4566");
  });

  it("reads per-source expected clusters", () => {
    const r = load({ FC_ETL_BUCKET: "etl-bucket", FC_ETL_REGION: "us-east-1", FC_EXPECTED_CLUSTERS: "a,b", FC_ETL_EXPECTED_CLUSTERS: "c" });
    expect(r.ok && r.value.expectedClusters).toEqual(["a", "b"]);
    expect(r.ok && r.value.etl?.expectedClusters).toEqual(["c"]);
  });

  it("takes AWS_REGION for a bucket that has no region of its own", () => {
    const r = load({ FC_ETL_BUCKET: "etl-bucket", AWS_REGION: "eu-central-1" });
    expect(r.ok && r.value.etl?.region).toBe("eu-central-1");
  });

  it("names the field and the variable to set when a value is wrong", () => {
    const r = load({ FC_ETL_BUCKET: "etl-bucket", FC_REFRESH_SECONDS: "often", FC_EXPECTED_CLUSTERS: "ok,not ok" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.problems.map((p) => [p.path, p]));
    expect(byField["etl.region"].fix).toContain("FC_ETL_REGION");
    expect(byField["refreshSeconds"].fix).toContain("FC_REFRESH_SECONDS");
    expect(byField["expectedClusters.1"].message).toMatch(/letters, digits/);
    expect(statusConfigMessage(r.problems)).toContain("etl.region");
  });

  it("points at the file key when the bad value came from FC_CONFIG", () => {
    files["/etc/fc/bad-amp.yaml"] = "amp:\n  region: us-east-1\n";
    const r = load({ FC_CONFIG: "/etc/fc/bad-amp.yaml" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ path: "amp", message: "Give amp.workspaceId or amp.alias" });
    expect(r.problems[0].fix).toContain("bad-amp.yaml");
  });

  it("explains a missing file, a syntax error and a file that is not an object", () => {
    const missing = load({ FC_CONFIG: "/etc/fc/nope.yaml" });
    expect(!missing.ok && statusConfigMessage(missing.problems)).toMatch(/cannot be read \(ENOENT\).*FC_CONFIG/s);
    const broken = load({ FC_CONFIG: "/etc/fc/broken.yaml" });
    expect(!broken.ok && statusConfigMessage(broken.problems)).toMatch(/not valid YAML or JSON/);
    const list = load({ FC_CONFIG: "/etc/fc/list.yaml" });
    expect(!list.ok && statusConfigMessage(list.problems)).toMatch(/must hold an object/);
  });

  it("says how to configure something when nothing is configured", () => {
    const r = load({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].message).toMatch(/Nothing to probe/);
    expect(r.problems[0].fix).toContain("FC_ETL_BUCKET");
  });

  it("documents every variable it reads in docs/status-api.md", async () => {
    const { readFileSync } = await import("node:fs");
    const doc = readFileSync(new URL("../../docs/status-api.md", import.meta.url), "utf8");
    for (const v of STATUS_ENV_VARS) expect(doc).toContain(v.name);
  });
});
