import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { FederationPlan } from "@/lib/plan/schema";
import { buildBundle, generatePlan } from "../index";
import type { GeneratedCommand, GeneratedPlan } from "../types";
import { allCommands, allFiles, flagValue, planFrom, words } from "@/test/support/generated-plan";
import { loadExamplePlans } from "@/test/support/example-plans";
import { renderChart } from "@/test/support/chart-pods";
import { supplyInputs, writeBundle } from "@/test/support/fleet-bundle";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { parsePlanText } from "@/lib/plan/load";
import { validateUpgrade } from "@/lib/plan/upgrade";
import { generateUpgradeSteps } from "../upgrade";
import { EXAMPLES_DIR } from "@/test/support/example-plans";

// EKS Pod Identity (issue 20 point 5): for every plan that may use it, each pod that calls the
// bucket runs as a service account the chart creates without a role annotation, and that account
// is associated with the bucket role on its cluster; the add-on is a prerequisite with a check.
// Pods and accounts come from the hand-written model of the published charts
// (test/support/chart-pods.ts); the expected associations are written out below and were checked
// by rendering the generated values with helm template (kubecost 3.2.1, cost-analyzer 2.9.7 with
// finops-agent v1.0.20, cost-analyzer 2.8.7): the pods that mount the federated-store Secret run as
// exactly these accounts, which the charts create with no annotation. The last block repeats that
// replay when the charts are on disk.

const EXAMPLE = "federated-storage-pod-identity.yaml";
const base = loadExamplePlans().find((e) => e.name === EXAMPLE)!.plan;
const ROLE = "arn:aws:iam::123456789012:role/kubecost-acme-kubecost-pod-identity";
const EXISTING = "arn:aws:iam::210987654321:role/platform/kubecost-pods";

/** Every command with its branches, flat. */
const flat = (g: GeneratedPlan): GeneratedCommand[] => {
  const out: GeneratedCommand[] = [];
  const visit = (c: GeneratedCommand) => {
    out.push(c);
    for (const b of [c.then, c.orElse]) if (b) visit(b as GeneratedCommand);
  };
  allCommands(g).forEach(visit);
  return out;
};

/** cluster id -> "namespace/account" -> role ARN, from the create-pod-identity-association commands. */
function associations(plan: FederationPlan, g: GeneratedPlan): Record<string, Record<string, string>> {
  const byEksName = new Map(plan.clusters.map((c) => [c.eksClusterName ?? c.id, c.id]));
  const out: Record<string, Record<string, string>> = {};
  for (const c of flat(g).filter((c) => c.argv[0] === "aws" && c.argv[2] === "create-pod-identity-association")) {
    const id = byEksName.get(flagValue(c, "--cluster-name")!)!;
    (out[id] ??= {})[`${flagValue(c, "--namespace")}/${flagValue(c, "--service-account")}`] = flagValue(c, "--role-arn")!;
  }
  return out;
}

/** The releases' values files on one cluster, with the release each installs. */
function releasesOn(g: GeneratedPlan, clusterId: string): { release: string; namespace: string; values: unknown }[] {
  return allCommands(g)
    .filter((c) => c.intent?.kind === "helm-release" && c.intent.release.clusterId === clusterId)
    .map((c) => {
      const r = (c.intent as { kind: "helm-release"; release: { release: string; namespace: string; valuesFiles: string[] } }).release;
      return { release: r.release, namespace: r.namespace, values: parse(allFiles(g).find((f) => f.path === r.valuesFiles[0])!.content) };
    });
}

/** Every pod that calls the bucket, as "namespace/account", and the accounts the releases make. */
function bucketPods(g: GeneratedPlan, plan: FederationPlan, clusterId: string) {
  const chart = plan.kubecost.chartLine === "3.x" ? "kubecost" : "cost-analyzer";
  const pods: string[] = [];
  const made: { name: string; annotations?: Record<string, string> }[] = [];
  for (const r of releasesOn(g, clusterId)) {
    const render = renderChart(chart, r.values, r.release);
    pods.push(...render.pods.filter((p) => p.bucket).map((p) => `${r.namespace}/${p.serviceAccount}`));
    made.push(...render.accounts.map((a) => ({ ...a, name: `${r.namespace}/${a.name}` })));
  }
  return { pods: [...new Set(pods)].sort(), made };
}

