import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { parsePlanText } from "@/lib/plan/load";
import { validateUpgrade, type UpgradeRequest } from "@/lib/plan/upgrade";
import type { FederationPlan } from "@/lib/plan/schema";
import { generatePlan } from "../index";
import { generateUpgradeSteps } from "./index";
import { kubeContextOf } from "../common/naming";
import { mergeValues, type Values } from "../common/values";
import { simpleCommands } from "../shell";
import type { GeneratedCommand, Step } from "../types";
import { EXAMPLES_DIR } from "@/test/support/example-plans";
import { flagValue, flagValues, words } from "@/test/support/generated-plan";
import { renderChart } from "@/test/support/chart-pods";

// Issue 20: an AMP + ETL -> 3.x upgrade ran its pods as the Federated ETL account, which the AMP
// install never made. For every upgrade example, source method and auth mode: each pod of each
// helm release the upgrade installs runs as an account that exists by then (made by the same
// release, or by eksctl in the source install or an earlier upgrade step), and under IRSA every
// pod that calls the bucket has a role holding the bucket policy. Pods and accounts come from a
// hand-written model of what the published charts render (test/support/chart-pods.ts).

const ROLE = "arn:aws:iam::123456789012:role/kubecost-federation";
const AUTHS = { eksctl: { mode: "irsa" }, "existing role": { mode: "irsa", roleArn: ROLE }, "access keys": { mode: "access-keys" } } as const;
const AMP = { region: "us-east-1", workspace: { mode: "create", alias: "kubecost" } };

