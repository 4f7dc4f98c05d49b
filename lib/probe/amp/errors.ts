import "server-only";

// Turns a failed AWS call (control plane or SigV4 query) into the words of a failed check: what
// happened and what to do. One place for these so both planes say the same thing.

export interface FailureText {
  message: string;
  fix: string;
  missingAction?: string;
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  cause?: unknown;
}

/** The aps: action an AccessDenied message names ("... not authorized to perform: aps:X on ..."). */
export function deniedAction(message: string | undefined, fallback: string): string {
  return /perform:\s*(aps:[A-Za-z]+)/.exec(message ?? "")?.[1] ?? fallback;
}

const IRSA_HINT =
  "On EKS the console gets credentials through IRSA: its service account needs the annotation eks.amazonaws.com/role-arn and the cluster's OIDC provider must be registered in IAM (https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html).";

function networkCode(err: AwsLikeError): string | undefined {
  const codes = [err.code, (err.cause as AwsLikeError | undefined)?.code];
  return codes.find((c) => c && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN)$/.test(c));
}

/**
 * @param action the aps: action the call needs, e.g. "aps:DescribeWorkspace"
 * @param where what was called, e.g. "the AMP control plane (us-east-1)"
 */
export function describeAwsFailure(error: unknown, action: string, where: string, timeoutMs?: number): FailureText {
  const err = (error ?? {}) as AwsLikeError;
  const name = err.name ?? "Error";
  const status = err.$metadata?.httpStatusCode;
  const text = (err.message ?? String(error)).slice(0, 300);

  if (name === "AccessDeniedException" || (status === 403 && /not authorized|AccessDenied/i.test(text))) {
    const missing = deniedAction(text, action);
    return {
      message: `Access denied: the console's AWS identity may not call ${missing} (${where}).`,
      fix: `Allow ${missing} on the workspace in the IAM policy of the role the console runs as. ${IRSA_HINT}`,
      missingAction: missing,
    };
  }
  if (name === "MissingAuthenticationTokenException" || /Missing Authentication Token/i.test(text)) {
    return {
      message: `${where} answered 403 "Missing Authentication Token": the request reached AWS unsigned.`,
      fix: `Requests to AMP must be SigV4-signed for service "aps" with credentials from the default provider chain; check the endpoint is the workspace URL and credentials load (https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-onboard-query-APIs.html). ${IRSA_HINT}`,
      missingAction: action,
    };
  }
  if (name === "ThrottlingException" || status === 429) {
    return {
      message: `AMP throttled ${action} (${where}) even after ${err.$metadata?.attempts ?? 1} attempt(s): ${text}`,
      fix: "Probe less often (raise refreshSeconds) or ask AWS for a higher AMP API quota; the next refresh will try again.",
    };
  }
  if (name === "CredentialsProviderError" || /Could not load credentials|credential/i.test(name)) {
    return {
      message: `No AWS credentials found for ${where}: ${text}`,
      fix: `Give the console server AWS credentials through the default provider chain (environment, shared config/AWS_PROFILE, or a web identity token). ${IRSA_HINT}`,
    };
  }
  if (name === "TimeoutError" || name === "AbortError" || /timed? ?out/i.test(text)) {
    return {
      message: `${where} did not answer ${action} within ${timeoutMs ? `${Math.round(timeoutMs / 100) / 10}s` : "the time limit"}.`,
      fix: "Check network access from the console to AMP (VPC endpoint, proxy, security groups); the next refresh will try again.",
    };
  }
  const net = networkCode(err);
  if (net) {
    return {
      message: `Could not reach ${where} (${net}).`,
      fix: "Check the region and endpoint in the console config and that the console can reach AWS (VPC endpoint for aps/aps-workspaces, proxy).",
    };
  }
  if (name === "ValidationException") {
    return { message: `AMP rejected ${action}: ${text}`, fix: "Check amp.workspaceId (ws-<uuid>) and amp.region in the console config." };
  }
  return {
    message: `${action} failed (${where}): ${name}${status ? ` HTTP ${status}` : ""}: ${text}`,
    fix: "Retry; if it persists, check the AMP service health in the AWS console for this region.",
  };
}
