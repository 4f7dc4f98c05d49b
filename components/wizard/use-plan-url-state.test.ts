import { describe, expect, it } from "vitest";
import { addClusters, starterPlan, type PlanDraft } from "@/lib/plan/defaults";
import { parsePlanUrl, planLinkProblem, planUrlSearch } from "./use-plan-url-state";

const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

function plan(): PlanDraft {
  const p = starterPlan("federated-etl");
  return {
    ...p,
    storage: { ...p.storage, bucket: "acme-kubecost-etl", region: "eu-west-1" },
    auth: { mode: "access-keys", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET_KEY },
    clusters: addClusters(p.clusters, ["prod-east", "prod-west"]),
  } as PlanDraft;
}

/** 5,000 random-looking ids: they do not compress, so the link is over the limit. */
function hugePlan(): PlanDraft {
  let seed = 7;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647).toString(36).slice(2, 10);
  const p = plan();
  return { ...p, clusters: addClusters([], Array.from({ length: 5000 }, () => `team-${rnd()}`)) };
}

describe("the wizard's address", () => {
  it("opens on the plan and the step it was written with, without the access keys", () => {
    const search = planUrlSearch({ plan: plan(), step: "clusters" });
    expect(search).not.toContain("AKIA");
    expect(search).not.toContain(encodeURIComponent(SECRET_KEY));
    const opened = parsePlanUrl(search);
    expect(opened.step).toBe("clusters");
    expect(opened.plan?.storage?.bucket).toBe("acme-kubecost-etl");
    expect(opened.plan?.clusters.map((c) => c.id)).toEqual(plan().clusters.map((c) => c.id));
    expect(opened.plan?.auth).toEqual({ mode: "access-keys" });
  });

  it("ignores a step the wizard does not have, and a link without a plan", () => {
    const search = planUrlSearch({ plan: plan(), step: "output" });
    expect(parsePlanUrl(search.replace("step=output", "step=toString")).step).toBeNull();
    expect(parsePlanUrl("?step=clusters")).toEqual({ plan: null, step: "clusters" });
    expect(planUrlSearch({ plan: null, step: "method" })).toBe("");
  });

  it("leaves out a plan too long to open again, keeps the step and says why", () => {
    const big = hugePlan();
    expect(planUrlSearch({ plan: big, step: "output" })).toBe("?step=output");
    expect(planLinkProblem(big)).toMatch(/^This plan is too big for a link .* download plan\.yaml instead/);
    expect(planLinkProblem(plan())).toBeUndefined();
  });
});
