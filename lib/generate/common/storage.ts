import type { FederationPlan } from "@/lib/plan/schema";
import { partitionOf } from "@/lib/plan/aws";
import type { ShellWord } from "../shell";
import type { GeneratedCommand, GeneratedFile } from "../types";
import { toYaml } from "../yaml";
import { knownAccountId } from "./account";
import { stopWith } from "./inputs";

type Storage = NonNullable<FederationPlan["storage"]>;

export const ACCESS_KEY_PLACEHOLDER = "REPLACE_WITH_ACCESS_KEY_ID";
export const SECRET_KEY_PLACEHOLDER = "REPLACE_WITH_SECRET_ACCESS_KEY";

export function requireStorage(plan: FederationPlan): Storage {
  if (!plan.storage) throw new Error("validated plans for this method have storage");
  return plan.storage;
}

export const s3Endpoint = (s: Storage) => s.endpoint ?? `s3.${s.region}.amazonaws.com`;
export const bucketArn = (plan: FederationPlan, s: Storage) => `arn:${partitionOf(s.region)}:s3:::${s.bucket}`;

/** Thanos objstore document (https://thanos.io/tip/thanos/storage.md/#s3), also Kubecost's federated-store.yaml.
 * IRSA: no keys, so the client falls back to the pod's web identity. Access keys: the typed
 * values, or placeholders the admin replaces before creating the Secret. */
export function objstoreConfig(plan: FederationPlan, opts: { caFile?: string; allowPrefix: boolean }): Record<string, unknown> {
  const s = requireStorage(plan);
  const config: Record<string, unknown> = {
    bucket: s.bucket,
    endpoint: s3Endpoint(s),
    region: s.region,
    insecure: false,
    signature_version2: false,
  };
  if (plan.auth.mode === "access-keys") {
    config.access_key = plan.auth.accessKeyId ?? ACCESS_KEY_PLACEHOLDER;
    config.secret_key = plan.auth.secretAccessKey ?? SECRET_KEY_PLACEHOLDER;
  }
  if (s.encryption.type === "SSE-S3") config.sse_config = { type: "SSE-S3" };
  if (s.encryption.type === "SSE-KMS") config.sse_config = { type: "SSE-KMS", kms_key_id: s.encryption.kmsKeyId };
  if (opts.caFile) config.http_config = { tls_config: { ca_file: opts.caFile } };
  const doc: Record<string, unknown> = { type: "S3", config };
  if (s.prefix) {
    if (!opts.allowPrefix) throw new Error("validated plans have no prefix for this method");
    doc.prefix = s.prefix;
  }
  return doc;
}

/** True when the objstore file holds REPLACE_WITH_ placeholders (access keys not typed). */
export const hasKeyPlaceholders = (plan: FederationPlan) => plan.auth.mode === "access-keys" && (!plan.auth.accessKeyId || !plan.auth.secretAccessKey);

const PLACEHOLDER_PREFIX = "REPLACE_WITH_";

/** The step note that comes with placeholders in `path`. */
export const placeholderNote = (path: string) => `Replace the ${PLACEHOLDER_PREFIX}... placeholders in ${path} with the IAM user's access key id and secret before creating the Secret: the command refuses while they remain.`;

/** Wraps the command that turns `path` into a Secret: it runs only when no REPLACE_WITH_
 * placeholder is left, otherwise it says so and creates nothing (a Secret with placeholder keys
 * would fail every upload with InvalidAccessKeyId, far from its cause). */
export function guardPlaceholders(plan: FederationPlan, path: string, secretCommand: GeneratedCommand): GeneratedCommand {
  if (!hasKeyPlaceholders(plan)) return secretCommand;
  const { comment, ...command } = secretCommand;
  return {
    comment: [comment, `Only when ${path} holds no ${PLACEHOLDER_PREFIX} placeholder`].filter(Boolean).join("\n"),
    argv: ["grep", "--quiet", PLACEHOLDER_PREFIX, path],
    negate: true,
    // The preflight checks the same file for the same placeholders (lib/generate/common/preflight.ts).
    intent: { kind: "input-file", input: { path, what: "the IAM user's access key id and secret", placeholder: PLACEHOLDER_PREFIX } },
    then: command,
    orElse: stopWith(`Not created: ${path} still holds ${PLACEHOLDER_PREFIX} placeholders. Put the access keys in it, then run this again.`),
  };
}

