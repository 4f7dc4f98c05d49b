import { describe, expect, it } from "vitest";
import { planFromSearchParams, planToSearchParams } from "./url";
import { validatePlan } from "./validate";
import { planForMethod } from "./defaults";
import { reviewUntrustedPlan, sourceValues, withoutSourceValues } from "./untrusted";

// A hostile share link (issue 15): repository, mirror, endpoint and a CA path pointing at the
// admin's credentials.
const hostile = new URLSearchParams({
  v: "1",
  m: "federated-etl",
  kl: "2.x",
  kv: "2.8.7",
  repo: "https://charts.evil.example/kubecost",
  mir: "registry.evil.example/mirror",
  b: "acme-etl",
  r: "us-east-1",
  ep: "s3.evil.example",
  ca: "../.aws/credentials",
  c: "prod-1~p",
});

describe("a plan from a link or a file", () => {
  const plan = planFromSearchParams(hostile)!;

  it("lists every value that changes where code, images or data come from", () => {
    const r = reviewUntrustedPlan(plan);
    expect(r.review.map((v) => [v.label, v.value])).toEqual([
      ["Chart repository", "https://charts.evil.example/kubecost"],
      ["Image mirror", "registry.evil.example/mirror"],
      ["S3 endpoint", "s3.evil.example"],
    ]);
    for (const v of r.review) expect(v.effect.length).toBeGreaterThan(20);
  });

  it("refuses a file reference that is not a bare name in the bundle folder, and drops it", () => {
    const r = reviewUntrustedPlan(plan);
    expect(r.refused).toEqual([expect.objectContaining({ label: "CA file", value: "../.aws/credentials", reason: expect.stringContaining("bare name in the bundle folder") })]);
    expect(r.plan.storage?.internalCa).toBeUndefined();
    for (const bad of ["/etc/passwd", "..", "~/.aws/credentials", "dir\\ca.pem", "-rf"]) {
      const p = { ...plan, storage: { ...plan.storage!, internalCa: { caFile: bad } } };
      expect(reviewUntrustedPlan(p).refused.map((v) => v.value), bad).toEqual([bad]);
    }
    const bare = { ...plan, storage: { ...plan.storage!, internalCa: { caFile: "corp-ca.pem" } } };
    expect(reviewUntrustedPlan(bare).review.map((v) => v.value)).toContain("corp-ca.pem");
  });

  it("asks nothing about a plain link, or values this browser already holds", () => {
    const plain = withoutSourceValues(plan, sourceValues(plan).map((v) => v.path));
    expect(reviewUntrustedPlan(plain)).toMatchObject({ review: [], refused: [] });
    expect(reviewUntrustedPlan(plan, plan).review).toEqual([]);
    const saved = withoutSourceValues(plan, ["kubecost.imageMirror"]);
    expect(reviewUntrustedPlan(plan, saved).review.map((v) => v.path)).toEqual(["kubecost.imageMirror"]);
  });

  it("declined values go back to the defaults and the plan still validates", () => {
    const declined = withoutSourceValues(reviewUntrustedPlan(plan).plan, sourceValues(plan).map((v) => v.path));
    expect(declined.kubecost.chartRepo).toBe("https://kubecost.github.io/cost-analyzer/");
    expect(declined.kubecost.imageMirror).toBeUndefined();
    expect(declined.storage?.endpoint).toBeUndefined();
    expect(validatePlan(planForMethod(declined)).ok).toBe(true);
    expect(planToSearchParams(declined).toString()).not.toContain("evil");
  });
});

describe("plain http:// and options", () => {
  const base = planFromSearchParams(new URLSearchParams({ v: "1", m: "federated-etl", kl: "2.x", kv: "2.8.7", b: "acme-etl", r: "us-east-1", c: "prod-1~p" }))!;
  const issues = (p: typeof base) => {
    const r = validatePlan(planForMethod(p));
    return r.ok ? [] : r.problems.map((i) => `${i.path}: ${i.message}`);
  };

  it("refuses a plain http:// repository unless the plan says insecureChartRepo, which a link cannot", () => {
    const http = { ...base, kubecost: { ...base.kubecost, chartRepo: "http://charts.lab.example/" } };
    expect(issues(http)).toEqual([expect.stringContaining("kubecost.chartRepo: The chart repository is plain http://")]);
    expect(issues({ ...http, kubecost: { ...http.kubecost, insecureChartRepo: true } })).toEqual([]);
    const q = planToSearchParams({ ...http, kubecost: { ...http.kubecost, insecureChartRepo: true } });
    q.set("insecureChartRepo", "true");
    expect(planFromSearchParams(q)!.kubecost.insecureChartRepo).toBeUndefined();
  });

  it("refuses a kube context or CA path that kubectl would read as an option", () => {
    const ctx = { ...base, clusters: [{ ...base.clusters[0], kubeContext: "--kubeconfig=/other/file" }] };
    expect(issues(ctx)).toEqual([expect.stringContaining("Kube contexts cannot start with '-'")]);
    const ca = { ...base, storage: { ...base.storage!, endpoint: "minio.lab.example:9000", internalCa: { caFile: "--from-env-file=x" } } };
    expect(issues(ca)).toEqual([expect.stringContaining("cannot start with '-'")]);
  });
});
