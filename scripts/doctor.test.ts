import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..");
const runCli = (...args: string[]) => spawnSync("npx", ["tsx", "scripts/doctor.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("npm run doctor", () => {
  it("reports the keys 3.2.1 fails on, exits 1, and writes the rewritten values", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-doctor-"));
    const out = path.join(dir, "values-3.yaml");
    const r = runCli("lib/doctor/fixtures/kubecost-2.4.2-amp-primary.yaml", "--target", "3.2.1", "--write", out);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain("Kubecost 3.2.1 (kubecost chart, line 3.x), values file");
    expect(r.stdout).toMatch(/Keys fails the install \(\d+\):/);
    expect(r.stdout).toContain("global.amp.enabled: kubecost 3.2.1 fails the install");
    expect(r.stdout).toContain(`Wrote the rewritten values to ${out}.`);
    expect(parse(readFileSync(out, "utf8"))).toMatchObject({ global: { clusterId: "prod-east", acknowledged: true } });
    // The rewritten file is clean: exit 0.
    const again = runCli(out, "--target", "3.2.1");
    expect(again.status, again.stdout).toBe(0);
  });

  it("refuses an unknown target with the nearest version, naming the flag", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-doctor-"));
    const f = path.join(dir, "values.yaml");
    writeFileSync(f, "global:\n  clusterId: a\n");
    const r = runCli(f, "--target", "4.0.0");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--target: .*3\.2\.1/);
  });
});
