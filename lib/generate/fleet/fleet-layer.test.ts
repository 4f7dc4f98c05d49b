import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildBundle, generatePlan } from "../index";
import { planFrom } from "@/test/support/generated-plan";
import type { ClusterStep, GeneratedPlan } from "../types";
import { toFleetPlan } from "./index";
import { fleetOf } from "./scale";
import { writeBundle } from "@/test/support/fleet-bundle";

const etl = planFrom({
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
  awsAccountId: "123456789012",
  storage: { bucket: "acme-etl", region: "us-east-1" },
  auth: { mode: "irsa" },
  clusters: [
    { id: "prod", role: "primary", eksClusterName: "prod-eks" },
    // Valid per the schema, hostile to a shell that does not quote: ; | & ( ) < > * ?
    { id: "edge", role: "agent", kubeContext: "ctx;touch>PWNED|x&(y)<z>*?" },
  ],
});

const step = (over: Partial<ClusterStep>): ClusterStep => ({ id: "s", kind: "s", clusterId: "prod", title: "S", why: "why", each: { title: "S", why: "why" }, phase: "install", files: [], commands: [], ...over });

describe("the fleet layer", () => {
  it("keeps a hostile but valid kube context one inert word, in the scripts and through install.sh", () => {
    const box = writeBundle(buildBundle(etl));
    const r = box.run(["--all"], { AWS_ACCOUNT_ID: "123456789012" });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const helm = box.recorded().filter((a) => a[0] === "helm" && a[1] === "upgrade");
    expect(helm.map((a) => a[a.indexOf("--kube-context") + 1]).sort()).toEqual(["ctx;touch>PWNED|x&(y)<z>*?", "prod"]);
    expect(existsSync(path.join(box.dir, "PWNED")) || existsSync(path.join(path.dirname(box.dir), "PWNED"))).toBe(false);
  });

  it("refuses a per-cluster command that sets a variable for a later script", () => {
    const generated: GeneratedPlan = {
      method: "federated-etl",
      title: "t",
      steps: [step({ id: "probe-prod", clusterId: "prod", commands: [{ argv: ["kubectl", "get", "ns", "--context", "prod"], assignTo: "AWS_ACCOUNT_ID" }] })],
    };
    expect(() => toFleetPlan(etl, generated)).toThrow(/sets AWS_ACCOUNT_ID; each step script runs in its own shell/);
  });

  it("refuses a per-cluster command reading a variable no global step set", () => {
    const generated: GeneratedPlan = {
      method: "federated-etl",
      title: "t",
      steps: [step({ id: "use-prod", clusterId: "prod", commands: [{ argv: ["kubectl", { template: "--token=${AMP_WORKSPACE_ID}" }, "--context", "prod"] }] })],
    };
    expect(() => toFleetPlan(etl, generated)).toThrow(/reads \$\{AMP_WORKSPACE_ID\}, which no earlier global step sets/);
  });

  it("leaves a global step alone when its per-cluster commands do not cover every cluster", () => {
    const fleet = toFleetPlan(etl, generatePlan(etl));
    const verify = fleet.steps.find((s) => s.id === "verify")!;
    expect(verify.stage).toBeUndefined();
    expect(verify.commands).toEqual(generatePlan(etl).steps.find((s) => s.id === "verify")!.commands);
  });

  it("shortens a comment listing every cluster and says where the rest are", () => {
    const big = fleetOf(etl, 300);
    const md = buildBundle(big)[0].content;
    expect(md).toContain("prod/ agent-0001/ agent-0002/ … (all 300 clusters: see clusters.tsv)");
    expect(md).not.toContain("agent-0299");
  });
});