export function objstoreFile(plan: FederationPlan, path: string, description: string, opts: { caFile?: string; allowPrefix: boolean; thanosVersion?: string }): GeneratedFile {
  const keysNote =
    hasKeyPlaceholders(plan)
      ? `\nReplace ${ACCESS_KEY_PLACEHOLDER} / ${SECRET_KEY_PLACEHOLDER} before creating the Secret.`
      : "";
  return {
    path,
    content: toYaml(objstoreConfig(plan, opts), `${description}${keysNote}`),
    language: "yaml",
    description,
    objstore: opts.thanosVersion ? { thanosVersion: opts.thanosVersion } : undefined,
  };
}

/** The KMS key a bucket policy can grant. IAM matches KMS requests against the key ARN, never an
 * alias (https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html): an alias
 * becomes key/* limited to keys with that alias (kms:ResourceAliases). Validated plans give a
 * key ARN, or an account for a key id or alias. */
export function kmsKeyGrant(plan: FederationPlan, keyId: string, account: string | undefined): { Resource: string; Condition?: Record<string, unknown> } {
  const s = requireStorage(plan);
  const alias = /^(?:arn:[^:]+:kms:([^:]+):(\d{12}):)?(alias\/.+)$/.exec(keyId);
  if (!alias && keyId.startsWith("arn:")) return { Resource: keyId };
  const region = alias?.[1] ?? s.region;
  const acct = alias?.[2] ?? account;
  if (!acct) throw new Error("validated SSE-KMS plans name the key's account");
  const prefix = `arn:${partitionOf(region)}:kms:${region}:${acct}:key/`;
  if (!alias) return { Resource: `${prefix}${keyId}` };
  return { Resource: `${prefix}*`, Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias[3] } } };
}

/** Read/write access to the bucket (and the KMS key when SSE-KMS) for uploaders and readers.
 * Multipart actions: Thanos and Kubecost upload large objects in parts; without
 * AbortMultipartUpload a failed upload's parts stay (and are billed) until the lifecycle rule of
 * lifecycleCommands removes them. */
