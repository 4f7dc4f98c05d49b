import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { parsePlanText } from "@/lib/plan/load";
import { validateUpgrade, type UpgradeRequest } from "@/lib/plan/upgrade";
import { unreadValuePaths } from "@/lib/charts/lint";
import { typeMismatches } from "@/lib/charts/types";
import { refusedKeys } from "@/lib/charts/refused";
import { diagnose } from "@/lib/doctor/diagnose";
import { bashArgvMany } from "@/test/support/bash";
import { buildUpgradeBundle, generateUpgradeSteps } from ".";
import { renderCommand, simpleCommands } from "../shell";
import { EXAMPLES_DIR } from "@/test/support/example-plans";
import { at, words } from "@/test/support/generated-plan";
import type { GeneratedPlan } from "../types";

function request(file: string): UpgradeRequest {
  const r = validateUpgrade(parsePlanText(readFileSync(path.join(EXAMPLES_DIR, file), "utf8"), file));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}
const ids = (g: GeneratedPlan) => g.steps.map((s) => s.id);
const valuesOf = (g: GeneratedPlan, p: string) => parse(g.steps.flatMap((s) => s.files).find((f) => f.path === p)!.content);

describe("upgrade 2.x Federated ETL -> 2.9 bridge -> 3.x", () => {
  const req = request("upgrade-etl-to-3x.yaml");
  const g = generateUpgradeSteps(req);

  it("moves agents to 2.9 first, the primary last, waits 48 h, then the primary to 3.x before the agents", () => {
    expect(ids(g)).toEqual([
      "upgrade-decision", "upgrade-before", "upgrade-store-secret",
      "bridge-install-prod-eu-west-1", "bridge-install-staging", "bridge-install-prod-us-east-1",
      "bridge-gate-48h",
      "v3-chart-repository", "v3-install-prod-us-east-1", "v3-install-prod-eu-west-1", "v3-install-staging",
    ]);
  });

  it("keeps each cluster's id and the same Secret in the 2.9 and 3.x values", () => {
    for (const c of req.from.clusters) {
      for (const v of [`values-2.9.7.yaml`, `values-3.2.1.yaml`]) {
        const values = valuesOf(g, `clusters/${c.id}/${v}`);
        expect(at(values, "global", "clusterId"), `${c.id} ${v}`).toBe(c.id);
        expect(at(values, "global", "federatedStorage", "existingSecret")).toBe("federated-store");
        // The 2.x pods' IRSA account, for the agent too: no new IAM.
        expect(at(values, "finopsagent", "serviceAccount")).toEqual({ create: false, name: "kubecost-cost-analyzer-etl" });
      }
      expect(at(valuesOf(g, `clusters/${c.id}/values-2.9.7.yaml`), "prometheus", "server", "global", "external_labels", "cluster_id")).toBe(c.id);
    }
  });

  it("writes 2.9.7 and 3.2.1 values their charts read, typed right, with nothing either fails on", () => {
    for (const f of g.steps.flatMap((s) => s.files).filter((x) => x.chartValues)) {
      const v = parse(f.content);
      expect({ f: f.path, unread: unreadValuePaths(f.chartValues!, v), types: typeMismatches(f.chartValues!, v), refused: refusedKeys(f.chartValues!, v) }).toEqual({ f: f.path, unread: [], types: [], refused: [] });
      const d = diagnose({ text: f.content, target: f.chartValues!.version });
      expect(d.ok && d.value.keys.filter((k) => k.status === "fails"), f.path).toEqual([]);
    }
  });

  it("says which 2.x keys leave at 3.x, and each install step checks its result", () => {
    const primary = g.steps.find((s) => s.id === "v3-install-prod-us-east-1")!;
    // Moved keys are carried, never listed as removed (the Aggregator's sizing among them on a big fleet):
    // the merge's one list says what happens to each key, then which of them the 2.9 values set.
    // One list of what the merge drops or moves, then which of those the 2.9 values set.
    expect(primary.note!.match(/the merge drops or moves what 3\.2\.1 refuses: /g)).toHaveLength(1);
    expect(primary.note).toContain(
      "the merge drops or moves what 3.2.1 refuses: ",
    );
    expect(primary.note).toContain(
      "Of those, the 2.9.7 values this upgrade installed set kubecostProductConfigs.clusterName, prometheus.server.global.external_labels.cluster_id, federatedETL.federatedCluster, kubecostAggregator.deployMethod.",
    );
    expect(primary.note).not.toContain("Removed because");
    expect(primary.why).toContain("20 minutes to 2 days");
    for (const s of g.steps.filter((x) => x.phase === "install")) expect(s.commands.some((c) => c.comment?.startsWith("Check") || c.argv[1] === "rollout"), s.id).toBe(true);
  });

  it("gates on each cluster's oldest heartbeat with a command, and links the status page to the same bucket", () => {
    const gate = g.steps.find((s) => s.id === "bridge-gate-48h")!;
    expect(gate.commands.map((c) => [c.clusterId, ...words(c)])).toEqual(req.from.clusters.map((c) => [c.id, "bash", "upgrade/gate.sh", c.id]));
    expect(gate.files.map((f) => f.path)).toEqual(["upgrade/gate.sh"]);
    expect(gate.note).toContain("/status?method=federated-storage&etlBucket=acme-kubecost-federated&region=us-east-1&clusters=prod-us-east-1%2Cprod-eu-west-1%2Cstaging");
    expect(gate.note).toContain("48 h");
  });

  it("from AMP + ETL bucket: same bucket, and says AMP does not carry over", () => {
    const amp = validateUpgrade({ ...req.from, method: "amp-federated", amp: { region: "us-east-1", workspace: { mode: "create", alias: "kubecost" } }, upgradeTo: { chartLine: "3.x" } });
    if (!amp.ok) throw new Error(JSON.stringify(amp.problems));
    const steps = generateUpgradeSteps(amp.value).steps;
    expect(steps.find((s) => s.id === "bridge-install-staging")!.note).toContain("Your AMP settings (global.amp, sigV4Proxy) stay in the 2.9 values");
    expect(steps.find((s) => s.id === "v3-install-staging")!.note).toMatch(/drops or moves what 3\.2\.1 refuses: .*global\.amp.*sigV4Proxy|drops or moves what 3\.2\.1 refuses: .*sigV4Proxy.*global\.amp/);
    for (const f of steps.flatMap((s) => s.files).filter((x) => x.chartValues)) {
      expect(at(parse(f.content), "global", "amp"), f.path).toBeUndefined();
      expect(f.content, f.path).not.toMatch(/sigV4|aps-workspaces/i);
    }
  });

  it("stops at 2.9 when that is the target", () => {
    const bridge = validateUpgrade({ ...req.from, upgradeTo: { chartLine: "2.9" } });
    if (!bridge.ok) throw new Error(JSON.stringify(bridge.problems));
    expect(ids(generateUpgradeSteps(bridge.value)).at(-1)).toBe("bridge-gate-48h");
  });
});