describe(`${EXAMPLE}: the Pod Identity bundle`, () => {
  const g = generatePlan(base);

  it("associates each account whose pods call the bucket with the role, on its own cluster", () => {
    // Written by hand: the 3.x primary runs the aggregator and cloud cost as kubecost-federated-storage
    // and its own FinOps agent; the agents run only the agent (kubecost/kubecost v3.2.1 examples/README.md).
    expect(associations(base, g)).toEqual({
      "prod-us-west-2": { "kubecost/kubecost-federated-storage": ROLE, "kubecost/kubecost-finops-agent": ROLE },
      "prod-ap-southeast-2": { "kubecost/kubecost-finops-agent": ROLE },
      staging: { "kubecost/kubecost-finops-agent": ROLE },
    });
    for (const c of flat(g).filter((c) => words(c).includes("create-pod-identity-association"))) {
      const cluster = base.clusters.find((x) => x.eksClusterName === flagValue(c, "--cluster-name"))!;
      expect(flagValue(c, "--region")).toBe(cluster.region);
    }
  });

  it("runs every pod that calls the bucket as an associated account the chart makes, with no role annotation", () => {
    const assoc = associations(base, g);
    for (const c of base.clusters) {
      const { pods, made } = bucketPods(g, base, c.id);
      expect(pods.length, c.id).toBeGreaterThan(0);
      expect({ cluster: c.id, unassociated: pods.filter((p) => !(p in assoc[c.id])) }).toEqual({ cluster: c.id, unassociated: [] });
      expect({ cluster: c.id, notMade: pods.filter((p) => !made.some((m) => m.name === p)) }).toEqual({ cluster: c.id, notMade: [] });
      expect(made.filter((m) => m.annotations && Object.keys(m.annotations).length)).toEqual([]);
    }
    for (const f of allFiles(g).filter((f) => f.chartValues)) expect(f.content, f.path).not.toContain("eks.amazonaws.com/role-arn");
  });

  it("installs the eks-pod-identity-agent add-on on every cluster first, and waits until it is active", () => {
    const prereq = g.steps.find((s) => s.id === "prerequisites")!;
    for (const c of base.clusters) {
      const install = prereq.commands.find((x) => x.clusterId === c.id && x.argv[2] === "describe-addon");
      expect(install && words(install)).toEqual(["aws", "eks", "describe-addon", "--cluster-name", c.eksClusterName, "--addon-name", "eks-pod-identity-agent", "--region", c.region]);
      expect(install!.quiet).toBe(true);
      expect(words(install!.orElse as GeneratedCommand).slice(0, 3)).toEqual(["aws", "eks", "create-addon"]);
      const wait = prereq.commands.find((x) => x.clusterId === c.id && x.argv[3] === "addon-active");
      expect(wait?.intent).toEqual({ kind: "check" });
    }
    const first = (kind: string) => g.steps.findIndex((s) => s.kind === kind);
    expect(first("pod-identity")).toBeGreaterThan(g.steps.indexOf(prereq));
    expect(first("pod-identity")).toBeLessThan(first("install"));
  });

  it("creates one role that trusts pods.eks.amazonaws.com and holds the bucket policy; no eksctl, no OIDC provider", () => {
    const trust = JSON.parse(allFiles(g).find((f) => f.path === "iam/pod-identity-trust-policy.json")!.content);
    expect(trust.Statement).toEqual([expect.objectContaining({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] })]);
    const cmds = flat(g);
    const create = cmds.find((c) => c.argv[2] === "create-role")!;
    expect(flagValue(create, "--assume-role-policy-document")).toBe("file://iam/pod-identity-trust-policy.json");
    expect(flagValue(create, "--role-name")).toBe("kubecost-acme-kubecost-pod-identity");
    const attach = cmds.find((c) => c.argv[2] === "attach-role-policy")!;
    expect(flagValue(attach, "--policy-arn")).toBe("arn:aws:iam::123456789012:policy/kubecost-federated-storage-acme-kubecost-pod-identity");
    expect(cmds.filter((c) => c.argv[0] === "eksctl")).toEqual([]);
    expect(g.steps.some((s) => s.kind === "service-account")).toBe(false);
  });

  it("checks each association it made", () => {
    for (const s of g.steps.filter((s) => s.kind === "pod-identity")) {
      const checks = s.commands.filter((c) => c.intent?.kind === "check").map((c) => `${flagValue(c, "--namespace")}/${flagValue(c, "--service-account")}`);
      expect(checks.sort()).toEqual(Object.keys(associations(base, g)[s.clusterId!]).sort());
    }
  });
});

