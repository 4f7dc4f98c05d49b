import { describe, expect, it } from "vitest";
import { validateUpgrade } from "./upgrade";

const etl = {
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
  storage: { bucket: "acme-etl", region: "us-east-1" },
  clusters: [{ id: "hub", role: "primary" }],
};

describe("upgrade requests", () => {
  it("default the version to the target line's verified one", () => {
    const r = validateUpgrade({ ...etl, upgradeTo: { chartLine: "3.x" } });
    expect(r.ok && r.value.to).toEqual({ chartLine: "3.x", chartVersion: "3.2.1" });
  });

  it("name the field when the target is missing, unknown or off the path", () => {
    expect(validateUpgrade(etl)).toEqual({ ok: false, problems: [{ path: "upgradeTo", message: expect.stringContaining("chartLine") }] });
    expect(validateUpgrade({ ...etl, upgradeTo: { chartLine: "3.x", chartVersion: "4.0.0" } })).toEqual({
      ok: false,
      problems: [{ path: "upgradeTo.chartVersion", message: expect.stringContaining("nearest verified version is 3.2.1") }],
    });
    expect(validateUpgrade({ ...etl, upgradeTo: { chartLine: "1.x" } })).toEqual({ ok: false, problems: [{ path: "upgradeTo.chartLine", message: expect.stringContaining("2.9 or 3.x") }] });
    const amp = { method: "amp", kubecost: { chartLine: "2.x", chartVersion: "2.8.7" }, awsAccountId: "123456789012", amp: { region: "us-east-1", workspace: { mode: "create", alias: "k" } }, clusters: [{ id: "hub", role: "primary" }] };
    expect(validateUpgrade({ ...amp, upgradeTo: { chartLine: "3.x" } })).toEqual({ ok: false, problems: [{ path: "upgradeTo.chartLine", message: expect.stringContaining("add an ETL bucket first") }] });
  });

  it("report the current plan's own problems by field", () => {
    const r = validateUpgrade({ ...etl, storage: { bucket: "Bad_Bucket", region: "us-east-1" }, upgradeTo: { chartLine: "3.x" } });
    expect(r.ok ? [] : r.problems.map((i) => i.path)).toEqual(["storage.bucket"]);
  });
});
