import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runMain, spawnCli } from "@/test/support/run-cli";
import { main } from "./upgrade";

// Two runs of the real entry point (the bundle written with exit 0; a refused path on stderr with
// exit 1, nothing written); the --to case calls the same main in-process.
const root = path.resolve(__dirname, "..");
const spawnUpgrade = (...args: string[]) => spawnCli("scripts/upgrade.ts", ...args);
const runCli = (...args: string[]) => runMain(main, ...args);

describe("npm run upgrade", () => {
  it("writes STEPS.md, both phases' values and upgrade.yaml", () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "fc-upgrade-")), "out");
    const r = spawnUpgrade("examples/upgrade-etl-to-3x.yaml", out);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(path.join(out, "clusters/staging")).sort()).toEqual(["steps", "values-2.9.7.yaml", "values-3.2.1.yaml"]);
    expect(readdirSync(path.join(out, "clusters/staging/steps")).sort()).toEqual(["01-01-save-values.sh", "02-01-check-secrets.sh", "03-01-bridge.sh", "04-01-gate.sh", "06-01-agents-3x.sh"]);
    expect(readdirSync(path.join(out, "clusters/prod-us-east-1/steps"))).toContain("05-01-primary-3x.sh");
    const steps = readFileSync(path.join(out, "STEPS.md"), "utf8");
    expect(steps).toMatch(/## 1\. Decide first: what 3\.x cannot undo/);
    expect(steps).toMatch(/## 5\. The 48 h gate: wait until every FinOps agent has written for 48 hours\n/);
    expect(steps).toContain("bash install.sh --all --stage 4 --parallel 4");
    for (const f of ["upgrade.yaml", "install.sh", "clusters.tsv", "upgrade/gate.sh"]) expect(existsSync(path.join(out, f)), f).toBe(true);
  });

  it("takes the target from --to, and refuses a path it cannot plan without writing anything", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-upgrade-"));
    const ok = runCli(path.join(root, "examples/federated-etl.yaml"), path.join(dir, "a"), "--to", "2.9");
    expect(ok.status, ok.stderr).toBe(0);
    const bad = spawnUpgrade("examples/amp.yaml", path.join(dir, "b"), "--to", "3.x");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("upgradeTo.chartLine: The AMP quick start has no bucket");
    expect(existsSync(path.join(dir, "b"))).toBe(false);
  });
});