describe("Pod Identity in the other plans that may use it", () => {
  const variants: [string, FederationPlan][] = [
    ["3.x global agent, existing role", planFrom({ ...base, awsAccountId: undefined, kubecost: { ...base.kubecost, agentNamespace: "kubecost-agent" }, auth: { mode: "pod-identity", roleArn: EXISTING } })],
    ["2.9 bridge", planFrom({ ...base, kubecost: { ...base.kubecost, chartLine: "2.9", chartVersion: "2.9.7", chartRepo: "https://kubecost.github.io/cost-analyzer/" } })],
    ["Federated ETL 2.8.7", planFrom({ ...base, method: "federated-etl", kubecost: { ...base.kubecost, chartLine: "2.x", chartVersion: "2.8.7", chartRepo: "https://kubecost.github.io/cost-analyzer/" } })],
  ];
  const expected: Record<string, (role: string) => Record<string, Record<string, string>>> = {
    "3.x global agent, existing role": (r) => ({
      "prod-us-west-2": { "kubecost/kubecost-federated-storage": r, "kubecost-agent/kubecost-finops-agent": r },
      "prod-ap-southeast-2": { "kubecost-agent/kubecost-finops-agent": r },
      staging: { "kubecost-agent/kubecost-finops-agent": r },
    }),
    // 2.9: the cost-model still uploads on every cluster, so Kubecost's account is on agents too.
    "2.9 bridge": (r) => Object.fromEntries(base.clusters.map((c) => [c.id, { "kubecost/kubecost-federated-storage": r, "kubecost/kubecost-finops-agent": r }])),
    "Federated ETL 2.8.7": (r) => Object.fromEntries(base.clusters.map((c) => [c.id, { "kubecost/kubecost-cost-analyzer-etl": r }])),
  };

  for (const [name, plan] of variants) {
    it(`${name}: every bucket pod's account is associated with the role and made by the chart unannotated`, () => {
      const g = generatePlan(plan);
      const role = name.includes("existing role") ? EXISTING : ROLE;
      const assoc = associations(plan, g);
      expect(assoc).toEqual(expected[name](role));
      for (const c of plan.clusters) {
        const { pods, made } = bucketPods(g, plan, c.id);
        expect({ cluster: c.id, unassociated: pods.filter((p) => !(p in assoc[c.id])) }).toEqual({ cluster: c.id, unassociated: [] });
        expect({ cluster: c.id, notMade: pods.filter((p) => !made.some((m) => m.name === p)) }).toEqual({ cluster: c.id, notMade: [] });
        expect(made.filter((m) => m.annotations && Object.keys(m.annotations).length)).toEqual([]);
      }
      expect(flat(g).some((c) => c.argv[2] === "create-addon")).toBe(true);
    });
  }

  it("with an existing role: creates no role, attaches the bucket policy to it and says what its trust policy needs", () => {
    const [, plan] = variants[0];
    const g = generatePlan(plan);
    const cmds = flat(g);
    expect(cmds.some((c) => c.argv[2] === "create-role")).toBe(false);
    expect(flagValue(cmds.find((c) => c.argv[2] === "attach-role-policy")!, "--role-name")).toBe("kubecost-pods");
    const bucket = g.steps.find((s) => s.id === "bucket-and-policy")!;
    expect(bucket.note).toContain("must trust pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession");
    // The account id comes from the role: the bucket policy ARN needs no caller lookup.
    expect(flagValue(cmds.find((c) => c.argv[2] === "attach-role-policy")!, "--policy-arn")).toBe("arn:aws:iam::210987654321:policy/kubecost-federated-storage-acme-kubecost-pod-identity");
      // clusters.tsv names the role each cluster's pods assume, as it does for IRSA.
    const tsv = buildBundle(plan).find((f) => f.path === "clusters.tsv")!.content.trim().split("\n");
    expect(tsv[0].split("\t").at(-1)).toBe("role_arn");
    for (const row of tsv.slice(1)) expect(row.split("\t").at(-1)).toBe(plan.auth.mode === "pod-identity" ? plan.auth.roleArn : undefined);
  });

  it("without an account id: the role ARN waits for ${AWS_ACCOUNT_ID}, which the prerequisites capture", () => {
    const plan = planFrom({ ...base, awsAccountId: undefined });
    const g = generatePlan(plan);
    const create = flat(g).find((c) => c.argv[2] === "create-pod-identity-association")!;
    expect(words(create)).toContain("arn:aws:iam::${AWS_ACCOUNT_ID}:role/kubecost-acme-kubecost-pod-identity");
    expect(allCommands(g).some((c) => c.assignTo === "AWS_ACCOUNT_ID")).toBe(true);
  });

  it("keeps the role name within IAM's 64 characters for the longest bucket names", () => {
    const plan = planFrom({ ...base, storage: { ...base.storage!, bucket: `a${"b".repeat(57)}-c.de` } });
    const name = flagValue(flat(generatePlan(plan)).find((c) => c.argv[2] === "create-role")!, "--role-name")!;
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^kubecost-a[b]+$/);
  });
});

