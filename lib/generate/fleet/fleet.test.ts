import { existsSync } from "node:fs";
import path from "node:path";
import { watchFederationStep } from "../watch-step";
import { describe, expect, it } from "vitest";
import { clusterSchema, type FederationPlan } from "@/lib/plan/schema";
import { buildBundle, generateOutput, generatePlan } from "../index";
import { renderCommand, type ShellCommand, type ShellWord } from "../shell";
import { bashArgvMany, bashSyntaxErrors } from "@/test/support/bash";
import { loadExamplePlans } from "@/test/support/example-plans";
import { DRIVER_ID_RULE, DRIVER_SCRIPT } from "./driver";
import { fleetOf } from "./scale";
import { STUB_TOOLS, writeBundle } from "@/test/support/fleet-bundle";
import { expectGitOpsEqualsInstalls, expectWaveOrder, firstClusters, INSTALL_ENV, sharedInstall, type InstallRun } from "@/test/support/install-run";

const ENV = INSTALL_ENV;
const expand = (w: ShellWord) => (typeof w === "string" ? w : w.template.replace(/\$\{(\w+)\}/g, (_, n: keyof typeof ENV) => ENV[n]));

const stubbed = (argv: ShellWord[]) => (STUB_TOOLS as readonly string[]).includes(argv[0] as string);

/** What bash runs for a command when every stub succeeds and the admin supplied the inputs the
 * first step lists (supplyInputs): the command, its pipe target, its then-branch; never the
 * `|| fallback`. Only the stubbed tools are recorded. */
