import { partitionOf } from "@/lib/plan/aws";

// The least-privilege IAM policy for the console's probes (the README's action list): read-only,
// scoped to the configured buckets (and their prefix) and the AMP workspace. The console never
// writes to a bucket or a workspace, so no Put/Delete action appears.

export interface ProbeBucket {
  bucket: string;
  region: string;
  /** "" or a folder ending in "/". */
  prefix?: string;
  /** SSE-KMS key ARN: reading objects needs kms:Decrypt on it. */
  kmsKeyArn?: string;
}

export interface ProbeTargets {
  etl?: ProbeBucket;
  thanos?: ProbeBucket;
  amp?: { region: string; workspaceId?: string; accountId?: string };
}

interface Statement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface IamPolicy {
  Version: "2012-10-17";
  Statement: Statement[];
}

const folder = (prefix = "") => (prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix);

export const S3_ACTIONS = { list: ["s3:ListBucket", "s3:GetBucketLocation"], read: ["s3:GetObject"] } as const;
export const AMP_ACTIONS = {
  account: ["aps:ListWorkspaces"],
  workspace: [
    "aps:DescribeWorkspace",
    "aps:DescribeWorkspaceConfiguration",
    "aps:DescribeLoggingConfiguration",
    "aps:ListRuleGroupsNamespaces",
    "aps:QueryMetrics",
    "aps:GetSeries",
    "aps:GetLabels",
  ],
} as const;

export function probeIamPolicy(targets: ProbeTargets): IamPolicy {
  const statements: Statement[] = [];
  const buckets = [targets.etl && { ...targets.etl, sid: "Etl" }, targets.thanos && { ...targets.thanos, sid: "Thanos" }].filter((b) => !!b);
  for (const b of buckets) {
    const arn = `arn:${partitionOf(b.region)}:s3:::${b.bucket}`;
    const prefix = folder(b.prefix);
    statements.push({
      Sid: `List${b.sid}Bucket`,
      Effect: "Allow",
      Action: [...S3_ACTIONS.list],
      Resource: arn,
      ...(prefix ? { Condition: { StringLike: { "s3:prefix": [`${prefix}*`] } } } : {}),
    });
    statements.push({ Sid: `Read${b.sid}Objects`, Effect: "Allow", Action: [...S3_ACTIONS.read], Resource: `${arn}/${prefix}*` });
    if (b.kmsKeyArn) statements.push({ Sid: `Decrypt${b.sid}Objects`, Effect: "Allow", Action: ["kms:Decrypt"], Resource: b.kmsKeyArn });
  }
  // GetBucketLocation carries no s3:prefix: a prefix condition would refuse it, so it gets its own
  // unconditioned statement when a prefix narrows the listing.
  for (const s of statements) {
    if (s.Condition && s.Action.includes("s3:GetBucketLocation")) {
      s.Action = s.Action.filter((a) => a !== "s3:GetBucketLocation");
      statements.push({ Sid: s.Sid.replace(/^List/, "Locate"), Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: s.Resource });
    }
  }
  if (targets.amp) {
    const { region, workspaceId, accountId } = targets.amp;
    const workspaceArn = `arn:${partitionOf(region)}:aps:${region}:${accountId ?? "*"}:workspace/${workspaceId ?? "*"}`;
    // ListWorkspaces finds a workspace by alias and cannot be scoped to one workspace.
    statements.push({ Sid: "FindAmpWorkspace", Effect: "Allow", Action: [...AMP_ACTIONS.account], Resource: "*" });
    statements.push({
      Sid: "ReadAmpWorkspace",
      Effect: "Allow",
      Action: [...AMP_ACTIONS.workspace],
      Resource: [workspaceArn, `arn:${partitionOf(region)}:aps:${region}:${accountId ?? "*"}:rulegroupsnamespace/${workspaceId ?? "*"}/*`],
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