describe(`${EXAMPLE}: install.sh with real bash and stub tools`, () => {
  it("installs the add-on and associates every account on every cluster, with no eksctl call", () => {
    const box = writeBundle(buildBundle(base));
    supplyInputs(box);
    // The stub aws answers every describe-addon with an error: the add-on is missing everywhere.
    const r = box.run(["--all"], { FAIL_TOOL: "aws", FAIL_CONTEXT: "describe-addon" });
    expect({ code: r.code, stderr: r.stderr.slice(-2000) }).toEqual({ code: 0, stderr: expect.any(String) });
    const calls = box.recorded();
    const addon = calls.filter((a) => a[0] === "aws" && a[2] === "create-addon").map((a) => a[a.indexOf("--cluster-name") + 1]);
    expect(addon.sort()).toEqual(base.clusters.map((c) => c.eksClusterName).sort());
    const waited = calls.filter((a) => a[0] === "aws" && a[2] === "wait" && a[3] === "addon-active").map((a) => a[a.indexOf("--cluster-name") + 1]);
    expect(waited.sort()).toEqual(base.clusters.map((c) => c.eksClusterName).sort());
    const made = calls
      .filter((a) => a[0] === "aws" && a[2] === "create-pod-identity-association")
      .map((a) => `${a[a.indexOf("--cluster-name") + 1]} ${a[a.indexOf("--namespace") + 1]}/${a[a.indexOf("--service-account") + 1]} ${a[a.indexOf("--role-arn") + 1]}`);
    expect(made.sort()).toEqual(
      [`prod-usw2 kubecost/kubecost-federated-storage ${ROLE}`, `prod-usw2 kubecost/kubecost-finops-agent ${ROLE}`, `prod-apse2 kubecost/kubecost-finops-agent ${ROLE}`, `staging-usw2 kubecost/kubecost-finops-agent ${ROLE}`].sort(),
    );
    expect(calls.filter((a) => a[0] === "eksctl")).toEqual([]);
  }, 120_000);
});

