import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { planFromSearchParams, planToSearchParams, decodeCluster, encodeCluster, statusLinkQuery } from "./url";
import { planForMethod, starterPlan, type PlanDraft } from "./defaults";
import { validatePlan } from "./validate";
import { METHODS } from "./schema";

const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const full: PlanDraft = {
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2", namespace: "cost", releaseName: "kc", chartRepo: "oci://registry.example.com/charts/cost-analyzer" },
  awsAccountId: "123456789012",
  storage: {
    bucket: "acme-kubecost-etl",
    region: "eu-west-1",
    endpoint: "minio.internal:9000",
    prefix: "teams/platform",
    encryption: { type: "SSE-KMS", kmsKeyId: "alias/kubecost" },
    internalCa: { caFile: "/etc/ssl/private ca.pem", configMapName: "corp-ca" },
  },
  auth: { mode: "access-keys", accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
  clusters: [
    { id: "prod-1", role: "primary", displayName: "Prod ~ east (100%)", eksClusterName: "prod_1", region: "eu-west-1", kubeContext: "arn:aws:eks:eu-west-1:123456789012:cluster/prod-1" },
    { id: "prod-2", role: "agent" },
  ],
};

describe("plan <-> URL search params", () => {
  it("round-trips every field except the access keys", () => {
    const back = planFromSearchParams(new URLSearchParams(planToSearchParams(full).toString()));
    expect(back).toEqual({ ...full, auth: { mode: "access-keys" } });
  });

  it("never puts access keys (or their parameter names) in the link", () => {
    const link = planToSearchParams(full).toString();
    expect(link).not.toContain(ACCESS_KEY);
    expect(link).not.toContain(encodeURIComponent(SECRET_KEY));
    expect(link).not.toContain("wJalrXUtnFEMI");
    expect(link).not.toMatch(/accessKey|secretAccess|secret/i);
  });

  it("ignores keys a hand-made link tries to carry", () => {
    const q = planToSearchParams(full);
    q.set("accessKeyId", ACCESS_KEY);
    q.set("auth.secretAccessKey", SECRET_KEY);
    const back = planFromSearchParams(q)!;
    expect(back.auth).toEqual({ mode: "access-keys" });
    expect(JSON.stringify(back)).not.toContain(ACCESS_KEY);
  });

  it("keeps a 100-cluster plan short enough for a link", () => {
    const plan = { ...starterPlan("federated-etl"), clusters: Array.from({ length: 100 }, (_, i) => ({ id: `cluster-${i}`, role: i === 0 ? ("primary" as const) : ("agent" as const) })) };
    const link = planToSearchParams({ ...plan, storage: { ...plan.storage!, bucket: "acme-etl" } }).toString();
    expect(link.length).toBeLessThan(2500);
    expect(planFromSearchParams(new URLSearchParams(link))!.clusters).toHaveLength(100);
  });

  it("leaves defaults out", () => {
    const q = planToSearchParams({ ...starterPlan("federated-etl"), clusters: [{ id: "a", role: "primary" }] });
    expect([...q.keys()].sort()).toEqual(["c", "kl", "kv", "m", "r", "v"]);
    expect(q.get("c")).toBe("a~p");
  });

  it("round-trips AMP workspaces, IRSA role and Thanos domain", () => {
    const amp: PlanDraft = {
      ...starterPlan("amp"),
      awsAccountId: "123456789012",
      auth: { mode: "irsa", roleArn: "arn:aws:iam::123456789012:role/kc" },
      amp: { workspace: { mode: "existing", workspaceId: "ws-12345678-abcd-1234-abcd-123456789012" }, region: "us-west-2" },
      clusters: [{ id: "a", role: "primary", eksClusterName: "a-eks" }],
    };
    expect(planFromSearchParams(planToSearchParams(amp))).toEqual(amp);
    const thanos: PlanDraft = { ...starterPlan("thanos-standalone"), thanosDomain: "example.com", clusters: [{ id: "b", role: "agent", sidecarHost: "t.example.com" }] };
    expect(planFromSearchParams(planToSearchParams(thanos))).toEqual(thanos);
  });

  it("returns null for links without a plan or from an unknown version", () => {
    expect(planFromSearchParams(new URLSearchParams(""))).toBeNull();
    expect(planFromSearchParams(new URLSearchParams("v=2&m=amp"))).toBeNull();
    expect(planFromSearchParams(new URLSearchParams("v=1&m=nope"))).toBeNull();
  });

  it("decodes a valid plan that validates like the original", () => {
    for (const method of METHODS) {
      const draft = { ...starterPlan(method), clusters: [{ id: "x", role: "primary" as const }] };
      const back = planFromSearchParams(planToSearchParams(draft))!;
      expect(validatePlan(planForMethod(back))).toEqual(validatePlan(planForMethod(draft)));
    }
  });

  it("round-trips any cluster field text, including the separator and percent signs", () => {
    const text = fc.string({ unit: "binary", maxLength: 30 });
    fc.assert(
      fc.property(text, text, text, fc.boolean(), (id, displayName, kubeContext, primary) => {
        const c = { id, role: primary ? ("primary" as const) : ("agent" as const), ...(displayName ? { displayName } : {}), ...(kubeContext ? { kubeContext } : {}) };
        const q = new URLSearchParams();
        q.append("c", encodeCluster(c));
        expect(decodeCluster(new URLSearchParams(q.toString()).get("c")!)).toEqual(c);
      }),
    );
  });
});

describe("status page link", () => {
  it("carries method, bucket, prefix, region and cluster ids, never keys or endpoints", () => {
    const r = validatePlan(planForMethod(full));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const q = statusLinkQuery(r.value);
    expect(q).toEqual({ method: "federated-etl", etlBucket: "acme-kubecost-etl", etlPrefix: "teams/platform", region: "eu-west-1", clusters: "prod-1,prod-2" });
    expect(JSON.stringify(q)).not.toMatch(/AKIA|minio/);
  });

  it("uses thanosBucket for Thanos and the workspace for AMP", () => {
    const thanos = validatePlan(planForMethod({ ...starterPlan("thanos-bundled"), storage: { bucket: "acme-thanos", region: "us-west-2" }, clusters: [{ id: "a", role: "primary" }] }));
    expect(thanos.ok && statusLinkQuery(thanos.value)).toEqual({ method: "thanos-bundled", thanosBucket: "acme-thanos", region: "us-west-2", clusters: "a" });
    const amp = validatePlan(
      planForMethod({
        ...starterPlan("amp"),
        awsAccountId: "123456789012",
        amp: { workspace: { mode: "existing", workspaceId: "ws-12345678-abcd-1234-abcd-123456789012" }, region: "eu-central-1" },
        clusters: [{ id: "a", role: "primary" }, { id: "b", role: "agent" }],
      }),
    );
    expect(amp.ok && statusLinkQuery(amp.value)).toEqual({ method: "amp", region: "eu-central-1", ampWorkspaceId: "ws-12345678-abcd-1234-abcd-123456789012", clusters: "a,b" });
  });

  it("keeps the bucket's and the workspace's regions apart for AMP + ETL bucket", () => {
    const r = validatePlan(
      planForMethod({
        ...starterPlan("amp-federated"),
        awsAccountId: "123456789012",
        storage: { bucket: "acme-etl", region: "us-east-2" },
        amp: { workspace: { mode: "existing", workspaceId: "ws-12345678-abcd-1234-abcd-123456789012" }, region: "us-west-2" },
        clusters: [{ id: "a", role: "primary" }],
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(statusLinkQuery(r.value)).toMatchObject({ etlBucket: "acme-etl", region: "us-east-2", ampRegion: "us-west-2" });
  });
});
