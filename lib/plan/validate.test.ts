import { describe, expect, it } from "vitest";
import type { Problem } from "@/lib/problem";
import { validatePlan } from "./validate";
import { bucketNameProblem, isAwsRegion } from "./aws";
import type { FederationPlanInput } from "./schema";

const base = (): FederationPlanInput => ({
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
  storage: { bucket: "kubecost-federation", region: "us-east-1" },
  clusters: [
    { id: "prod-1", role: "primary" },
    { id: "prod-2", role: "agent" },
  ],
});

function issuesOf(input: unknown): Problem[] {
  const r = validatePlan(input);
  return r.ok ? [] : r.problems;
}
const messageAt = (input: unknown, path: string) => issuesOf(input).find((i) => i.path === path)?.message;

describe("validatePlan", () => {
  it("accepts a complete plan and fills defaults", () => {
    const r = validatePlan(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.kubecost.namespace).toBe("kubecost");
    expect(r.value.kubecost.releaseName).toBe("kubecost");
    expect(r.value.auth).toEqual({ mode: "irsa" });
    expect(r.value.storage?.encryption).toEqual({ type: "none" });
  });

  it("rejects temporary (ASIA) access keys with the reason and the fix, and accepts an IAM user's key", () => {
    const withKey = (accessKeyId: string) => ({ ...base(), auth: { mode: "access-keys", accessKeyId } });
    expect(issuesOf(withKey("ASIAZZTESTKEY1234567"))).toEqual([
      {
        path: "auth.accessKeyId",
        message: "Temporary credentials (ASIA...) expire and need a session token Kubecost cannot use: use an IAM user's access key (AKIA...) or IRSA",
      },
    ]);
    expect(messageAt(withKey("AKIA-bad"), "auth.accessKeyId")).toBe("Access key ids start with AKIA followed by uppercase letters and digits");
    expect(validatePlan(withKey("AKIAZZTESTKEY1234567")).ok).toBe(true);
  });

  it("names the bucket rule that is broken", () => {
    expect(messageAt({ ...base(), storage: { bucket: "Kubecost_Bucket", region: "us-east-1" } }, "storage.bucket")).toMatch(/lowercase/);
    expect(messageAt({ ...base(), storage: { bucket: "ab", region: "us-east-1" } }, "storage.bucket")).toMatch(/3 to 63/);
    expect(messageAt({ ...base(), storage: { bucket: "a..b", region: "us-east-1" } }, "storage.bucket")).toMatch(/adjacent periods/);
    expect(messageAt({ ...base(), storage: { bucket: "192.168.1.1", region: "us-east-1" } }, "storage.bucket")).toMatch(/IP address/);
    expect(messageAt({ ...base(), storage: { bucket: "xn--bucket", region: "us-east-1" } }, "storage.bucket")).toMatch(/xn--/);
  });

  it("rejects a region that is not an AWS region code", () => {
    expect(messageAt({ ...base(), storage: { bucket: "kubecost-federation", region: "us-east-9" } }, "storage.region")).toMatch(/AWS region/);
    expect(isAwsRegion("eu-west-1")).toBe(true);
  });

  it("flags duplicate cluster ids on the second occurrence, case-insensitively", () => {
    const plan = { ...base(), clusters: [{ id: "prod-1", role: "primary" }, { id: "PROD-1", role: "agent" }] };
    expect(messageAt(plan, "clusters.1.id")).toMatch(/already used by cluster #1/);
  });

  it("rejects cluster ids that are unsafe in paths and labels", () => {
    for (const id of ["prod 1", "../etc", "a/b", "$(id)", "-lead", "x".repeat(64)]) {
      expect(messageAt({ ...base(), clusters: [{ id, role: "primary" }] }, "clusters.0.id"), id).toMatch(/letters, digits/);
    }
  });

  it("requires exactly one primary", () => {
    expect(messageAt({ ...base(), clusters: [{ id: "a", role: "agent" }] }, "clusters")).toMatch(/Mark one cluster as primary/);
    expect(messageAt({ ...base(), clusters: [{ id: "a", role: "primary" }, { id: "b", role: "primary" }] }, "clusters")).toMatch(/Only one/);
  });

  it("does not offer bundled Thanos on Kubecost 2.x, and says why", () => {
    const msg = messageAt({ ...base(), method: "thanos-bundled" }, "method");
    expect(msg).toMatch(/Only Kubecost 1\.108 bundles Thanos/);
    expect(msg).toMatch(/Choose chart line 1\.x/);
    expect(msg).toMatch(/Federated ETL/);
  });

  it("keeps Federated ETL on the 2.x line", () => {
    const plan = { ...base(), kubecost: { chartLine: "1.x", chartVersion: "1.108.1" } };
    expect(messageAt(plan, "method")).toMatch(/2\.x Aggregator/);
  });

  it("checks the version belongs to the chosen line", () => {
    expect(messageAt({ ...base(), kubecost: { chartLine: "2.x", chartVersion: "1.108.1" } }, "kubecost.chartVersion")).toMatch(/on the 1\.x line, not 2\.x/);
    expect(messageAt({ ...base(), kubecost: { chartLine: "2.x", chartVersion: "2.7.99" } }, "kubecost.chartVersion")).toBeUndefined();
    expect(messageAt({ ...base(), kubecost: { chartLine: "2.x", chartVersion: "4.0.0" } }, "kubecost.chartVersion")).toMatch(/nearest verified version is 3\.2\.1/);
  });

  it("validates AMP workspace ids and account ids", () => {
    const amp = { ...base(), method: "amp", storage: undefined, awsAccountId: "12345", amp: { region: "us-west-2", workspace: { mode: "existing", workspaceId: "ws-123" } } };
    expect(messageAt(amp, "amp.workspace.workspaceId")).toMatch(/ws-12345678-abcd/);
    expect(messageAt(amp, "awsAccountId")).toMatch(/12 digits/);
    expect(messageAt({ ...amp, awsAccountId: undefined, amp: { region: "us-west-2", workspace: { mode: "create", alias: "kubecost" } } }, "awsAccountId")).toMatch(/account id/);
  });

  it("requires storage for bucket methods and an AMP workspace for AMP", () => {
    expect(messageAt({ ...base(), storage: undefined }, "storage")).toMatch(/S3 bucket/);
    expect(messageAt({ ...base(), method: "amp", awsAccountId: "123456789012" }, "amp")).toMatch(/AMP workspace/);
  });

  it("rejects control characters in display names", () => {
    expect(messageAt({ ...base(), clusters: [{ id: "a", role: "primary", displayName: "x\ny" }] }, "clusters.0.displayName")).toMatch(/control characters/);
  });

  it("accepts a prefix on Kubecost 1.x bundled Thanos (objstore prefix exists since Thanos v0.27)", () => {
    const plan = { ...base(), method: "thanos-bundled", kubecost: { chartLine: "1.x", chartVersion: "1.108.1" }, storage: { bucket: "kubecost-thanos", region: "us-east-1", prefix: "thanos" } };
    expect(messageAt(plan, "storage.prefix")).toBeUndefined();
  });
});

describe("bucketNameProblem", () => {
  it("accepts valid names", () => {
    for (const n of ["abc", "kubecost-federation", "my.bucket.name", "a1-b2"]) expect(bucketNameProblem(n), n).toBeUndefined();
  });
});

describe("Thanos standalone sidecar hosts", () => {
  const standalone = (id: string) => ({
    method: "thanos-standalone",
    kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
    storage: { bucket: "kubecost-thanos", region: "us-east-1" },
    thanosDomain: "example.com",
    clusters: [{ id, role: "agent" }, { id: "observer", role: "primary" }],
  });
  it("derives a host from the domain, and rejects one that is not a valid host name", () => {
    expect(validatePlan(standalone("Prod_1")).ok).toBe(true);
    expect(messageAt(standalone("a".repeat(60)), "clusters.0.id")).toMatch(/not a valid host name/);
    expect(messageAt(standalone("a."), "clusters.0.id")).toMatch(/thanos-a\.\.example\.com/);
  });

  it("asks no sidecar host of the observer: its sidecar is queried in-cluster", () => {
    const noDomain = { ...standalone("agent-1"), thanosDomain: undefined };
    expect(messageAt(noDomain, "clusters.0.sidecarHost")).toMatch(/Give the sidecar gRPC host for agent-1/);
    expect(messageAt(noDomain, "clusters.1.sidecarHost")).toBeUndefined();
  });

  it("takes egressCidrs only on a standalone observer, as CIDRs", () => {
    const withCidrs = (i: number, cidrs: string[]) => {
      const p = standalone("agent-1");
      return { ...p, clusters: p.clusters.map((c, j) => (j === i ? { ...c, egressCidrs: cidrs } : c)) };
    };
    expect(validatePlan(withCidrs(1, ["203.0.113.10/32"])).ok).toBe(true);
    expect(messageAt(withCidrs(0, ["203.0.113.10/32"]), "clusters.0.egressCidrs")).toMatch(/belong to the observer/);
    expect(messageAt(withCidrs(1, ["203.0.113.10"]), "clusters.1.egressCidrs.0")).toMatch(/CIDRs look like/);
  });
});