describe("upgrading a Federated ETL install on Pod Identity", () => {
  const etl = parsePlanText(readFileSync(path.join(EXAMPLES_DIR, "upgrade-etl-to-3x.yaml"), "utf8"), "upgrade-etl-to-3x.yaml") as Record<string, unknown>;
  for (const to of ["2.9", "3.x"]) {
    it(`-> ${to}: every bucket pod runs as the account the source install associated, unannotated; no new IAM`, () => {
      const r = validateUpgrade({ ...etl, auth: { mode: "pod-identity" }, upgradeTo: { chartLine: to } });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      const source = associations(r.value.from, generatePlan(r.value.from));
      const up = generateUpgradeSteps(r.value);
      const valuesFiles = allFiles(up).filter((f) => f.chartValues);
      expect(valuesFiles.length).toBeGreaterThanOrEqual(r.value.from.clusters.length);
      for (const f of valuesFiles) {
        const cluster = r.value.from.clusters.find((c) => f.path.startsWith(`clusters/${c.id}/`))!;
        const render = renderChart(f.chartValues!.chart as "kubecost" | "cost-analyzer", parse(f.content), "kubecost");
        const pods = render.pods.filter((p) => p.bucket).map((p) => `kubecost/${p.serviceAccount}`);
        expect(pods.length, f.path).toBeGreaterThan(0);
        expect({ file: f.path, unassociated: pods.filter((p) => !(p in source[cluster.id])) }).toEqual({ file: f.path, unassociated: [] });
        expect(render.accounts.filter((a) => a.annotations && Object.keys(a.annotations).length)).toEqual([]);
      }
      const cmds = flat(up);
      expect(cmds.filter((c) => c.argv[0] === "eksctl" || words(c).includes("create-pod-identity-association") || words(c).includes("create-role"))).toEqual([]);
      expect(up.steps.map((s) => s.note ?? "").join(" ")).toContain("EKS Pod Identity association");
    });
  }
});

// The replay with real helm. The published charts cannot enter this repository, so it runs only
// when FC_KUBECOST_CHARTS names a folder holding them unpacked with their subcharts:
// kubecost/ (3.2.1), cost-analyzer-2.9.7/ and cost-analyzer-2.8.7/.
const CHARTS = process.env.FC_KUBECOST_CHARTS;
const HELM = path.resolve(__dirname, "../../../.tools/bin/helm");
describe.runIf(CHARTS && existsSync(HELM))("Pod Identity values replayed with helm template", () => {
  const cases: [string, FederationPlan, string][] = [
    ["3.x", base, "kubecost"],
    ["2.9 bridge", planFrom({ ...base, kubecost: { ...base.kubecost, chartLine: "2.9", chartVersion: "2.9.7", chartRepo: "https://kubecost.github.io/cost-analyzer/" } }), "cost-analyzer-2.9.7"],
    ["Federated ETL 2.8.7", planFrom({ ...base, method: "federated-etl", kubecost: { ...base.kubecost, chartLine: "2.x", chartVersion: "2.8.7", chartRepo: "https://kubecost.github.io/cost-analyzer/" } }), "cost-analyzer-2.8.7"],
  ];
  for (const [name, plan, chart] of cases) {
    it(`${name}: every pod mounting the federated store runs as an associated, unannotated account`, () => {
      const g = generatePlan(plan);
      const assoc = associations(plan, g);
      const dir = mkdtempSync(path.join(os.tmpdir(), "pod-identity-helm-"));
      for (const c of plan.clusters) {
        for (const r of releasesOn(g, c.id)) {
          const file = path.join(dir, `${c.id}-${r.release}.yaml`);
          writeFileSync(file, JSON.stringify(r.values));
          const out = spawnSync(HELM, ["template", r.release, path.join(CHARTS!, chart), "--namespace", r.namespace, "--values", file], { encoding: "utf8", maxBuffer: 64 << 20 });
          expect(out.stderr).toBe("");
          const docs = parseAllDocuments(out.stdout).map((d) => d.toJS()).filter(Boolean);
          const pods = docs
            .filter((d) => ["Deployment", "StatefulSet", "DaemonSet"].includes(d.kind))
            .filter((d) => (d.spec.template.spec.volumes ?? []).some((v: { secret?: { secretName?: string } }) => v.secret?.secretName === "federated-store"))
            .map((d) => `${r.namespace}/${d.spec.template.spec.serviceAccountName ?? "default"}`);
          expect(pods.length).toBeGreaterThan(0);
          expect({ cluster: c.id, unassociated: pods.filter((p) => !(p in assoc[c.id])) }).toEqual({ cluster: c.id, unassociated: [] });
          const annotated = docs.filter((d) => d.kind === "ServiceAccount" && d.metadata.annotations?.["eks.amazonaws.com/role-arn"]).map((d) => d.metadata.name);
          expect(annotated).toEqual([]);
        }
      }
    }, 120_000);
  }
});