export function bucketPolicy(plan: FederationPlan, account?: string): Record<string, unknown> {
  const s = requireStorage(plan);
  const arn = bucketArn(plan, s);
  const objects = s.prefix ? `${arn}/${s.prefix}/*` : `${arn}/*`;
  const statements: Record<string, unknown>[] = [
    { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: arn },
    {
      Sid: "ReadWriteObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: objects,
    },
  ];
  if (s.encryption.type === "SSE-KMS") {
    statements.push({ Sid: "UseKmsKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], ...kmsKeyGrant(plan, s.encryption.kmsKeyId, account) });
  }
  return { Version: "2012-10-17", Statement: statements };
}

export function bucketPolicyFile(plan: FederationPlan, path = "iam/bucket-policy.json"): GeneratedFile {
  return { path, content: JSON.stringify(bucketPolicy(plan, knownAccountId(plan)), null, 2) + "\n", language: "json", description: "IAM policy: read and write the federation bucket" };
}

/** With a custom endpoint and access keys the bucket is not AWS S3's, so no IAM policy is made:
 * the keys' owner gets access through the storage's own tools. With IRSA the endpoint can only be
 * AWS S3 (a VPC or FIPS endpoint), where the policy applies. */
export const emitsBucketPolicy = (plan: FederationPlan) => !(plan.storage?.endpoint && plan.auth.mode === "access-keys");

/** Create the bucket, block public access, set default encryption, and create the IAM policy.
 * Safe to re-run: create-bucket fails with BucketAlreadyOwnedByYou outside us-east-1 and
 * create-policy with EntityAlreadyExists, so each runs only when its probe finds nothing. */
export function bucketAndPolicyCommands(plan: FederationPlan, policyName: string, policyArn: ShellWord, policyPath = "iam/bucket-policy.json"): GeneratedCommand[] {
  const s = requireStorage(plan);
  const createPolicy: GeneratedCommand = {
    argv: ["aws", "iam", "get-policy", "--policy-arn", policyArn],
    quiet: true,
    orElse: { argv: ["aws", "iam", "create-policy", "--policy-name", policyName, "--policy-document", `file://${policyPath}`] },
  };
  if (s.endpoint) {
    const check = ["aws", "s3", "ls", `s3://${s.bucket}/`, "--region", s.region, "--endpoint-url", `https://${s.endpoint}`];
    if (s.internalCa) check.push("--ca-bundle", s.internalCa.caFile);
    const cmds: GeneratedCommand[] = [{ argv: check, comment: `Custom endpoint: create the bucket with your storage's own tools; this lists it through ${s.endpoint}` }];
    if (emitsBucketPolicy(plan)) cmds.push({ ...createPolicy, comment: "IAM policy for the IRSA role: it applies because an IRSA endpoint is AWS S3's (a VPC or FIPS endpoint)" });
    return cmds;
  }
  const create = ["aws", "s3api", "create-bucket", "--bucket", s.bucket, "--region", s.region];
  if (s.region !== "us-east-1") create.push("--create-bucket-configuration", `LocationConstraint=${s.region}`);
  const cmds: GeneratedCommand[] = [
    {
      argv: ["aws", "s3api", "head-bucket", "--bucket", s.bucket, "--region", s.region],
      quiet: true,
      orElse: { argv: create },
      comment: "Create the bucket unless it exists (a bucket someone else owns fails here with BucketAlreadyExists)",
    },
    {
      argv: ["aws", "s3api", "put-public-access-block", "--bucket", s.bucket, "--region", s.region, "--public-access-block-configuration", "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"],
    },
  ];
  if (s.encryption.type !== "none") {
    const rule =
      s.encryption.type === "SSE-KMS"
        ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: s.encryption.kmsKeyId }, BucketKeyEnabled: true }
        : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } };
    cmds.push({ argv: ["aws", "s3api", "put-bucket-encryption", "--bucket", s.bucket, "--region", s.region, "--server-side-encryption-configuration", JSON.stringify({ Rules: [rule] })] });
  }
  cmds.push(lifecycleCommand(plan), { ...createPolicy, comment: "IAM policy for the pods that read and write the bucket, unless it exists (edit it with aws iam create-policy-version)" });
  return cmds;
}

/** Incomplete multipart uploads stay (and are billed) until deleted: a lifecycle rule removes them
 * after 7 days (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html).
 * put-bucket-lifecycle-configuration replaces every rule, so a bucket that has rules keeps them
 * and the admin is told to add this one. */
export const LIFECYCLE_RULE_ID = "abort-incomplete-multipart-uploads";
export function lifecycleConfiguration(plan: FederationPlan): Record<string, unknown> {
  const s = requireStorage(plan);
  return { Rules: [{ ID: LIFECYCLE_RULE_ID, Status: "Enabled", Filter: { Prefix: s.prefix ? `${s.prefix}/` : "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] };
}

function lifecycleCommand(plan: FederationPlan): GeneratedCommand {
  const s = requireStorage(plan);
  const config = JSON.stringify(lifecycleConfiguration(plan));
  return {
    argv: ["aws", "s3api", "get-bucket-lifecycle-configuration", "--bucket", s.bucket, "--region", s.region],
    quiet: true,
    then: { argv: ["echo", `The bucket already has lifecycle rules: add this one to them (aws s3api put-bucket-lifecycle-configuration replaces all rules): ${config}`] },
    orElse: { argv: ["aws", "s3api", "put-bucket-lifecycle-configuration", "--bucket", s.bucket, "--region", s.region, "--lifecycle-configuration", config] },
    comment: "Delete the parts of uploads that never completed after 7 days (they are billed until then)",
  };
}
