import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const runCli = (...args: string[]) => spawnSync("npx", ["tsx", "scripts/upgrade.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("npm run upgrade", () => {
  it("writes STEPS.md, both phases' values and upgrade.yaml", () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "fc-upgrade-")), "out");
    const r = runCli("examples/upgrade-etl-to-3x.yaml", out);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(path.join(out, "clusters/staging")).sort()).toEqual(["values-2.9.7.yaml", "values-3.2.1.yaml"]);
    const steps = readFileSync(path.join(out, "STEPS.md"), "utf8");
    expect(steps).toMatch(/## 1\. Decide first: what 3\.x cannot undo/);
    expect(steps).toMatch(/## 7\. Wait until every FinOps agent has written for 48 hours/);
    expect(existsSync(path.join(out, "upgrade.yaml"))).toBe(true);
  });

  it("takes the target from --to, and refuses a path it cannot plan without writing anything", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-upgrade-"));
    const ok = runCli("examples/federated-etl.yaml", path.join(dir, "a"), "--to", "2.9");
    expect(ok.status, ok.stderr).toBe(0);
    const bad = runCli("examples/amp.yaml", path.join(dir, "b"), "--to", "3.x");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("upgradeTo.chartLine: The AMP quick start has no bucket");
    expect(existsSync(path.join(dir, "b"))).toBe(false);
  });
});
