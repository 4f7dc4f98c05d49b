import "server-only";
import {
  AmpClient,
  DescribeLoggingConfigurationCommand,
  DescribeWorkspaceCommand,
  DescribeWorkspaceConfigurationCommand,
  ListRuleGroupsNamespacesCommand,
  ListWorkspacesCommand,
  type WorkspaceSummary,
} from "@aws-sdk/client-amp";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { CheckResult } from "@/lib/health/types";
import { describeAwsFailure } from "./errors";

// The AMP control plane (https://docs.aws.amazon.com/prometheus/latest/APIReference/): which workspace, is it ACTIVE, where do queries go, how long
// it keeps data, is logging on, do the recording rules exist. Every question is its own check so a
// denied or failing call marks only itself.

/** The AMP target, as the status config (lib/status/config.ts) validates it. */
export interface AmpConfig {
  region: string;
  /** One of workspaceId or alias is set. */
  workspaceId?: string;
  alias?: string;
  clusterLabel: string;
  expectedClusters?: string[];
  rulesNamespace: string;
  /** Endpoint overrides for local stand-ins; server config only. */
  controlPlaneEndpoint?: string;
  queryEndpoint?: string;
}
export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface AmpWorkspace {
  workspaceId: string;
  alias?: string;
  /** Unknown when DescribeWorkspace failed but the id was configured. */
  statusCode?: string;
  /** Workspace URL without a trailing slash: <base>/api/v1/query is the query path. */
  queryBaseUrl: string;
}

export interface ControlPlaneReport {
  checks: CheckResult[];
  /** Absent when the workspace could not be identified at all. */
  workspace?: AmpWorkspace;
}

export interface ControlPlaneContext {
  client?: AmpClient;
  credentials?: Credentials;
  timeoutMs?: number;
  /** Cancels every call (the status service aborts a refresh nobody waits for). */
  abortSignal?: AbortSignal;
}

export const AMP_DEFAULT_RETENTION_DAYS = 150;
const DEFAULT_TIMEOUT_MS = 5_000;

/** The SDK client: default credential chain, or the given credentials; endpoint override for stand-ins. */
export function createAmpClient(amp: AmpConfig, ctx: { credentials?: Credentials; timeoutMs?: number } = {}): AmpClient {
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new AmpClient({
    region: amp.region,
    ...(amp.controlPlaneEndpoint ? { endpoint: amp.controlPlaneEndpoint } : {}),
    ...(ctx.credentials ? { credentials: ctx.credentials } : {}),
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({ connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true }),
  });
}

/** AMP reports prometheusEndpoint with and without a trailing `api/v1/` (https://docs.aws.amazon.com/prometheus/latest/APIReference/). */
export function normalizeWorkspaceEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

export function defaultWorkspaceEndpoint(region: string, workspaceId: string): string {
  return `https://aps-workspaces.${region}.amazonaws.com/workspaces/${workspaceId}`;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const start = performance.now();
  try {
    return { value: await fn(), ms: Math.round(performance.now() - start) };
  } catch (error) {
    return { error, ms: Math.round(performance.now() - start) };
  }
}

const isNotFound = (e: unknown) => (e as { name?: string })?.name === "ResourceNotFoundException";

