import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { buildBundle } from "@/lib/generate";
import { validatePlan } from "@/lib/plan/validate";
import { runMain, spawnCli } from "@/test/support/run-cli";
import { main } from "./generate";

// The first two cases run the real entry point (exit code, stdout or stderr, files written); the
// rest call the same main in-process.
const spawnGenerate = (...args: string[]) => spawnCli("scripts/generate.ts", ...args);
const runCli = (...args: string[]) => runMain(main, ...args);

const goodPlan = {
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
  storage: { bucket: "kubecost-federation", region: "eu-west-1" },
  clusters: [
    { id: "eu-prod", role: "primary" },
    { id: "eu-dev", role: "agent" },
  ],
};

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe("npm run generate", () => {
  it("writes exactly the bundle the wizard zips, STEPS.md included", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-gen-"));
    const planFile = path.join(dir, "plan.yaml");
    writeFileSync(planFile, stringify(goodPlan));
    const out = path.join(dir, "out");
    const r = spawnGenerate(planFile, out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote \d+ files/);
    const v = validatePlan(goodPlan);
    if (!v.ok) throw new Error("fixture invalid");
    const bundle = buildBundle(v.value);
    expect(listFiles(out).sort()).toEqual(bundle.map((f) => f.path).sort());
    for (const f of bundle) expect(readFileSync(path.join(out, f.path), "utf8")).toBe(f.content);
  });

  it("rejects a bad plan with field messages, exit 1, and writes nothing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-gen-"));
    const planFile = path.join(dir, "plan.json");
    writeFileSync(planFile, JSON.stringify({ ...goodPlan, storage: { bucket: "Bad_Bucket", region: "mars-1" } }));
    const out = path.join(dir, "out");
    const r = spawnGenerate(planFile, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("storage.bucket: Bucket names use lowercase letters only");
    expect(r.stderr).toContain("storage.region: Not an AWS region code");
    expect(r.stderr).toContain("nothing was written");
    expect(existsSync(out)).toBe(false);
  });

  it("explains unreadable input and usage", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-gen-"));
    const planFile = path.join(dir, "plan.yaml");
    writeFileSync(planFile, "method: [unclosed\n");
    expect(runCli(planFile, path.join(dir, "o")).stderr).toMatch(/not valid YAML or JSON/);
    const usage = runCli();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run generate/);
  });

  it("refuses to write into a non-empty folder without --force", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-gen-"));
    const planFile = path.join(dir, "plan.yaml");
    writeFileSync(planFile, stringify(goodPlan));
    const r = runCli(planFile, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not empty/);
  });
});