describe("upgrade 1.108 bundled Thanos -> 2.x Federated ETL", () => {
  const g = generateUpgradeSteps(request("upgrade-thanos-to-etl.yaml"));

  it("moves the agent first and the primary last, with ETL utils converting the Thanos history, then retires Thanos", () => {
    expect(ids(g).filter((id) => id.startsWith("upgrade-install") || id === "verify" || id === "upgrade-thanos-cleanup")).toEqual([
      "upgrade-install-prod-euw1", "upgrade-install-prod-use1", "verify", "upgrade-thanos-cleanup",
    ]);
    expect(valuesOf(g, "clusters/prod-use1/thanos-history.yaml")).toEqual({ etlUtils: { enabled: true, thanosSourceBucketSecret: "kubecost-thanos" } });
    // Each starts from the installed values: the generated files merged on top, then helm with the merge.
    const merge = (id: string) => words(g.steps.find((s) => s.id === id)!.commands.find((c) => c.argv[1] === "template" && c.argv[2] === "merge")!).filter((w) => w.startsWith("clusters/"));
    const upgrade = (id: string) => words(g.steps.find((s) => s.id === id)!.commands.find((c) => c.argv[1] === "upgrade")!).filter((w) => w.startsWith("clusters/"));
    expect(merge("upgrade-install-prod-use1")).toEqual(["clusters/prod-use1/installed-before-2.8.7.yaml", "clusters/prod-use1/values.yaml", "clusters/prod-use1/thanos-history.yaml"]);
    expect(upgrade("upgrade-install-prod-use1")).toEqual(["clusters/prod-use1/upgrade-values-2.8.7.yaml"]);
    expect(merge("upgrade-thanos-cleanup")).toEqual(["clusters/prod-use1/installed-before-2.8.7-history-off.yaml", "clusters/prod-use1/values.yaml", "clusters/prod-use1/thanos-history-off.yaml"]);
    expect(valuesOf(g, "clusters/prod-use1/thanos-history-off.yaml")).toEqual({ etlUtils: { enabled: false } });
    expect(upgrade("upgrade-install-prod-euw1")).toEqual(["clusters/prod-euw1/upgrade-values-2.8.7.yaml"]);
  });

  it("says what happens to the sidecars and the blocks", () => {
    const agent = g.steps.find((s) => s.id === "upgrade-install-prod-euw1")!;
    expect(agent.note).toContain("this upgrade removes the cluster's sidecar");
    expect(agent.note).toContain("prometheus.server.sidecarContainers");
    expect(g.steps.find((s) => s.id === "upgrade-thanos-cleanup")!.note).toContain("Keep the Thanos blocks");
  });

  it("writes 2.8.7 values the chart reads", () => {
    for (const f of g.steps.flatMap((s) => s.files).filter((x) => x.chartValues)) {
      expect({ f: f.path, unread: unreadValuePaths(f.chartValues!, parse(f.content)) }).toEqual({ f: f.path, unread: [] });
    }
  });
});

