import "server-only";
import type { CheckResult, Source } from "@/lib/health/types";

// Turns an S3 SDK error into words an admin can act on (shapes per https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html:
// error.name, $metadata.httpStatusCode, x-amz-bucket-region). Nothing from request headers or
// credentials is copied into the message.

export type S3Action = "s3:ListBucket" | "s3:GetObject" | "s3:GetBucketLocation";

export interface S3ErrorContext {
  bucket: string;
  /** The region the config names for this bucket. */
  region: string;
  action: S3Action;
  /** What the probe was doing, e.g. "listing federated/". */
  doing: string;
}

export interface S3ErrorDescription {
  message: string;
  fix: string;
  missingAction?: string;
  /** Throttling and timeouts may pass on their own; the rest needs a change. */
  transient: boolean;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  Region?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { headers?: Record<string, string> };
}

const POLICY_HINT =
  "The console's read-only policy is s3:ListBucket and s3:GetBucketLocation on the bucket plus s3:GetObject on bucket/*.";

export function describeS3Error(err: unknown, ctx: S3ErrorContext): S3ErrorDescription {
  const e = (err ?? {}) as SdkErrorShape;
  const name = e.name ?? e.code ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const where = `s3://${ctx.bucket}`;
  const bucketRegion = e.$response?.headers?.["x-amz-bucket-region"] ?? e.Region;

  if (name === "AccessDenied" || (status === 403 && !/InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken/.test(name))) {
    const resource = ctx.action === "s3:GetObject" ? `arn:aws:s3:::${ctx.bucket}/*` : `arn:aws:s3:::${ctx.bucket}`;
    const extra =
      ctx.action === "s3:GetObject"
        ? " Without s3:ListBucket a missing key also answers 403 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html)."
        : "";
    return {
      message: `Access denied while ${ctx.doing} in ${where}: the console's role lacks ${ctx.action}.`,
      fix: `Allow ${ctx.action} on ${resource} for the console's IAM role (IRSA service account).${extra} ${POLICY_HINT}`,
      missingAction: ctx.action,
      transient: false,
    };
  }
  if (name === "NoSuchBucket" || (status === 404 && ctx.action === "s3:ListBucket")) {
    return {
      message: `Bucket ${ctx.bucket} does not exist at this endpoint.`,
      fix: `Check the bucket name in the status config (and the account/endpoint it lives in).`,
      transient: false,
    };
  }
  if (name === "PermanentRedirect" || status === 301) {
    return bucketRegion
      ? {
          message: `Bucket is in ${bucketRegion} but config says ${ctx.region}.`,
          fix: `Set region to ${bucketRegion} for ${ctx.bucket}.`,
          transient: false,
        }
      : {
          message: `Bucket ${ctx.bucket} is not in ${ctx.region} (S3 answered 301 without naming the region).`,
          fix: `Look up the bucket's region (aws s3api get-bucket-location --bucket ${ctx.bucket}) and set it in the config.`,
          transient: false,
        };
  }
  if (name === "AuthorizationHeaderMalformed") {
    return {
      message: bucketRegion
        ? `Requests are signed for ${ctx.region} but the bucket expects ${bucketRegion}.`
        : `S3 rejected the request signature scope (AuthorizationHeaderMalformed); the region ${ctx.region} is probably wrong.`,
      fix: bucketRegion ? `Set region to ${bucketRegion} for ${ctx.bucket}.` : `Set the bucket's real region in the config.`,
      transient: false,
    };
  }
  if (/InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|CredentialsProviderError|InvalidToken/.test(name)) {
    return {
      message: `S3 rejected the console's credentials (${name}).`,
      fix: `Give the console pod an IAM role through IRSA (eks.amazonaws.com/role-arn on its service account) or fix the default credential chain; static keys in the config are not used.`,
      transient: false,
    };
  }
  if (name === "SlowDown" || name === "ThrottlingException" || name === "TooManyRequestsException" || status === 503 || status === 429) {
    return {
      message: `S3 throttled the probe (${name}) while ${ctx.doing} in ${where}${attempts ? `, still after ${attempts} attempts` : ""}.`,
      fix: `Something else is hammering this bucket prefix, or the console refreshes too often: raise refreshSeconds and check other readers; the next refresh retries.`,
      transient: true,
    };
  }
  if (/ECONNRESET|EPIPE|socket hang up/i.test(`${e.code} ${e.message} ${name}`)) {
    return {
      message: `The S3 endpoint closed the connection while ${ctx.doing} in ${where} (${/EPIPE/.test(`${e.code} ${e.message}`) ? "EPIPE" : "connection reset"})${attempts ? ` after ${attempts} attempts` : ""}.`,
      fix: `A proxy, load balancer or the endpoint itself drops connections: check its health and idle timeouts; the next refresh retries.`,
      transient: true,
    };
  }
  if (name === "TimeoutError" || name === "AbortError" || /ETIMEDOUT|timed? ?out/i.test(`${e.code} ${e.message}`)) {
    return {
      message: `No answer from S3 while ${ctx.doing} in ${where}${attempts ? ` after ${attempts} attempts` : ""}: the request timed out.`,
      fix: `Check the network path from the console to S3 (VPC endpoint, proxy, security groups) or the custom endpoint's health.`,
      transient: true,
    };
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(`${e.code} ${e.message} ${name}`)) {
    return {
      message: `Cannot connect to the S3 endpoint while ${ctx.doing} (${e.code ?? name}).`,
      fix: `Check the endpoint address and DNS; the console reaches S3 from the server, not from your browser.`,
      transient: true,
    };
  }
  const detail = e.message && e.message !== name ? scrubUpstreamText(e.message) : "";
  return {
    message: `S3 error while ${ctx.doing} in ${where}: ${scrubUpstreamText(name)}${status ? ` (HTTP ${status})` : ""}${detail ? `: ${detail}` : ""}.`,
    fix: `Retry; if it persists, check the bucket's policy and the S3 service health.`,
    transient: status !== undefined && status >= 500,
  };
}