function executed(cmd: ShellCommand): string[][] {
  const own = [cmd.argv, ...(cmd.pipeTo ? [cmd.pipeTo] : [])].map((a) => a.map(expand));
  const inputGuard = cmd.argv[0] === "test" || (cmd.negate && cmd.argv[0] === "grep");
  const branch = cmd.then && ((stubbed(cmd.argv) && !cmd.negate) || inputGuard) ? executed(cmd.then) : [];
  return [...own, ...branch].filter(stubbed);
}
const key = (argv: string[]) => JSON.stringify(argv);
const sorted = (list: string[][]) => list.map(key).sort();
const stepsInMarkdown = (md: string) => [...md.matchAll(/^## \d+\. /gm)].length;

const examples = loadExamplePlans();
/** The one 150-cluster example installed in full: the suite's only full 150-cluster run. */
const FLEET_EXAMPLE = "federated-etl-150.yaml";
/** Any other example bigger than this (upgrade-etl-to-3x-150.yaml) is installed on its first
 * clusters: its other agents repeat their shapes. */
const INSTALL_MAX = 20;
const INSTALL_FIRST = 12;

// install.sh --all over each example's bundle (test/support/install-run.ts), run once per example
// and read by three checks: the generators' commands (here), the GitOps files
// (gitops/gitops.test.ts's check) and the install order (issue 20, gitops/one-order.test.ts's
// subject); gitops.test.ts runs the grown fleets. Measured with the 2 cores at load average 19
// (about ten runnable processes per core): 88 s for the 150 clusters, 2-3 s for a few; the
// driver's own processes (a bash per step script) are most of it now that the stubs and the
// driver's checksum spawn little.
const installs = new Map<string, () => InstallRun>();
const installOf = (name: string, plan: FederationPlan) => {
  if (!installs.has(name)) installs.set(name, sharedInstall(plan));
  return installs.get(name)!;
};
const FLEET_RUN_TIMEOUT_MS = 300_000;

describe("fleet output", () => {
  it("has as many steps for 150 and 5,000 clusters as for the example's own few", () => {
    for (const { name, plan } of examples) {
      const few = generateOutput(plan).fleet.steps.length;
      const big = fleetOf(plan, 150);
      const bundle = buildBundle(big);
      expect({ name, steps: stepsInMarkdown(bundle[0].content) }).toEqual({ name, steps: few });
      // Every cluster's step scripts are in the bundle, and STEPS.md does not grow with them.
      expect(new Set(bundle.filter((f) => /^clusters\/[^/]+\/steps\//.test(f.path)).map((f) => f.path.split("/")[1])).size, name).toBe(150);
      // Within 1 KB of the example's own STEPS.md (a few more names listed in step 1), and short
      // (the Pod Identity example, the longest, is 12.5 KB: its role, add-on and associations).
      const ownSteps = buildBundle(plan)[0].content.length;
      expect({ name, grows: bundle[0].content.length - ownSteps < 1_000, short: bundle[0].content.length < 13_000 }).toEqual({ name, grows: true, short: true });
    }
    const etl = examples.find((e) => e.name === "federated-etl.yaml")!.plan;
    const huge = buildBundle(fleetOf(etl, 5000));
    expect(stepsInMarkdown(huge[0].content)).toBe(generateOutput(etl).fleet.steps.length);
    expect(huge.filter((f) => /^clusters\/[^/]+\/values\.yaml$/.test(f.path))).toHaveLength(5000);
    expect(huge.find((f) => f.path === "clusters.tsv")!.content.trim().split("\n")).toHaveLength(5001);
    // STEPS.md stays readable: it names the per-cluster folder once, not 5,000 files.
    expect(huge[0].content.length).toBeLessThan(20_000);
  }, FLEET_RUN_TIMEOUT_MS);

  for (const { name, plan: asWritten } of examples) {
    describe(name, () => {
      const output = generateOutput(asWritten);
      const bundle = buildBundle(asWritten, output);

      it("every shell file and STEPS.md command parses; stage commands reach bash as their argv", () => {
        const shell = bundle.filter((f) => f.path.endsWith(".sh"));
        const errors = bashSyntaxErrors(shell.map((f) => f.content));
        expect(shell.map((f, i) => ({ file: f.path, err: errors[i] })).filter((e) => e.err)).toEqual([]);
        const commands = output.fleet.steps.flatMap((s) => s.commands);
        expect(bashSyntaxErrors(commands.map((c) => renderCommand(c))).filter(Boolean)).toEqual([]);
        const plain = commands.flatMap((c) => [c.argv, ...(c.pipeTo ? [c.pipeTo] : [])]);
        expect(bashArgvMany(plain.map((argv) => renderCommand({ argv })), ENV)).toEqual(plain.map((a) => a.map(expand)));
      });

      const installed = asWritten.clusters.length > INSTALL_MAX && name !== FLEET_EXAMPLE ? firstClusters(asWritten, INSTALL_FIRST) : asWritten;
      const label = installed === asWritten ? "install.sh" : `install.sh on its first ${INSTALL_FIRST} clusters`;
      const install = installOf(name, installed);

      it(`${label} runs every per-cluster command once, and STEPS.md the rest: together exactly the generators' commands`, () => {
        const { plan, output, box, code, stdout, stderr } = install();
        expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
        expect(stdout).toContain(`Summary: ${plan.clusters.length} succeeded, 0 failed.`);
        const direct = output.fleet.steps.flatMap((s) => s.commands).flatMap(executed);
        // The generators' commands plus the console's own optional watch step at the end.
        const all = [...generatePlan(plan).steps, watchFederationStep(plan)].flatMap((s) => s.commands).flatMap(executed);
        expect(sorted([...box.recorded(), ...direct])).toEqual(sorted(all));
        for (const c of plan.clusters) expect(box.read(`logs/${c.id}.log`)).toMatch(/run {2}\d\d-\d\d-/);
      }, FLEET_RUN_TIMEOUT_MS);

      it(`GitOps: the ApplicationSet's Applications and helmfile's releases equal the helm installs ${label} runs`, () => {
        expectGitOpsEqualsInstalls(install());
      }, FLEET_RUN_TIMEOUT_MS);

      it(`${label} finishes every first-wave cluster before it starts the second (the method's install order)`, () => {
        expectWaveOrder(install());
      }, FLEET_RUN_TIMEOUT_MS);
    });
  }
});

describe("install.sh", () => {
  const plan = examples.find((e) => e.name === "federated-etl.yaml")!.plan;
  const bundle = buildBundle(plan);

  it("installs 150 clusters in parallel against the stubs: one log per cluster, a summary", () => {
    const big = examples.find((e) => e.name === FLEET_EXAMPLE)!.plan;
    expect(big.clusters).toHaveLength(150);
    const { box, code, stdout } = installOf(FLEET_EXAMPLE, big)();
    expect(code).toBe(0);
    expect(stdout).toContain("Summary: 150 succeeded, 0 failed.");
    expect(box.ls("logs")).toHaveLength(150);
    const helm = box.recorded().filter((a) => a[0] === "helm" && a[1] === "upgrade");
    expect(helm.map((a) => a[a.indexOf("--kube-context") + 1]).sort()).toEqual(big.clusters.map((c) => c.kubeContext ?? c.id).sort());
    // The primary ran before any agent: its install log is complete when the agents start.
    expect(stdout.split("\n").slice(0, 2)).toEqual(["Stage 1", `ok     ${big.clusters[0].id}`]);
  }, FLEET_RUN_TIMEOUT_MS);

  it("after a failure exits 1 naming the cluster, and a rerun installs only what failed", () => {
    const box = writeBundle(bundle);
    const first = box.run(["--all", "--stage", "2", "--skip-preflight"], { ...ENV, FAIL_TOOL: "helm", FAIL_CONTEXT: "staging" });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("Summary: 3 succeeded, 1 failed (stage 2).");
    expect(first.stdout).toContain("Failed clusters: staging");
    expect(box.read("logs/staging.log")).toContain("FAILED 02-03-install.sh");
    expect(box.read("logs/staging.log")).toContain("stub helm: failing for staging");
    expect(box.ls("state/staging")).toEqual(["02-01-service-account.done", "02-02-secrets.done"]);

    box.clearRecords();
    const again = box.run(["--all", "--stage", "2", "--skip-preflight"], ENV);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Summary: 4 succeeded, 0 failed (stage 2).");
    const rerun = box.recorded();
    // Only staging's install ran again (helm plus its rollout check), nothing of the others.
    expect(rerun.map((a) => a[0]).sort()).toEqual(["helm", "kubectl"]);
    expect(rerun.every((a) => a.includes("staging"))).toBe(true);
    expect(box.read("logs/prod-us-east-1.log")).toContain("done 02-03-install.sh (already done)");
  });

  it("runs one named cluster, skips helm steps with --skip-helm, and reruns done steps with --force", () => {
    const box = writeBundle(bundle);
    expect(box.run(["staging", "--stage", "2", "--skip-helm", "--skip-preflight"], ENV).code).toBe(0);
    const first = box.recorded();
    expect(first.some((a) => a[0] === "helm")).toBe(false);
    expect(first.every((a) => a.includes("staging") || a.includes("staging-use2"))).toBe(true);
    expect(box.ls("logs")).toEqual(["staging.log"]);
    box.clearRecords();
    expect(box.run(["staging", "--stage", "2"], ENV).code).toBe(0);
    expect(box.recorded().filter((a) => a[0] === "eksctl")).toHaveLength(0);
    box.clearRecords();
    expect(box.run(["staging", "--stage", "2", "--force"], ENV).code).toBe(0);
    expect(box.recorded().filter((a) => a[0] === "eksctl")).toHaveLength(1);
  });

  it("a step script changed since it ran runs again", () => {
    const box = writeBundle(bundle);
    expect(box.run(["staging", "--stage", "1"], ENV).code).toBe(0);
    const changed = bundle.map((f) => (f.path === "clusters/staging/steps/01-01-prerequisites.sh" ? { ...f, content: f.content + "\nkubectl version --client\n" } : f));
    const box2 = writeBundle(changed);
    expect(box2.run(["staging", "--stage", "1"], ENV).code).toBe(0);
    expect(box2.recorded().some((a) => a[1] === "version")).toBe(true);
  });

  it("hostile or malformed ids in clusters.tsv are refused before anything runs", () => {
    for (const bad of ["$(touch PWNED)", "../../etc", "a b", "-rf", "`id`", "x;touch PWNED", "é"]) {
      const files = bundle.map((f) => (f.path === "clusters.tsv" ? { ...f, content: f.content + `${bad}\tagent\tctx\n` } : f));
      const box = writeBundle(files);
      const r = box.run(["--all"], ENV);
      expect({ bad, code: r.code }).toEqual({ bad, code: 2 });
      expect(r.stderr).toMatch(/clusters\.tsv line 6: .* is not a cluster id .*nothing was run/);
      expect(box.recorded()).toEqual([]);
      expect(existsSync(path.join(box.dir, "logs"))).toBe(false);
      expect(existsSync(path.join(box.dir, "PWNED")) || existsSync(path.join(path.dirname(box.dir), "PWNED"))).toBe(false);
    }
  });

  it("refuses unknown ids, bad options and a duplicate row with a clear message", () => {
    const box = writeBundle(bundle);
    expect(box.run(["nope"], ENV)).toMatchObject({ code: 2, stderr: expect.stringContaining("nope is not in clusters.tsv; nothing was run") });
    expect(box.run(["--all", "--parallel", "0"], ENV)).toMatchObject({ code: 2, stderr: expect.stringContaining("--parallel takes a number") });
    expect(box.run(["--all", "--stage", "x;y"], ENV)).toMatchObject({ code: 2, stderr: expect.stringContaining("--stage takes a stage number") });
    expect(box.run([], ENV).code).toBe(2);
    const dup = writeBundle(bundle.map((f) => (f.path === "clusters.tsv" ? { ...f, content: f.content + "staging\tagent\tstaging\n" } : f)));
    expect(dup.run(["--all"], ENV)).toMatchObject({ code: 2, stderr: expect.stringContaining("staging is listed twice") });
    expect(box.recorded()).toEqual([]);
  });

  it("a stage reading a variable from an earlier step says so when it is not exported", () => {
    const amp = examples.find((e) => e.name === "amp.yaml")!.plan;
    const out = generateOutput(amp);
    const stageStep = out.fleet.steps.find((s) => s.stage && s.commands.some((c) => c.argv[0] === "export"))!;
    expect(stageStep.commands[0].argv[0]).toBe("export");
    const box = writeBundle(buildBundle(amp, out));
    const r = box.run(["--all", "--stage", String(stageStep.stage!.number)], { AWS_ACCOUNT_ID: ENV.AWS_ACCOUNT_ID });
    expect(r.code).toBe(1);
    expect(box.read(`logs/${amp.clusters[0].id}.log`)).toContain("AMP_WORKSPACE_ID is not set: run the step that sets it first");
  });

  it("checks ids with the schema's rule", () => {
    const samples = ["a", "A-1", "prod.eu_1", "9x", "-a", ".a", "a b", "a/b", "é", "x".repeat(63), "x".repeat(64), "a$b", ""];
    for (const id of samples) expect({ id, driver: new RegExp(DRIVER_ID_RULE).test(id) }).toEqual({ id, driver: clusterSchema.shape.id.safeParse(id).success });
    expect(DRIVER_SCRIPT).toContain(`id_rule='${DRIVER_ID_RULE}'`);
  });
});