describe("every upgrade path", () => {
  const reqs = [request("upgrade-etl-to-3x.yaml"), request("upgrade-thanos-to-etl.yaml")];
  const thanos3 = validateUpgrade({ ...reqs[1].from, upgradeTo: { chartLine: "3.x" } });
  if (!thanos3.ok) throw new Error(JSON.stringify(thanos3.problems));
  reqs.push(thanos3.value);

  for (const req of reqs) {
    it(`${req.from.method} -> ${req.to.chartLine}: bash parses every command into its argv, and the bundle regenerates`, () => {
      const g = generateUpgradeSteps(req);
      const plain = g.steps.flatMap((s) => s.commands).flatMap(simpleCommands);
      const env = { AWS_ACCOUNT_ID: "123456789012" };
      const want = plain.map((argv) => argv.map((w) => (typeof w === "string" ? w : w.template.replace(/\$\{(\w+)\}/g, (_, n: keyof typeof env) => env[n]))));
      expect(bashArgvMany(plain.map((argv) => renderCommand({ argv })), env)).toEqual(want);
      const bundle = buildUpgradeBundle(req);
      const again = validateUpgrade(parse(bundle.find((f) => f.path === "upgrade.yaml")!.content));
      expect(again.ok && again.value).toEqual(req);
    });
  }

  it("every step of every path carries a command that shows it worked", () => {
    for (const req of reqs) {
      for (const s of generateUpgradeSteps(req).steps) {
        const checked = s.commands.some((c) => /^(Check|Expect)/.test(c.comment ?? "") || c.argv[1] === "rollout");
        expect(checked, `${req.to.chartLine} ${s.id}`).toBe(true);
      }
    }
  });

  it("every path opens with what it cannot undo, as a choice, before any command changes anything", () => {
    for (const req of reqs) {
      const [first, ...rest] = generateUpgradeSteps(req).steps;
      expect(first.id, req.to.chartLine).toBe("upgrade-decision");
      expect(first.note, req.to.chartLine).toMatch(/^Choose before running anything below\. A\) /);
      expect(first.commands.map((c) => c.argv.slice(0, 3).join(" "))).toEqual(["aws s3 ls"]);
      expect(rest.length).toBeGreaterThan(3);
    }
    const thanos = generateUpgradeSteps(thanos3.value).steps[0];
    expect(thanos.title).toBe("Decide first: the Thanos history does not come to 3.x");
    expect(thanos.note).toContain("Go through 2.x instead");
    expect(thanos.note).toContain("Stay on 1.108 reading Thanos until its retention window has passed");
    const etl = generateUpgradeSteps(reqs[0]).steps[0];
    expect(etl.why).toContain("20 minutes to 2 days");
  });

  it("1.108 straight to 3.x says the Thanos history does not carry over", () => {
    const g = generateUpgradeSteps(thanos3.value);
    const primary = g.steps.find((s) => s.id === "upgrade-install-prod-use1")!;
    expect(primary.note).toContain("Thanos history stays in the bucket but does not appear in 3.x");
  });
});