/** Longest piece of upstream error text a report carries. */
export const MAX_UPSTREAM_TEXT = 300;

/**
 * Upstream error text as a report may carry it: anything credential-like (access key ids,
 * signatures, session tokens, Authorization headers, presigned query strings, userinfo in URLs)
 * replaced, control characters dropped, and capped at MAX_UPSTREAM_TEXT characters.
 */
export function scrubUpstreamText(text: string): string {
  const out = text
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ")
    .replace(/(Authorization|x-amz-security-token|x-amz-credential|x-amz-signature|X-Amz-Security-Token|X-Amz-Credential|X-Amz-Signature)\s*[:=]\s*[^\s&,;]+/gi, "$1=[redacted]")
    .replace(/\b(Credential|Signature|SignedHeaders)=[^\s&,;]+/g, "$1=[redacted]")
    .replace(/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, "[access key id]")
    .replace(/(aws_secret_access_key|secret_?key|secretAccessKey|sessionToken|session_token|password)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, "$1$2[redacted]")
    .replace(/\b[A-Za-z0-9/+=]{40,}\b/g, "[redacted]")
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return out.length > MAX_UPSTREAM_TEXT ? `${out.slice(0, MAX_UPSTREAM_TEXT - 1)}…` : out;
}

export function s3FailedCheck(
  err: unknown,
  ctx: S3ErrorContext & { id: string; source: Source; title: string; durationMs: number },
): CheckResult {
  const d = describeS3Error(err, ctx);
  const check: CheckResult = {
    id: ctx.id,
    source: ctx.source,
    title: ctx.title,
    status: "fail",
    message: d.message,
    fix: d.fix,
    durationMs: ctx.durationMs,
  };
  if (d.missingAction) check.missingAction = d.missingAction;
  return check;
}

/** A warning check for a region mismatch the SDK papered over by following the redirect. */
export function regionRedirectCheck(
  source: Source,
  bucket: string,
  configured: string,
  actual: string,
): CheckResult {
  return {
    id: `${source}.region`,
    source,
    title: "Bucket region",
    status: "warn",
    message: `Bucket is in ${actual} but config says ${configured}; every request pays a redirect.`,
    fix: `Set region to ${actual} for ${bucket}.`,
    durationMs: 0,
  };
}
