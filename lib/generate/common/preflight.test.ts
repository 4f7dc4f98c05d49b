import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildBundle } from "../index";
import { loadExamplePlans } from "@/test/support/example-plans";
import { supplyInputs, writeBundle, type Sandbox } from "@/test/support/fleet-bundle";
import { installStubTools } from "@/test/support/stub-tools";
import { PREFLIGHT_FILE } from "./preflight";

// Issue 20: every input and cluster checked before anything changes. Real bash runs the bundle's
// preflight.sh (and install.sh, which runs it first) against the stub aws/kubectl/helm/eksctl.

const example = (name: string) => loadExamplePlans().find((e) => e.name === name)!.plan;
const ENV = { AWS_ACCOUNT_ID: "123456789012" };
const TIMEOUT_MS = 120_000;

/** bash preflight.sh in the sandbox, with the stubs (and `bashEnv` in their place when given). */
function preflight(box: Sandbox, args: string[] = [], bashEnv?: string) {
  const stubs = installStubTools(path.dirname(box.dir));
  const env = { LANG: "C.UTF-8", ...stubs.env, ...(bashEnv ? { BASH_ENV: bashEnv } : {}) };
  const r = spawnSync("bash", ["--noprofile", "--norc", path.join(box.dir, PREFLIGHT_FILE), ...args], { encoding: "utf8", env: env as unknown as NodeJS.ProcessEnv });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The stubs, except that `kubectl get --raw /readyz` fails for one context (its API server does
 * not answer, although the context is in the kubeconfig). */
function unreachableContext(box: Sandbox, context: string): string {
  const root = path.dirname(box.dir);
  const file = path.join(root, "unreachable.bash");
  writeFileSync(
    file,
    `source ${JSON.stringify(path.join(root, "stub-tools.bash"))}
kubectl() {
  if [ "$1 $2 $3" = "get --raw /readyz" ] && [[ " $* " == *" --context ${context} "* ]]; then echo "Unable to connect to the server" >&2; return 1; fi
  __stub_tool kubectl "$@"
}
`,
  );
  return file;
}

/** Calls that change something: anything but the preflight's reads. */
const READS = [/^kubectl config get-contexts /, /^kubectl get --raw \/readyz /, /^kubectl get namespace /, /^helm status /, /^aws sts get-caller-identity /, /^aws eks describe-cluster /];
const changes = (box: Sandbox) => box.recorded().map((a) => a.join(" ")).filter((c) => !READS.some((r) => r.test(c)));

describe("preflight.sh", () => {
  const plan = example("federated-storage.yaml");
  const primary = plan.clusters.find((c) => c.role === "primary")!;

  it("a 3.x bundle without productkey.json fails the preflight naming the file, and install.sh changes nothing", () => {
    const box = writeBundle(buildBundle(plan));
    const r = preflight(box);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  Missing productkey.json (your Kubecost Enterprise key as {"key": "<key>"}): write it next to STEPS.md');
    expect(r.stdout).toMatch(/Preflight: 1 of \d+ checks failed; nothing was changed/);
    expect(r.stdout).toContain("  - Missing productkey.json");

    const run = box.run(["--all"], ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL  Missing productkey.json");
    expect(run.stderr).toContain("install.sh: the preflight found problems (above); nothing was run.");
    expect(changes(box)).toEqual([]);
  }, TIMEOUT_MS);

  it("with productkey.json the preflight passes, one line per check: tools, AWS, the file, each cluster's context and namespace", () => {
    const box = writeBundle(buildBundle(plan));
    supplyInputs(box);
    const r = preflight(box, ["--all"]);
    expect(r.code, r.stdout).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const checks = lines.filter((l) => l.startsWith("pass  "));
    expect(lines.at(-1)).toBe(`Preflight: all ${checks.length} checks passed.`);
    // 4 tools, the AWS identity, productkey.json, and a context and a namespace per cluster.
    expect(checks).toHaveLength(4 + 1 + 1 + 2 * plan.clusters.length);
    expect(checks).toContain("pass  file productkey.json is there (your Kubecost Enterprise key as {\"key\": \"<key>\"})");
    expect(checks).toContain(`pass  cluster ${primary.id}: context ${primary.id} reachable`);
    // The stub helm status answers 0: the namespace holds the release already.
    expect(checks.find((l) => l.startsWith(`pass  cluster ${primary.id}: namespace kubecost`))).toContain("holds release kubecost: install.sh upgrades it in place");
    expect(box.run(["--all"], ENV).code).toBe(0);
  }, TIMEOUT_MS);

  it("names a context whose API server does not answer, and checks only the clusters asked for", () => {
    const box = writeBundle(buildBundle(plan));
    supplyInputs(box);
    const agent = plan.clusters.find((c) => c.role === "agent")!;
    const env = unreachableContext(box, agent.id);
    const r = preflight(box, [], env);
    expect(r.code).toBe(1);
    const why = `cluster ${agent.id}: context ${agent.id} is not reachable (kubectl get --raw /readyz --context ${agent.id})`;
    expect(r.stdout).toContain(`FAIL  ${why}`);
    expect(r.stdout).toContain(`  - ${why}`);
    expect(r.stdout).toContain(`pass  cluster ${agent.id}: namespace kubecost not checked (no API access yet)`);
    // Another cluster alone passes; an id the bundle does not have is named.
    expect(preflight(box, [primary.id], env).code).toBe(0);
    const other = preflight(box, ["no-such-cluster"], env);
    expect(other.stdout).toContain("FAIL  no-such-cluster is not a cluster of this bundle");
  }, TIMEOUT_MS);

  it("a context that is not in the kubeconfig: an EKS cluster that answers is made by the cluster-access step; any other is named", () => {
    const box = writeBundle(buildBundle(plan));
    supplyInputs(box);
    const run = spawnSync("bash", ["--noprofile", "--norc", path.join(box.dir, PREFLIGHT_FILE), primary.id], {
      encoding: "utf8",
      env: { LANG: "C.UTF-8", ...installStubTools(path.dirname(box.dir)).env, FAIL_TOOL: "kubectl", FAIL_CONTEXT: primary.id } as unknown as NodeJS.ProcessEnv,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pass  cluster ${primary.id}: context ${primary.id} is not in your kubeconfig yet; the cluster-access step makes it (aws eks update-kubeconfig --name ${primary.eksClusterName} --region us-east-1 --alias ${primary.id})`);

    const onPrem = example("federated-etl-internal-ca.yaml");
    const dc = onPrem.clusters[0];
    const box2 = writeBundle(buildBundle(onPrem));
    supplyInputs(box2);
    const missing = spawnSync("bash", ["--noprofile", "--norc", path.join(box2.dir, PREFLIGHT_FILE), dc.id], {
      encoding: "utf8",
      env: { LANG: "C.UTF-8", ...installStubTools(path.dirname(box2.dir)).env, FAIL_TOOL: "kubectl", FAIL_CONTEXT: dc.kubeContext! } as unknown as NodeJS.ProcessEnv,
    });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain(`FAIL  cluster ${dc.id}: no kube context ${dc.kubeContext} in your kubeconfig: add it (kubectl config rename-context <yours> ${dc.kubeContext}) or set kubeContext in the plan`);
    // The CA bundle the plan names is on the admin's machine: checked where the plan says.
    expect(missing.stdout).toContain(`FAIL  Missing ${onPrem.storage!.internalCa!.caFile} (the PEM bundle of the internal CA that signs the S3 endpoint's certificate): put it there, or change storage.internalCa.caFile in the plan`);
  }, TIMEOUT_MS);

  it("access keys: placeholders left in the federated-store file fail the preflight until they are replaced", () => {
    const keys = example("federated-storage-2.9-bridge.yaml");
    const box = writeBundle(buildBundle(keys));
    writeFileSync(path.join(box.dir, "productkey.json"), '{"key": "k"}\n');
    const before = preflight(box);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/FAIL {2}federated-store\.yaml still holds REPLACE_WITH_\.\.\. placeholders: put the IAM user's access key id and secret in their place/);
    supplyInputs(box);
    expect(preflight(box).stdout).toContain("pass  file federated-store.yaml is there (the IAM user's access key id and secret)");
  }, TIMEOUT_MS);
});

describe("preflight.sh over a fleet", () => {
  const big = example("federated-etl-150.yaml");
  const plan = { ...big, clusters: big.clusters.slice(0, 12) };

  /** The stubs, except that each cluster's API check holds a slot under `slots/` for a while (the
   * first cluster's longest), so the checks' overlap and their finishing order can be read back. */
  function slowReadyz(box: Sandbox, firstContext: string): { env: string; slots: string } {
    const root = path.dirname(box.dir);
    const slots = path.join(root, "slots");
    const file = path.join(root, "slow.bash");
    writeFileSync(
      file,
      `source ${JSON.stringify(path.join(root, "stub-tools.bash"))}
kubectl() {
  if [ "$1 $2 $3" = "get --raw /readyz" ]; then
    mkdir -p ${JSON.stringify(slots)}/now
    : > ${JSON.stringify(slots)}/now/$BASHPID
    ls ${JSON.stringify(slots)}/now | wc -l >> ${JSON.stringify(slots)}/seen
    if [[ " $* " == *" --context ${firstContext} "* ]]; then sleep 2; else sleep 0.5; fi
    rm -f ${JSON.stringify(slots)}/now/$BASHPID
  fi
  __stub_tool kubectl "$@"
}
`,
    );
    return { env: file, slots };
  }

  it("checks clusters side by side, at most --parallel at a time, and prints each cluster's lines in clusters.tsv order", () => {
    const box = writeBundle(buildBundle(plan));
    supplyInputs(box);
    const first = plan.clusters.find((c) => c.role === "primary")!;
    const { env, slots } = slowReadyz(box, first.id);
    const r = preflight(box, ["--parallel", "4"], env);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("Checking the clusters, 4 at a time...");
    // The slowest (first) cluster finishes last, yet its lines come first, each cluster's context
    // line before its namespace line, in the order install.sh runs them.
    const contextLines = r.stdout.split("\n").filter((l) => / context \S+ reachable$/.test(l));
    expect(contextLines.map((l) => l.split(" ")[3].replace(":", ""))).toEqual(plan.clusters.map((c) => c.id));
    for (const c of plan.clusters) {
      const lines = r.stdout.split("\n");
      expect(lines.indexOf(`pass  cluster ${c.id}: context ${c.kubeContext ?? c.id} reachable`) + 1, c.id).toBe(lines.findIndex((l) => l.startsWith(`pass  cluster ${c.id}: namespace kubecost`)));
    }
    // Counted as before: 4 tools, AWS, a context and a namespace per cluster.
    expect(r.stdout.trim().split("\n").at(-1)).toBe(`Preflight: all ${4 + 1 + 2 * plan.clusters.length} checks passed.`);
    const overlap = readFileSync(path.join(slots, "seen"), "utf8").trim().split("\n").map(Number);
    expect(overlap).toHaveLength(plan.clusters.length);
    expect(Math.max(...overlap)).toBeLessThanOrEqual(4);
    expect(Math.max(...overlap)).toBeGreaterThan(1);
  }, TIMEOUT_MS);

  it("a failing cluster among many is counted and named in the summary; a bad --parallel changes nothing", () => {
    const box = writeBundle(buildBundle(plan));
    supplyInputs(box);
    const agent = plan.clusters.filter((c) => c.role === "agent")[5];
    const r = preflight(box, [], unreachableContext(box, agent.kubeContext ?? agent.id));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`Preflight: 1 of ${4 + 1 + 2 * plan.clusters.length} checks failed`));
    expect(r.stdout).toContain(`  - cluster ${agent.id}: context ${agent.kubeContext ?? agent.id} is not reachable`);
    for (const bad of ["0", "x", ""]) {
      const refused = preflight(box, ["--parallel", bad]);
      expect({ bad, code: refused.code, stdout: refused.stdout }).toEqual({ bad, code: 2, stdout: "" });
      expect(refused.stderr).toContain("preflight.sh: --parallel takes a number from 1 to 9999");
    }
    expect(changes(box)).toEqual([]);
  }, TIMEOUT_MS);
});

describe("preflight.sh for every example", () => {
  for (const { name, plan } of loadExamplePlans().filter((e) => e.plan.clusters.length <= 12)) {
    it(`${name}: passes once the inputs are supplied, or names only the CA bundle the plan puts outside the bundle`, () => {
      const box = writeBundle(buildBundle(plan));
      supplyInputs(box);
      const r = preflight(box);
      const failed = r.stdout.split("\n").filter((l) => l.startsWith("FAIL  "));
      const ca = plan.storage?.internalCa?.caFile;
      expect(failed).toEqual(ca ? [expect.stringContaining(`FAIL  Missing ${ca} `)] : []);
      expect(r.code).toBe(ca ? 1 : 0);
      // Every cluster's context is checked, once.
      for (const c of plan.clusters) expect(r.stdout.split("\n").filter((l) => l.startsWith(`pass  cluster ${c.id}: context `))).toHaveLength(1);
    }, TIMEOUT_MS);
  }
});

describe("a cluster typed without a region", () => {
  const base = example("federated-storage.yaml");
  const staging = base.clusters.find((c) => c.id === "staging")!;
  const plan = { ...base, clusters: base.clusters.map((c) => (c.id === "staging" ? { ...c, region: undefined } : c)) };

  it("STEPS.md's first step says which region its commands use and where it came from", () => {
    const steps = buildBundle(plan).find((f) => f.path === "STEPS.md")!.content;
    const step1 = steps.slice(steps.indexOf("## 1. "), steps.indexOf("## 2. "));
    expect(step1).toContain(
      "No region given for EKS cluster staging: its commands use us-east-1, the bucket's region (storage.region). Set region on each cluster that runs elsewhere and generate again",
    );
    const asWritten = buildBundle(base).find((f) => f.path === "STEPS.md")!.content;
    expect(asWritten).not.toContain("No region given");
  });

  it("the preflight names the region used when the EKS cluster is not found there", () => {
    const box = writeBundle(buildBundle(plan));
    supplyInputs(box);
    const root = path.dirname(box.dir);
    const env = path.join(root, "no-cluster.bash");
    writeFileSync(
      env,
      `source ${JSON.stringify(path.join(root, "stub-tools.bash"))}
kubectl() { if [ "$1 $2 $3" = "config get-contexts staging" ]; then return 1; fi; __stub_tool kubectl "$@"; }
aws() { if [ "$1 $2" = "eks describe-cluster" ]; then echo "ResourceNotFoundException" >&2; return 254; fi; __stub_tool aws "$@"; }
`,
    );
    const r = preflight(box, ["staging"], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `FAIL  cluster staging: no kube context staging, and EKS cluster ${staging.eksClusterName} was not found in us-east-1 (the plan gives no region for staging: storage.region was used; set region on the cluster) (aws eks describe-cluster --name ${staging.eksClusterName} --region us-east-1)`,
    );
  }, TIMEOUT_MS);
});
