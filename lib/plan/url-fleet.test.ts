import { describe, expect, it } from "vitest";
import { starterPlan, type PlanDraft } from "./defaults";
import { decodeClusterList, encodeClusterList, planFromSearchParams, planToSearchParams, shareLinkProblem, statusLinkOmitsClusters, statusLinkQuery } from "./url";
import { validatePlan } from "./validate";

const fleet = (ids: string[]): PlanDraft => ({
  ...starterPlan("federated-etl"),
  storage: { bucket: "acme-fleet", region: "us-east-1" },
  clusters: ids.map((id, i) => ({ id, role: i === 0 ? "primary" : "agent" })),
});

describe("links for fleet-size plans", () => {
  it("carry 5,000 sequential cluster ids compactly and read them back exactly", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `agent-${String(i).padStart(4, "0")}`);
    const plan = fleet(ids);
    const q = planToSearchParams(plan);
    expect(q.getAll("c")).toEqual([]);
    expect(q.toString().length).toBeLessThan(2000);
    expect(shareLinkProblem(q)).toBeUndefined();
    expect(planFromSearchParams(new URLSearchParams(q.toString()))!.clusters).toEqual(plan.clusters);
  });

  it("keep small plans in the readable c= form", () => {
    const q = planToSearchParams(fleet(["prod", "dev"]));
    expect(q.getAll("c")).toEqual(["prod~p", "dev~a"]);
    expect(q.has("cz")).toBe(false);
  });

  it("keep every cluster field through the compact form", () => {
    const plan = fleet(Array.from({ length: 40 }, (_, i) => `c${i}`));
    plan.clusters[3] = { id: "c3", role: "agent", displayName: "Three ~ 100%", eksClusterName: "eks-3", region: "eu-west-1", kubeContext: "arn:aws:eks:eu-west-1:123456789012:cluster/eks-3" };
    const back = planFromSearchParams(planToSearchParams(plan))!;
    expect(back.clusters).toEqual(plan.clusters);
    expect(validatePlan(back).ok).toBe(true);
  });

  it("say plainly when a plan is too big for a link", () => {
    // Random-looking ids do not compress: 5,000 of them do not fit in 16 KB.
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647).toString(36).slice(2, 10);
    const q = planToSearchParams(fleet(Array.from({ length: 5000 }, () => `team-${rnd()}`)));
    expect(shareLinkProblem(q)).toMatch(/^This plan is too big for a link \(\d+ KB; links over 15 KB are refused\): download plan.yaml instead/);
  });

  it("ignore a damaged compact value instead of failing", () => {
    expect(decodeClusterList("!!!not-base64")).toBeNull();
    expect(decodeClusterList(encodeClusterList(["a~p", "ab~a"]))).toEqual(["a~p", "ab~a"]);
  });

  it("leave the expected clusters out of a status link that would be too long", () => {
    const big = validatePlan(fleet(Array.from({ length: 2000 }, (_, i) => `cluster-${i}`)));
    if (!big.ok) throw new Error("invalid");
    expect(statusLinkOmitsClusters(big.value)).toBe(true);
    expect(statusLinkQuery(big.value).clusters).toBeUndefined();
    const small = validatePlan(fleet(["a", "b"]));
    if (!small.ok) throw new Error("invalid");
    expect(statusLinkQuery(small.value).clusters).toBe("a,b");
  });
});