describe("every upgrade example in examples/", () => {
  const files = readdirSync(EXAMPLES_DIR).filter((f) => /^upgrade-.*\.ya?ml$/.test(f)).sort();
  const stepsInMarkdown = (md: string) => [...md.matchAll(/^## \d+\. (.*)$/gm)].map((m) => m[1]);

  it("includes the 150-cluster ETL -> 3.x upgrade", () => {
    expect(files).toContain("upgrade-etl-to-3x-150.yaml");
    expect(request("upgrade-etl-to-3x-150.yaml").from.clusters).toHaveLength(150);
  });

  for (const file of files) {
    it(`${file}: phases run by install.sh over clusters.tsv, every cluster's scripts in the bundle`, () => {
      const req = request(file);
      const bundle = buildUpgradeBundle(req);
      const paths = new Set(bundle.map((f) => f.path));
      for (const p of ["STEPS.md", "install.sh", "clusters.tsv", "upgrade.yaml"]) expect(paths.has(p), `${file} ${p}`).toBe(true);
      const tsv = bundle.find((f) => f.path === "clusters.tsv")!.content.trim().split("\n").slice(1).map((l) => l.split("\t")[0]);
      expect(tsv.sort()).toEqual(req.from.clusters.map((c) => c.id).sort());
      for (const c of req.from.clusters) expect(bundle.some((f) => f.path.startsWith(`clusters/${c.id}/steps/`)), c.id).toBe(true);
      // STEPS.md names no cluster's own step: per-cluster work is a stage.
      const md = bundle[0].content;
      expect(md).not.toMatch(/^## \d+\. (Agent|Primary) /m);
    });
  }

  it("a 150-cluster ETL -> 3.x upgrade has the same STEPS.md steps as the 3-cluster one, and a page-sized STEPS.md", () => {
    const few = buildUpgradeBundle(request("upgrade-etl-to-3x.yaml"))[0].content;
    const many = buildUpgradeBundle(request("upgrade-etl-to-3x-150.yaml"))[0].content;
    expect(stepsInMarkdown(many)).toEqual(stepsInMarkdown(few));
    expect(stepsInMarkdown(many)).toEqual([
      "Decide first: what 3.x cannot undo",
      "Before you start: keep today's values",
      "Check the federated-store Secret the 2.x clusters already have",
      "Every cluster to Kubecost 2.9.7 (bridge): the agents first, the primary last",
      "The 48 h gate: wait until every FinOps agent has written for 48 hours",
      "Switch to the 3.x chart repository",
      "The primary to Kubecost 3.2.1",
      "Every agent to Kubecost 3.2.1",
    ]);
    expect(many.length).toBeLessThan(20_000);
    expect(many).toContain("this stage's commands for each of the 150 clusters (bridge)");
    expect(many).toContain("this stage's commands for each of the 149 clusters (agents-3x)");
  });
});
