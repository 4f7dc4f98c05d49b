// IAM policy resources that can never match what the request names, so every call fails with
// AccessDenied although the policy "grants" it:
// - a KMS alias ARN: IAM matches KMS actions against the key ARN, never an alias
//   (https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html);
// - a '*' or empty account: the policy would grant any account's resource or none
//   (a generated policy always knows the account it is for).

const ARN = /^arn:(aws|aws-us-gov|aws-cn):([a-z0-9-]+):([a-z0-9-]*):([^:]*):(.+)$/;

/** Why an IAM Resource can never match, or undefined. */
export function unmatchableResource(resource: string): string | undefined {
  const m = ARN.exec(resource);
  if (!m) return resource === "*" ? undefined : `${resource}: not an ARN`;
  const [, , service, , account, rest] = m;
  if (service === "kms" && rest.startsWith("alias/")) {
    return `${resource}: IAM matches KMS requests against the key ARN, never an alias; grant key/<id> (or key/* with a kms:ResourceAliases condition)`;
  }
  // S3 bucket ARNs carry no account; every other service's do.
  if (service !== "s3" && (account === "" || account.includes("*"))) return `${resource}: the account is '${account}'; give the 12-digit account`;
  return undefined;
}

type Statement = { Resource?: string | string[] };

/** Every unmatchable Resource in a policy document. Empty means clean. */
export function unmatchableResources(policy: { Statement?: Statement[] }): string[] {
  return (policy.Statement ?? []).flatMap((s) => [s.Resource ?? []].flat().flatMap((r) => unmatchableResource(r) ?? []));
}
