import type { FederationPlan } from "@/lib/plan/schema";
import { partitionOf } from "@/lib/plan/aws";
import type { ShellWord } from "../shell";
import type { GeneratedCommand } from "../types";

// The AWS account id that customer-managed policy ARNs need. Known when the plan types it or
// names an existing role (IRSA or Pod Identity, arn:aws:iam::<account>:role/...); otherwise the prerequisites step
// captures it into ${AWS_ACCOUNT_ID} from `aws sts get-caller-identity`.

const ROLE_ACCOUNT = /^arn:[^:]+:iam::(\d{12}):role\//;

export function knownAccountId(plan: FederationPlan): string | undefined {
  if (plan.awsAccountId) return plan.awsAccountId;
  if (plan.auth.mode !== "access-keys" && plan.auth.roleArn) return ROLE_ACCOUNT.exec(plan.auth.roleArn)?.[1];
  return undefined;
}

/** arn:<partition>:iam::<account>:policy/<name>; ${AWS_ACCOUNT_ID} when the account is unknown. */
export function customerPolicyArn(plan: FederationPlan, region: string, policyName: string): ShellWord {
  const prefix = `arn:${partitionOf(region)}:iam::`;
  const account = knownAccountId(plan);
  return account ? `${prefix}${account}:policy/${policyName}` : { template: `${prefix}\${AWS_ACCOUNT_ID}:policy/${policyName}` };
}

export const callerAccountCommand = (): GeneratedCommand => ({
  argv: ["aws", "sts", "get-caller-identity", "--query", "Account", "--output", "text"],
  assignTo: "AWS_ACCOUNT_ID",
  comment: "The AWS account id, used in the IAM policy ARNs below",
});

/** The capture, when later commands need ${AWS_ACCOUNT_ID}. */
export const callerAccountCommands = (plan: FederationPlan, policyArnUsed: boolean): GeneratedCommand[] =>
  policyArnUsed && !knownAccountId(plan) ? [callerAccountCommand()] : [];
