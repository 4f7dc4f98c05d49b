import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { METHODS, planWithoutSecrets, type FederationPlanInput } from "./schema";
import { validatePlan } from "./validate";
import { planFromSearchParams, planToSearchParams } from "./url";
import { planForMethod, starterPlan, type PlanDraft } from "./defaults";
import { parsePlanText } from "./load";
import { POD_IDENTITY } from "./pod-identity";
import { toYaml } from "@/lib/generate/yaml";

// EKS Pod Identity is offered only where every pod that calls AWS reads it; elsewhere the plan is
// refused with the reason and its public source, and nothing is generated.

const ROLE = "arn:aws:iam::123456789012:role/kubecost-pods";

function plan(method: (typeof METHODS)[number], over: Partial<FederationPlanInput> = {}): FederationPlanInput {
  const start = starterPlan(method);
  return {
    ...start,
    awsAccountId: "123456789012",
    storage: start.storage ? { ...start.storage, bucket: "acme-kubecost" } : undefined,
    thanosDomain: method === "thanos-standalone" ? "example.com" : undefined,
    auth: { mode: "pod-identity" },
    clusters: [{ id: "prod", role: "primary" }, { id: "dev", role: "agent" }],
    ...over,
  } as FederationPlanInput;
}

const authIssues = (input: FederationPlanInput) => {
  const r = validatePlan(planForMethod(input));
  return r.ok ? [] : r.problems.filter((i) => i.path.startsWith("auth"));
};

describe("which methods may use EKS Pod Identity", () => {
  it("accepts federated storage (3.x and the 2.9 bridge) and Federated ETL", () => {
    expect(authIssues(plan("federated-storage"))).toEqual([]);
    expect(authIssues(plan("federated-storage", { kubecost: { ...starterPlan("federated-storage").kubecost, chartLine: "2.9", chartVersion: "2.9.7" } }))).toEqual([]);
    expect(authIssues(plan("federated-etl"))).toEqual([]);
    expect(authIssues(plan("federated-etl", { auth: { mode: "pod-identity", roleArn: ROLE } }))).toEqual([]);
  });

  it("refuses Thanos, naming the S3 client issue Thanos users still hit", () => {
    const [standalone] = authIssues(plan("thanos-standalone"));
    expect(standalone.path).toBe("auth.mode");
    expect(standalone.message).toContain("https://github.com/minio/minio-go/issues/2003");
    expect(standalone.message).toContain("Use IRSA");
    const [bundled] = authIssues(plan("thanos-bundled"));
    expect(bundled.message).toContain("Thanos v0.32.5");
    expect(bundled.message).toContain("minio-go v7.0.61");
  });

  it("refuses AMP + ETL bucket: the sigv4 proxy cannot read Pod Identity", () => {
    const [amp] = authIssues(plan("amp-federated"));
    expect(amp.message).toContain("aws-sigv4-proxy");
    expect(amp.message).toContain("https://github.com/awslabs/aws-sigv4-proxy/issues/190");
  });

  it("refuses Kubecost 2.x before 2.2.0, where the cost-model does not read it", () => {
    const old = plan("federated-etl", { kubecost: { ...starterPlan("federated-etl").kubecost, chartVersion: "2.1.3" } });
    expect(authIssues(old)).toEqual([{ path: "auth.mode", message: expect.stringContaining("from 2.2.0") }]);
    expect(authIssues(plan("federated-etl", { kubecost: { ...starterPlan("federated-etl").kubecost, chartVersion: "2.2.0" } }))).toEqual([]);
  });

  it("has a row, with a reason where refused, for every method", () => {
    for (const m of METHODS) {
      const row = POD_IDENTITY[m];
      if (!row.supported) expect(row.reason).toMatch(/https:\/\/github\.com\//);
    }
  });

  it("leaves an AMP quick start (no bucket, no choice shown) on IRSA", () => {
    expect(planForMethod(plan("amp")).auth).toEqual({ mode: "irsa" });
  });

  it("rejects a role that is not an IAM role ARN", () => {
    expect(authIssues(plan("federated-storage", { auth: { mode: "pod-identity", roleArn: "kubecost-pods" } }))[0].path).toBe("auth.roleArn");
  });
});

describe("Pod Identity survives the link and the plan file", () => {
  const draft: PlanDraft = { ...plan("federated-storage", { auth: { mode: "pod-identity", roleArn: ROLE } }) };

  it("round-trips through the share link with its role", () => {
    const q = planToSearchParams(draft);
    expect(q.get("auth")).toBe("pod");
    expect(q.get("role")).toBe(ROLE);
    expect(planFromSearchParams(q)!.auth).toEqual({ mode: "pod-identity", roleArn: ROLE });
    const bare = planToSearchParams({ ...draft, auth: { mode: "pod-identity" } });
    expect(planFromSearchParams(bare)!.auth).toEqual({ mode: "pod-identity" });
  });

  it("round-trips through plan.yaml", () => {
    const r = validatePlan(planForMethod(draft));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const text = toYaml(planWithoutSecrets(r.value), "plan");
    const back = validatePlan(parsePlanText(text, "plan.yaml"));
    expect(back.ok && back.value.auth).toEqual({ mode: "pod-identity", roleArn: ROLE });
    expect(parse(text).auth).toEqual({ mode: "pod-identity", roleArn: ROLE });
  });
});
