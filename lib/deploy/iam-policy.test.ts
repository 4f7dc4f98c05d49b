import { describe, expect, it } from "vitest";
import { loadExamplePlans } from "@/test/support/example-plans";
import { probeTargetsForPlan } from "./console-values";
import { probeIamPolicy } from "./iam-policy";

describe("probe IAM policy", () => {
  it("reads the configured buckets and nothing else; never writes", () => {
    const policy = probeIamPolicy({ etl: { bucket: "team-etl", region: "us-east-1" }, thanos: { bucket: "team-thanos", region: "us-west-2", prefix: "kc/" } });
    expect(policy.Statement).toEqual([
      { Sid: "ListEtlBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: "arn:aws:s3:::team-etl" },
      { Sid: "ReadEtlObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::team-etl/*" },
      { Sid: "ListThanosBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::team-thanos", Condition: { StringLike: { "s3:prefix": ["kc/*"] } } },
      { Sid: "ReadThanosObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::team-thanos/kc/*" },
      { Sid: "LocateThanosBucket", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: "arn:aws:s3:::team-thanos" },
    ]);
  });

  it("AMP: the workspace's read actions on that workspace only; GovCloud and China partitions", () => {
    const policy = probeIamPolicy({ amp: { region: "us-gov-west-1", workspaceId: "ws-12345678-abcd-1234-abcd-1234567890ab", accountId: "123456789012" } });
    expect(policy.Statement[0]).toEqual({ Sid: "FindAmpWorkspace", Effect: "Allow", Action: ["aps:ListWorkspaces"], Resource: "*" });
    expect(policy.Statement[1].Resource).toEqual([
      "arn:aws-us-gov:aps:us-gov-west-1:123456789012:workspace/ws-12345678-abcd-1234-abcd-1234567890ab",
      "arn:aws-us-gov:aps:us-gov-west-1:123456789012:rulegroupsnamespace/ws-12345678-abcd-1234-abcd-1234567890ab/*",
    ]);
    expect(probeIamPolicy({ etl: { bucket: "b-cn", region: "cn-north-1" } }).Statement[0].Resource).toBe("arn:aws-cn:s3:::b-cn");
  });

  it("every example plan gets a read-only policy naming its own bucket or workspace", () => {
    for (const { name, plan } of loadExamplePlans()) {
      const policy = probeIamPolicy(probeTargetsForPlan(plan));
      const actions = policy.Statement.flatMap((s) => s.Action);
      expect(actions.filter((a) => /Put|Delete|Create|Update|Write|\*/.test(a)), name).toEqual([]);
      const resources = JSON.stringify(policy.Statement.map((s) => s.Resource));
      if (plan.storage) expect(resources, name).toContain(`:::${plan.storage.bucket}`);
      if (plan.amp) expect(actions, name).toContain("aps:QueryMetrics");
      if (plan.storage?.encryption.type === "SSE-KMS" && plan.storage.encryption.kmsKeyId.startsWith("arn:")) expect(actions, name).toContain("kms:Decrypt");
    }
  });
});