export async function probeControlPlane(amp: AmpConfig, ctx: ControlPlaneContext = {}): Promise<ControlPlaneReport> {
  const client = ctx.client ?? createAmpClient(amp, ctx);
  // One time budget per question, retries included, so a hanging endpoint cannot stall the page.
  const budget = () => {
    const limit = AbortSignal.timeout(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return { abortSignal: ctx.abortSignal ? AbortSignal.any([limit, ctx.abortSignal]) : limit };
  };
  const where = `the AMP control plane (${amp.region})`;
  const check = (id: string, title: string, rest: Omit<CheckResult, "id" | "title" | "source">): CheckResult => ({
    id,
    title,
    source: "amp",
    ...rest,
  });
  const failed = (id: string, title: string, error: unknown, action: string, ms: number) => {
    const f = describeAwsFailure(error, action, where, ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return check(id, title, { status: "fail", message: f.message, fix: f.fix, durationMs: ms, missingAction: f.missingAction });
  };
  const checks: CheckResult[] = [];

  // 1. Which workspace: by id, or by alias prefix across every page of ListWorkspaces.
  let workspaceId = amp.workspaceId;
  let alias: string | undefined;
  let found: { statusCode?: string; endpoint?: string } | undefined;
  const describe = await timed(async () => {
    if (!workspaceId) {
      const matches: WorkspaceSummary[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(new ListWorkspacesCommand({ alias: amp.alias, nextToken, maxResults: 100 }), budget());
        matches.push(...(page.workspaces ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      const exact = matches.filter((w) => w.alias === amp.alias);
      const pick = exact.length === 1 ? exact : matches;
      if (pick.length === 0) return { notFound: `No workspace in ${amp.region} has an alias starting with "${amp.alias}".` };
      if (pick.length > 1) {
        const ids = pick.map((w) => `${w.workspaceId} (${w.alias ?? "no alias"})`).join(", ");
        return { ambiguous: `Alias "${amp.alias}" matches ${pick.length} workspaces: ${ids}.` };
      }
      workspaceId = pick[0].workspaceId;
    }
    const out = await client.send(new DescribeWorkspaceCommand({ workspaceId }), budget());
    alias = out.workspace?.alias;
    found = { statusCode: out.workspace?.status?.statusCode, endpoint: out.workspace?.prometheusEndpoint };
    return {};
  });
  const wsTitle = "AMP workspace";
  const lookedUp = describe.value;
  if (describe.error) {
    const action = workspaceId ? "aps:DescribeWorkspace" : "aps:ListWorkspaces";
    if (isNotFound(describe.error)) {
      checks.push(check("amp.workspace", wsTitle, {
        status: "fail",
        message: `Workspace ${workspaceId} does not exist in ${amp.region}.`,
        fix: `Check amp.workspaceId and amp.region (aws amp list-workspaces --region ${amp.region}).`,
        durationMs: describe.ms,
      }));
      workspaceId = undefined; // nothing else can be asked about a workspace that does not exist
    } else {
      checks.push(failed("amp.workspace", wsTitle, describe.error, action, describe.ms));
    }
  } else if (lookedUp && ("notFound" in lookedUp || "ambiguous" in lookedUp)) {
    checks.push(check("amp.workspace", wsTitle, {
      status: "fail",
      message: lookedUp.notFound ?? lookedUp.ambiguous ?? "",
      fix: lookedUp.notFound
        ? `Check amp.alias and amp.region, or set amp.workspaceId (aws amp list-workspaces --region ${amp.region}).`
        : "Set amp.workspaceId to the workspace Kubecost writes to.",
      durationMs: describe.ms,
    }));
  } else if (found) {
    checks.push(workspaceStatusCheck(workspaceId!, alias, found.statusCode, describe.ms));
  }

  if (!workspaceId) {
    const skipped = (id: string, title: string) =>
      check(id, title, { status: "warn", message: "Not checked: the workspace could not be identified.", durationMs: 0 });
    checks.push(
      skipped("amp.endpoint", "Query endpoint"),
      skipped("amp.retention", "Retention"),
      skipped("amp.logging", "Workspace logging"),
      skipped("amp.rules", "Recording rules namespace"),
    );
    return { checks };
  }
  const id = workspaceId;

  // 2. Where queries go. A configured override (stand-in, VPC endpoint) wins over the reported one.
  // The check names neither a configured URL nor a non-standard reported one: both can be private
  // addresses (a VPC endpoint, a stand-in) and the report is served to anonymous readers.
  const reported = found?.endpoint ? normalizeWorkspaceEndpoint(found.endpoint) : undefined;
  const standard = defaultWorkspaceEndpoint(amp.region, id);
  const queryBaseUrl = amp.queryEndpoint ? normalizeWorkspaceEndpoint(amp.queryEndpoint) : (reported ?? standard);
  checks.push(check("amp.endpoint", "Query endpoint", {
    status: amp.queryEndpoint || reported ? "ok" : "warn",
    message: amp.queryEndpoint
      ? `Queries for workspace ${id} (${amp.region}) go to the configured query endpoint${reported && reported !== queryBaseUrl ? ", not to the endpoint the workspace reports" : ""}.`
      : reported === standard
        ? `Queries go to ${standard}/api/v1/query.`
        : reported
          ? `Queries for workspace ${id} (${amp.region}) go to the endpoint the workspace reports (not the standard aps-workspaces.${amp.region}.amazonaws.com).`
          : `The workspace reported no endpoint; using the standard one ${standard}.`,
    ...(amp.queryEndpoint || reported ? {} : { fix: "Allow aps:DescribeWorkspace so the console can read the workspace endpoint." }),
    durationMs: 0,
  }));

  // 3-5. Retention, logging and rules are independent: ask in parallel, report each on its own.
  const [config, logging, rules] = await Promise.all([
    timed(() => client.send(new DescribeWorkspaceConfigurationCommand({ workspaceId: id }), budget())),
    timed(() => client.send(new DescribeLoggingConfigurationCommand({ workspaceId: id }), budget())),
    timed(async () => {
      // `name` is a prefix filter: page through and look for the exact name.
      const names: { name: string; statusCode?: string }[] = [];
      let nextToken: string | undefined;
      do {
        const input = { workspaceId: id, name: amp.rulesNamespace, nextToken, maxResults: 100 };
        const page = await client.send(new ListRuleGroupsNamespacesCommand(input), budget());
        for (const n of page.ruleGroupsNamespaces ?? []) names.push({ name: n.name ?? "", statusCode: n.status?.statusCode });
        nextToken = page.nextToken;
      } while (nextToken);
      return names;
    }),
  ]);

  if (config.error) checks.push(failed("amp.retention", "Retention", config.error, "aps:DescribeWorkspaceConfiguration", config.ms));
  else {
    const days = config.value?.workspaceConfiguration?.retentionPeriodInDays ?? AMP_DEFAULT_RETENTION_DAYS;
    const cfgStatus = config.value?.workspaceConfiguration?.status?.statusCode;
    checks.push(check("amp.retention", "Retention", {
      status: cfgStatus === "UPDATE_FAILED" ? "warn" : "ok",
      message: `The workspace keeps samples for ${days} days${cfgStatus && cfgStatus !== "ACTIVE" ? ` (configuration ${cfgStatus})` : ""}.`,
      ...(cfgStatus === "UPDATE_FAILED" ? { fix: "The last configuration change failed; re-apply it with aws amp update-workspace-configuration." } : {}),
      durationMs: config.ms,
    }));
  }

  if (logging.error && isNotFound(logging.error)) {
    checks.push(check("amp.logging", "Workspace logging", {
      status: "warn",
      message: "Logging is not configured: rule and alert errors of this workspace go nowhere.",
      fix: `aws amp create-logging-configuration --workspace-id ${id} --log-group-arn <CloudWatch log group ARN> --region ${amp.region}`,
      durationMs: logging.ms,
    }));
  } else if (logging.error) {
    checks.push(failed("amp.logging", "Workspace logging", logging.error, "aps:DescribeLoggingConfiguration", logging.ms));
  } else {
    const lc = logging.value?.loggingConfiguration;
    const code = lc?.status?.statusCode ?? "ACTIVE";
    const good = code === "ACTIVE" || code === "CREATING" || code === "UPDATING";
    checks.push(check("amp.logging", "Workspace logging", {
      status: good ? "ok" : "warn",
      message: `Logging ${code.toLowerCase()} to ${lc?.logGroupArn ?? "an unnamed log group"}${lc?.status?.statusReason ? `: ${lc.status.statusReason}` : ""}.`,
      ...(good ? {} : { fix: "Recreate the logging configuration; check the log group exists and its resource policy allows AMP." }),
      durationMs: logging.ms,
    }));
  }

  const rulesTitle = "Recording rules namespace";
  if (rules.error) checks.push(failed("amp.rules", rulesTitle, rules.error, "aps:ListRuleGroupsNamespaces", rules.ms));
  else {
    const ns = rules.value?.find((n) => n.name === amp.rulesNamespace);
    const broken = ns && /FAILED|DELETING/.test(ns.statusCode ?? "");
    checks.push(check("amp.rules", rulesTitle, {
      status: !ns || broken ? "warn" : "ok",
      message: !ns
        ? `No rule groups namespace "${amp.rulesNamespace}" in the workspace.`
        : `Namespace "${amp.rulesNamespace}" is ${ns.statusCode ?? "ACTIVE"}.`,
      ...(!ns
        ? { fix: `Apply the recording rules the wizard generated: aws amp create-rule-groups-namespace --workspace-id ${id} --name ${amp.rulesNamespace} --data fileb://kubecost-rules.yaml --region ${amp.region}` }
        : broken
          ? { fix: `Fix the rules file and re-apply it: aws amp put-rule-groups-namespace --workspace-id ${id} --name ${amp.rulesNamespace} --data fileb://kubecost-rules.yaml` }
          : {}),
      durationMs: rules.ms,
    }));
  }

  return { checks, workspace: { workspaceId: id, alias, statusCode: found?.statusCode, queryBaseUrl } };
}

function workspaceStatusCheck(id: string, alias: string | undefined, statusCode: string | undefined, ms: number): CheckResult {
  const name = `${id}${alias ? ` ("${alias}")` : ""}`;
  const base = { id: "amp.workspace", title: "AMP workspace", source: "amp" as const, durationMs: ms };
  switch (statusCode) {
    case "ACTIVE":
      return { ...base, status: "ok", message: `Workspace ${name} is ACTIVE.` };
    case "UPDATING":
      return { ...base, status: "warn", message: `Workspace ${name} is UPDATING; it keeps serving queries meanwhile.`, fix: "Wait for the update to finish; nothing to do unless it stays UPDATING." };
    case "CREATING":
      return { ...base, status: "fail", message: `Workspace ${name} is still CREATING: it accepts no data yet.`, fix: "Wait until the workspace is ACTIVE (usually a few minutes), then clusters can remote-write." };
    case "DELETING":
      return { ...base, status: "fail", message: `Workspace ${name} is being DELETED.`, fix: "Point Kubecost and the console at a workspace that is ACTIVE (global.amp.remoteWriteService and prometheusServerEndpoint)." };
    case "CREATION_FAILED":
      return { ...base, status: "fail", message: `Workspace ${name} is CREATION_FAILED.`, fix: "Delete it and create the workspace again (aws amp create-workspace); check service quotas for workspaces." };
    default:
      return { ...base, status: "warn", message: `Workspace ${name} reported an unknown status ${statusCode ?? "(none)"}.`, fix: "Check the workspace in the AWS console." };
  }
}
