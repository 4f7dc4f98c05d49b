import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { runMain, spawnCli } from "@/test/support/run-cli";
import { main } from "./doctor";

// Two runs of the real entry point (a report with exit 1 and the file written; a refused flag on
// stderr with exit 2); the other cases call the same main in-process.
const root = path.resolve(__dirname, "..");
const spawnDoctor = (...args: string[]) => spawnCli("scripts/doctor.ts", ...args);
const runCli = (...args: string[]) => runMain(main, ...args);

describe("npm run doctor", () => {
  it("reports the keys 3.2.1 fails on, exits 1, and writes the rewritten values", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-doctor-"));
    const out = path.join(dir, "values-3.yaml");
    const r = spawnDoctor("lib/doctor/fixtures/kubecost-2.4.2-amp-primary.yaml", "--target", "3.2.1", "--write", out);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain("Kubecost 3.2.1 (kubecost chart, line 3.x), values file");
    expect(r.stdout).toMatch(/Keys that fail the install \(\d+ keys\):/);
    expect(r.stdout).toContain("Kubecost 3.2.1 fails the install: `.Values.global.amp` (Amazon Managed Prometheus) is no longer supported. Please remove this configuration. (4 keys): global.amp.enabled, global.amp.prometheusServerEndpoint");
    expect(r.stdout).toContain(`Wrote the rewritten values to ${out}.`);
    expect(parse(readFileSync(out, "utf8"))).toMatchObject({ global: { clusterId: "prod-east", acknowledged: true } });
    // The rewritten file is clean: exit 0.
    const again = runCli(out, "--target", "3.2.1");
    expect(again.status, again.stdout).toBe(0);
  });

  it("moves image settings with their registry: the rewritten file has frontend.image (same as the page)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-doctor-"));
    const out = path.join(dir, "values-3.yaml");
    const r = runCli(path.join(root, "lib/doctor/fixtures/eks-cost-monitoring-2.4.yaml"), "--target", "3.2.1", "--write", out);
    expect(r.stdout).toContain("kubecostFrontend.image -> frontend.image (registry, repository and tag kept)");
    expect(r.stdout).toContain("networkCosts.image pins v0.17.6, older than v0.19.0");
    expect(parse(readFileSync(out, "utf8"))).toMatchObject({ frontend: { image: { registry: "public.ecr.aws", repository: "kubecost/frontend" } } });
  });

  it("refuses an unknown target with the nearest version, naming the flag", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fc-doctor-"));
    const f = path.join(dir, "values.yaml");
    writeFileSync(f, "global:\n  clusterId: a\n");
    const r = spawnDoctor(f, "--target", "4.0.0");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--target: .*3\.2\.1/);
  });
});
