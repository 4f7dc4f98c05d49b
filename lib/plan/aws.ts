// AWS naming rules the plan validates against. Kept in one place so the wizard, the CLI and the
// status-link parser give the same message.

/** Commercial, GovCloud and China region codes (as of 2026). */
export const AWS_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "af-south-1",
  "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ca-central-1", "ca-west-1",
  "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-south-1", "eu-south-2", "eu-north-1",
  "il-central-1", "mx-central-1",
  "me-south-1", "me-central-1",
  "sa-east-1",
  "us-gov-east-1", "us-gov-west-1",
  "cn-north-1", "cn-northwest-1",
] as const;

export function isAwsRegion(value: string): boolean {
  return (AWS_REGIONS as readonly string[]).includes(value);
}

/** The ARN partition for a region (aws, aws-us-gov, aws-cn). */
export function partitionOf(region: string): "aws" | "aws-us-gov" | "aws-cn" {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** S3 general purpose bucket naming rules
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * Returns the first broken rule as a sentence, or undefined when the name is valid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "Bucket names are 3 to 63 characters long";
  if (/[A-Z]/.test(name)) return "Bucket names use lowercase letters only";
  if (!/^[a-z0-9.-]+$/.test(name)) return "Bucket names may contain only lowercase letters, digits, '.' and '-'";
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "Bucket names start and end with a letter or digit";
  if (name.includes("..")) return "Bucket names must not contain two adjacent periods";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "Bucket names must not look like an IP address";
  for (const p of ["xn--", "sthree-", "amzn-s3-demo-"]) if (name.startsWith(p)) return `Bucket names must not start with "${p}"`;
  for (const s of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) if (name.endsWith(s)) return `Bucket names must not end with "${s}"`;
  return undefined;
}

export const ACCOUNT_ID = /^\d{12}$/;
/** AMP workspace ids: ws- followed by a UUID (https://docs.aws.amazon.com/prometheus/latest/APIReference/API_WorkspaceDescription.html). */
export const AMP_WORKSPACE_ID = /^ws-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const IAM_ROLE_ARN = /^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
export const KMS_KEY = /^(arn:aws(-us-gov|-cn)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w\/-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias\/[\w\/-]+)$/;
