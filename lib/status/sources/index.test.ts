import { describe, expect, it } from "vitest";
import { loadStatusConfig } from "../load-config";
import { SOURCE_DEFINITIONS, SOURCE_IDS, STATUS_ENV_VARS, ownConfigVariables } from "./index";

describe("status-source registry", () => {
  it("has one definition per source id, each naming its own env variables and config section", () => {
    expect(Object.keys(SOURCE_DEFINITIONS).sort()).toEqual([...SOURCE_IDS].sort());
    for (const id of SOURCE_IDS) {
      const def = SOURCE_DEFINITIONS[id];
      expect(def.id).toBe(id);
      expect(def.envVars.length).toBeGreaterThan(0);
      for (const v of def.envVars) {
        expect(v.name.startsWith(`FC_${id.toUpperCase()}_`)).toBe(true);
        expect(v.field.startsWith(`${id}.`)).toBe(true);
      }
      expect(def.missingFix("prod-1")).toContain('"prod-1"');
    }
    // No variable is listed twice.
    expect(new Set(STATUS_ENV_VARS.map((v) => v.name)).size).toBe(STATUS_ENV_VARS.length);
  });

  it("every source's variable is read into its config section", () => {
    const env = { FC_AGENT_BUCKET: "fleet-store", FC_AGENT_REGION: "eu-west-1", FC_AGENT_PREFIX: "kc", FC_AGENT_EXPECTED_CLUSTERS: "a,b" };
    const r = loadStatusConfig(env, () => "");
    expect(r.ok && r.value.agent).toEqual({ bucket: "fleet-store", region: "eu-west-1", prefix: "kc/", expectedClusters: ["a", "b"] });
  });
});

describe("own configuration or demo (scripts/start.ts)", () => {
  it("starts the demo only when no source variable and no FC_CONFIG is set", () => {
    expect(ownConfigVariables({})).toEqual([]);
    expect(ownConfigVariables({ FC_ETL_BUCKET: "  ", PATH: "/bin", FC_REFRESH_SECONDS: "30" })).toEqual([]);
  });

  it("FC_AGENT_* alone, the whole configuration of a 3.x federation, means the console's own configuration", () => {
    expect(ownConfigVariables({ FC_AGENT_BUCKET: "fleet-store" })).toEqual(["FC_AGENT_BUCKET"]);
    expect(ownConfigVariables({ FC_AGENT_REGION: "us-east-1" })).toEqual(["FC_AGENT_REGION"]);
  });

  it("counts every source's variables and FC_CONFIG", () => {
    for (const id of SOURCE_IDS) {
      for (const v of SOURCE_DEFINITIONS[id].envVars) expect(ownConfigVariables({ [v.name]: "x" })).toEqual([v.name]);
    }
    expect(ownConfigVariables({ FC_CONFIG: "/etc/fc.yaml" })).toEqual(["FC_CONFIG"]);
  });
});
