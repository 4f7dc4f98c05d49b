import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { packFixtureChart } from "@/lib/charts/fixtures/pack";
import { runMain } from "@/test/support/run-cli";
import { main } from "./generate";

// `npm run generate -- plan.yaml out/ --chart kubecost-3.3.0.tgz` (issue 18): the bundle is made
// for the chart package the admin will install and its values are checked against that chart.
// In-process: the entry point's own exit code and streams are checked by generate.test.ts.

const root = path.resolve(import.meta.dirname, "..");
const runCli = (...args: string[]) => runMain(main, ...args);

describe("npm run generate --chart", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "fc-gen-chart-"));
  const tgz = path.join(dir, "kubecost-3.3.0.tgz");
  writeFileSync(tgz, packFixtureChart("kubecost"));

  it("makes the bundle for the supplied chart's version, says what it checked against, and lists keys that chart does not read", () => {
    const out = path.join(dir, "out");
    const r = runCli(path.join(root, "examples/federated-storage.yaml"), out, "--chart", tgz);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("Checked against kubecost 3.3.0 you supplied.");
    expect(r.stdout).toMatch(/Keys the chart does not read \(\d+\):/);
    expect(r.stdout).toMatch(/Wrote \d+ files/);
    const plan = parse(readFileSync(path.join(out, "plan.yaml"), "utf8"));
    expect(plan.kubecost.chartVersion).toBe("3.3.0");
  });

  it("writes nothing when the chart package cannot be read", () => {
    const out = path.join(dir, "out-bad");
    const r = runCli(path.join(root, "examples/federated-storage.yaml"), out, "--chart", path.join(root, "examples/federated-storage.yaml"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--chart .*federated-storage\.yaml: .*nothing was written/);
    expect(existsSync(out) && readdirSync(out).length > 0).toBe(false);
  });
});
