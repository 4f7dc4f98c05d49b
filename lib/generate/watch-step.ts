import { CONSOLE_RELEASE, CONSOLE_SERVICE_ACCOUNT, consoleChartValues, probeTargetsForPlan } from "@/lib/deploy/console-values";
import { probeIamPolicy } from "@/lib/deploy/iam-policy";
import type { FederationPlan } from "@/lib/plan/schema";
import { helmContext, kubectlContext, primaryCluster } from "./common/naming";
import { iamRoleName, podIdentityAssociationCommand, podIdentityRoleCommand, roleArnNamed, TRUST_POLICY_FILE, usesPodIdentity } from "./common/pod-identity";
import { requireStorage } from "./common/storage";
import type { GeneratedCommand, GlobalStep } from "./types";
import { toYaml } from "./yaml";

// The optional "watch this federation" step: the Federation Console installed next to the
// primary with this plan's buckets, expected clusters and role, behind a login. The chart ships
// in the console's repository (deploy/helm/federation-console); docs/deploy.md has the rest.

/** Path of the chart in a checkout of the Federation Console repository. */
export const CONSOLE_CHART = "./deploy/helm/federation-console";
export const CONSOLE_VALUES_FILE = "federation-console/values.yaml";
export const CONSOLE_POLICY_FILE = "federation-console/iam-policy.json";
/** The login Secret, made once by the step (never by the chart at render time: docs/security.md). */
export const CONSOLE_AUTH_SECRET = "federation-console-auth";

export const WATCH_STEP_ID = "watch-federation";

/** The console's own read-only role under EKS Pod Identity (not Kubecost's, which can write the bucket). */
export const consoleRoleName = (plan: FederationPlan) => iamRoleName(`federation-console-${requireStorage(plan).bucket}`);

/** With EKS Pod Identity: the console's role (unless it exists), its read-only policy, and the
 * association of the chart's service account on the primary; the chart's account carries no
 * role annotation (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html). */
function podIdentityCommands(plan: FederationPlan, namespace: string): GeneratedCommand[] {
  const role = consoleRoleName(plan);
  return [
    podIdentityRoleCommand(
      role,
      "Federation Console: read-only role for EKS Pod Identity",
      `The console's own role, read-only (not Kubecost's, which writes the bucket), unless it exists; its trust policy: ${TRUST_POLICY_FILE}`,
    ),
    {
      argv: ["aws", "iam", "put-role-policy", "--role-name", role, "--policy-name", "federation-console-read", "--policy-document", `file://${CONSOLE_POLICY_FILE}`],
      intent: { kind: "aws" },
      comment: `Its read-only policy (${CONSOLE_POLICY_FILE}; putting it again replaces it)`,
    },
    podIdentityAssociationCommand(plan, primaryCluster(plan), namespace, CONSOLE_SERVICE_ACCOUNT, roleArnNamed(plan, role)),
  ];
}

export function watchFederationStep(plan: FederationPlan): GlobalStep {
  const primary = primaryCluster(plan);
  const namespace = plan.kubecost.namespace;
  const podIdentity = usesPodIdentity(plan);
  return {
    id: WATCH_STEP_ID,
    title: "Watch this federation from the cluster (optional)",
    why: "The console's status page, run next to the primary around the clock with a read-only role, tells you when a cluster stops sending data.",
    phase: "verify",
    // Not a per-cluster step: it runs once, on the primary (its helm command names the context).
    files: [
      {
        path: CONSOLE_VALUES_FILE,
        content: toYaml(consoleChartValues(plan), "Values for the Federation Console chart (deploy/helm/federation-console)."),
        language: "yaml",
        description: `Federation Console chart values: what to watch, ${podIdentity ? "the service account EKS Pod Identity associates" : "the IRSA role"}, the login`,
      },
      {
        path: CONSOLE_POLICY_FILE,
        content: `${JSON.stringify(probeIamPolicy(probeTargetsForPlan(plan)), null, 2)}\n`,
        language: "json",
        description: "Least-privilege IAM policy for the console's role: read-only on these buckets and workspace",
      },
    ],
    commands: [
      {
        comment: "Once: a random login password in a Secret the chart reads (kept when the step runs again)",
        argv: ["kubectl", "get", "secret", CONSOLE_AUTH_SECRET, "--namespace", namespace, ...kubectlContext(primary)],
        quiet: true,
        orElse: {
          argv: ["openssl", "rand", "-hex", "24"],
          pipeTo: ["kubectl", "create", "secret", "generic", CONSOLE_AUTH_SECRET, "--namespace", namespace, ...kubectlContext(primary), "--from-file=password=/dev/stdin"],
        },
      },
      ...(podIdentity ? podIdentityCommands(plan, namespace) : []),
      {
        comment: "From a checkout of the Federation Console repository",
        argv: [
          "helm", "upgrade", "--install", CONSOLE_RELEASE, CONSOLE_CHART,
          "--namespace", namespace, "--create-namespace",
          ...helmContext(primary),
          "--values", CONSOLE_VALUES_FILE,
        ],
        headWords: 5,
      },
    ],
    note: `${
      podIdentity
        ? `The console's pods get the read-only role ${consoleRoleName(plan)} through EKS Pod Identity (the association of ${namespace}/${CONSOLE_SERVICE_ACCOUNT} on ${primary.id}); its service account carries no role annotation.`
        : `Attach ${CONSOLE_POLICY_FILE} to the role in serviceAccount.roleArn (its trust policy names the service account ${namespace}/${CONSOLE_SERVICE_ACCOUNT}).`
    } The login's password: kubectl get secret ${CONSOLE_AUTH_SECRET} --namespace ${namespace} -o jsonpath='{.data.password}' | base64 -d`,
  };
}
