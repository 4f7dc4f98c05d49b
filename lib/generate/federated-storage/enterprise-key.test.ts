import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildBundle } from "../index";
import { loadExamplePlans } from "@/test/support/example-plans";
import { writeBundle } from "@/test/support/fleet-bundle";

// Issue 20: without productkey.json the 3.x primary's Secret step printed "Not created", exited 0,
// was marked done, and the aggregator (which mounts that Secret) never started. Real bash runs the
// bundle's install.sh against stub aws/kubectl/helm/eksctl.

const ENV = { AWS_ACCOUNT_ID: "123456789012" };
const plan = loadExamplePlans().find((e) => e.name === "federated-storage.yaml")!.plan;
const primary = plan.clusters.find((c) => c.role === "primary")!.id;
const createsKeySecret = (argv: string[]) => argv[0] === "kubectl" && argv.slice(1, 5).join(" ") === "create secret generic productkeysecret";

describe("3.x bundle: the Enterprise key", () => {
  it("STEPS.md asks for productkey.json in step 1 and runs the preflight that checks it", () => {
    const steps = buildBundle(plan).find((f) => f.path === "STEPS.md")!.content;
    const step1 = steps.slice(steps.indexOf("## 1. "), steps.indexOf("## 2. "));
    expect(step1).toContain('You supply: productkey.json next to STEPS.md (the bundle\'s top folder): your Kubecost Enterprise key as {"key": "<key>"}');
    expect(step1).toContain("bash preflight.sh --all");
  });

  it("stops the primary's Secret step without productkey.json, names it, and creates the Secret on the rerun once the file is there", () => {
    const box = writeBundle(buildBundle(plan));
    // The preflight names the file first and nothing runs; past it, the step itself stops too.
    const checked = box.run(["--all"], ENV);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("FAIL  Missing productkey.json");
    expect(box.ls(".")).not.toContain("state");
    box.clearRecords();
    const first = box.run(["--all", "--skip-preflight"], ENV);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`Failed clusters: ${primary}`);
    expect(first.stdout).toMatch(new RegExp(`  ${primary}: \\d\\d-\\d\\d-secrets\\.sh failed: Missing productkey\\.json .* \\(log: logs/${primary}\\.log\\)`));
    expect(box.read(`logs/${primary}.log`)).toContain("Missing productkey.json (your Kubecost Enterprise key as {\"key\": \"<key>\"})");
    expect(box.recorded().some(createsKeySecret)).toBe(false);
    // Nothing after the failed step ran on the primary: no helm install without the key.
    expect(box.recorded().some((a) => a[0] === "helm" && a.includes(`--kube-context`) && a[a.indexOf("--kube-context") + 1] === primary)).toBe(false);

    writeFileSync(path.join(box.dir, "productkey.json"), '{"key": "test-enterprise-key"}\n');
    box.clearRecords();
    const second = box.run(["--all"], ENV);
    expect({ code: second.code, summary: second.stdout.match(/Summary: .*/)?.[0] }).toEqual({ code: 0, summary: `Summary: ${plan.clusters.length} succeeded, 0 failed.` });
    expect(box.recorded().filter(createsKeySecret)).toEqual([
      expect.arrayContaining(["--from-file=productkey.json=productkey.json", "--context", primary]),
    ]);
  }, 180_000);

  it("reruns a done step when a file it reads changed, and only that step", () => {
    const box = writeBundle(buildBundle(plan));
    writeFileSync(path.join(box.dir, "productkey.json"), '{"key": "first-key"}\n');
    // Only the steps' own calls are counted here: the preflight's reads have their own tests.
    const run = () => box.run(["--all", "--skip-preflight"], ENV).code;
    expect(run()).toBe(0);
    box.clearRecords();
    expect(run()).toBe(0);
    expect(box.recorded()).toEqual([]);
    writeFileSync(path.join(box.dir, "productkey.json"), '{"key": "rotated-key"}\n');
    expect(run()).toBe(0);
    expect(box.recorded().filter(createsKeySecret)).toHaveLength(1);
    expect(box.recorded().some((a) => a[0] === "helm" && a[1] === "upgrade")).toBe(false);
  }, 180_000);
});
