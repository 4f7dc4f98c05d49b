import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packFixtureChart } from "@/lib/charts/fixtures/pack";
import { runMain } from "@/test/support/run-cli";
import { main } from "./doctor";

// `npm run doctor -- values.yaml --chart kubecost-3.3.0.tgz`: the checks run against the chart
// package given (a hand-written kubecost 3.3.0 here), and the output says so. In-process: the
// entry point's own exit code and streams are checked by doctor.test.ts.

const runCli = (...args: string[]) => runMain(main, ...args);

describe("npm run doctor --chart", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "fc-doctor-chart-"));
  const values = path.join(dir, "values.yaml");
  writeFileSync(values, "global:\n  clusterId: prod-east\nfrontend:\n  podLabels:\n    team: a\n  nodeSelector:\n    disk: ssd\nkubecostModel:\n  etlBucketConfigSecret: x\n");

  it("checks against the chart supplied and says so", () => {
    const tgz = path.join(dir, "kubecost-3.3.0.tgz");
    writeFileSync(tgz, packFixtureChart("kubecost"));
    const r = runCli(values, "--chart", tgz);
    expect(r.stdout.split("\n")[0], r.stderr).toBe("Checked against kubecost 3.3.0 you supplied.");
    expect(r.stdout).toContain("kubecostModel.etlBucketConfigSecret: Kubecost 3.3.0 fails the install");
    expect(r.stdout).toContain("frontend.nodeSelector.disk: Kubecost 3.3.0 does not read this key");
    expect(r.stdout).not.toMatch(/frontend\.podLabels\.team: .*does not read/);
  });

  it("without a chart, checks a newer version against the verified one and says which", () => {
    const r = runCli(values, "--target", "3.3.0");
    expect(r.stdout.split("\n")[0], r.stderr).toBe(
      "Kubecost 3.3.0 is newer than 3.2.1, the version this console verified: keys, types and refused keys are checked against kubecost 3.2.1. Drop the 3.3.0 chart package (helm pull kubecost/kubecost --version 3.3.0) to check against it.",
    );
  });

  it("says what is wrong with a file that is no chart package, and reports nothing", () => {
    const r = runCli(values, "--chart", values);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--chart .*values\.yaml: Not a gzip file/);
    expect(r.stdout).toBe("");
  });
});