function example(file: string): Record<string, unknown> {
  return parsePlanText(readFileSync(path.join(EXAMPLES_DIR, file), "utf8"), file) as Record<string, unknown>;
}
function request(input: Record<string, unknown>): UpgradeRequest {
  const r = validateUpgrade(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const CASES: { name: string; input: Record<string, unknown> }[] = [];
for (const [auth, a] of Object.entries(AUTHS)) {
  const etl = example("upgrade-etl-to-3x.yaml");
  const thanos = example("upgrade-thanos-to-etl.yaml");
  for (const to of ["2.9", "3.x"]) {
    CASES.push({ name: `federated-etl (${auth}) -> ${to}`, input: { ...etl, auth: a, upgradeTo: { chartLine: to } } });
    CASES.push({ name: `amp-federated (${auth}) -> ${to}`, input: { ...etl, method: "amp-federated", amp: AMP, auth: a, upgradeTo: { chartLine: to } } });
  }
  for (const to of ["2.x", "3.x"]) CASES.push({ name: `thanos-bundled (${auth}) -> ${to}`, input: { ...thanos, auth: a, upgradeTo: { chartLine: to } } });
}

interface Made { policies: string[] }

/** Walks source install then upgrade, in order; checks each kubecost/cost-analyzer release. */
function check(from: FederationPlan, upgrade: Step[]): string[] {
  const problems: string[] = [];
  const bucket = from.storage!.bucket;
  const bucketPolicy = (arn: string) => arn.includes(":policy/") && arn.endsWith(`-${bucket}`);
  const eksctl = new Map<string, Made>();
  const roleHasBucket = new Set<string>();
  const clusterOf = (ctx: string) => from.clusters.find((c) => kubeContextOf(c) === ctx)!;
  const files = new Map(upgrade.flatMap((s) => s.files).map((f) => [f.path, f.content]));
  const merges = new Map<string, GeneratedCommand>();
  const walk = (steps: Step[], assert: boolean) => {
    for (const s of steps) {
      for (const cmd of s.commands) {
        for (const argv of simpleCommands(cmd)) {
          const w = argv.map((x) => (typeof x === "string" ? x : x.template));
          const c = { argv: w };
          if (w[0] === "eksctl" && w[2] === "iamserviceaccount") {
            eksctl.set(`${flagValue(c, "--cluster")}/${flagValue(c, "--namespace")}/${flagValue(c, "--name")}`, { policies: flagValues(c, "--attach-policy-arn") });
          }
          if (w[0] === "helm" && w[1] === "template" && w[2] === "merge" && cmd.stdoutTo) merges.set(cmd.stdoutTo, cmd);
          if (w[0] === "aws" && w[2] === "attach-role-policy" && bucketPolicy(flagValue(c, "--policy-arn")!)) roleHasBucket.add(flagValue(c, "--role-name")!);
          if (!assert || w[0] !== "helm" || w[1] !== "upgrade" || !cmd.chartValues) continue;
          const chart = cmd.chartValues.chart;
          if (chart !== "kubecost" && chart !== "cost-analyzer") continue;
          const release = w[2] === "--install" ? w[3] : w[2];
          const ns = flagValue(c, "--namespace")!;
          const cluster = clusterOf(flagValue(c, "--kube-context")!);
          const eks = cluster.eksClusterName ?? cluster.id;
          // A values file the step merges from the cluster's saved values: the generated files
          // that went into it (the saved ones hold the admin's own keys, not accounts).
          const generated = (p: string): string[] => (files.has(p) ? [p] : flagValues({ argv: words(merges.get(p)!) }, "--values").filter((f) => files.has(f)));
          const values = mergeValues(...flagValues(c, "--values").flatMap(generated).map((p) => parse(files.get(p)!) as Values));
          const r = renderChart(chart, values, release);
          const dupes = r.configMaps.filter((m, i) => r.configMaps.indexOf(m) !== i);
          if (dupes.length) problems.push(`${s.id}: ConfigMap ${dupes.join(", ")} rendered twice`);
          for (const pod of r.pods) {
            const made = r.accounts.find((x) => x.name === pod.serviceAccount);
            const byEksctl = eksctl.get(`${eks}/${ns}/${pod.serviceAccount}`);
            const where = `${s.id}: ${pod.name} runs as ${pod.serviceAccount}`;
            if (!made && !byEksctl && pod.serviceAccount !== "default") problems.push(`${where}, which nothing created`);
            if (!pod.bucket || from.auth.mode !== "irsa") continue;
            const annotated = made?.annotations?.["eks.amazonaws.com/role-arn"];
            const role = byEksctl ? byEksctl.policies.some(bucketPolicy) : annotated ? roleHasBucket.has(annotated.slice(annotated.lastIndexOf("/") + 1)) : false;
            if (!role) problems.push(`${where}, with no role holding the bucket policy`);
          }
        }
      }
    }
  };
  walk(generatePlan(from).steps, false);
  walk(upgrade, true);
  return problems;
}

describe("every upgrade path runs each pod as an account that exists, with the role it needs", () => {
  for (const { name, input } of CASES) {
    it(name, () => {
      const req = request(input);
      const steps = generateUpgradeSteps(req).steps;
      expect(steps.some((s) => s.commands.some((c) => c.argv[0] === "helm" && c.argv[1] === "upgrade"))).toBe(true);
      expect(check(req.from, steps)).toEqual([]);
    });
  }

  it("the model catches the old defect: AMP + ETL upgraded with the Federated ETL account", () => {
    const req = request({ ...example("upgrade-etl-to-3x.yaml"), method: "amp-federated", amp: AMP, upgradeTo: { chartLine: "3.x" } });
    const steps = generateUpgradeSteps(req).steps.map((s) => ({ ...s, files: s.files.map((f) => ({ ...f, content: f.content.replaceAll("kubecost-cost-analyzer-amp", "kubecost-cost-analyzer-etl") })) }));
    expect(check(req.from, steps)).toContain("bridge-install-staging: kubecost-finopsagent runs as kubecost-cost-analyzer-etl, which nothing created");
  });

  it("AMP + ETL: the 2.9 and 3.x pods run as the AMP install's cost-analyzer account", () => {
    const req = request({ ...example("upgrade-etl-to-3x.yaml"), method: "amp-federated", amp: AMP, upgradeTo: { chartLine: "3.x" } });
    const g = generateUpgradeSteps(req);
    const v = parse(g.steps.flatMap((s) => s.files).find((f) => f.path === "clusters/staging/values-3.2.1.yaml")!.content);
    expect(v.finopsagent.serviceAccount).toEqual({ create: false, name: "kubecost-cost-analyzer-amp" });
    expect(g.steps.find((s) => s.id === "upgrade-store-secret")!.note).toContain("run as kubecost-cost-analyzer-amp, made by the AMP install");
  });

  it("every 2.9 release names cost-analyzer's pricing ConfigMap apart from the agent's", () => {
    for (const { input } of CASES.filter((c) => c.name.includes("-> 2.9") || c.name.includes("-> 3.x"))) {
      const g = generateUpgradeSteps(request(input));
      for (const f of g.steps.flatMap((s) => s.files).filter((x) => x.chartValues?.version === "2.9.7")) {
        expect(parse(f.content).pricingConfigmapName, f.path).toBe("pricing-configs-cost-analyzer");
      }
    }
  });

  it("the 3.x cluster controller is off under IRSA (its account has no role) and on with access keys", () => {
    for (const { name, input } of CASES.filter((c) => c.name.endsWith("-> 3.x"))) {
      const req = request(input);
      for (const f of generateUpgradeSteps(req).steps.flatMap((s) => s.files).filter((x) => x.chartValues?.chart === "kubecost")) {
        expect(parse(f.content).clusterController, `${name} ${f.path}`).toEqual(req.from.auth.mode === "irsa" ? { enabled: false } : undefined);
      }
    }
  });

  it("no upgrade step mentions an account the source never had", () => {
    const amp = request({ ...example("upgrade-etl-to-3x.yaml"), method: "amp-federated", amp: AMP, upgradeTo: { chartLine: "3.x" } });
    const text = generateUpgradeSteps(amp).steps.map((s) => [s.note, s.why, ...s.files.map((f) => f.content), ...s.commands.map((c) => words(c).join(" "))].join("\n")).join("\n");
    expect(text).not.toContain("kubecost-cost-analyzer-etl");
  });
});
