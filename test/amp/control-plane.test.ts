import { afterEach, describe, expect, it, vi } from "vitest";
import { probeControlPlane, normalizeWorkspaceEndpoint, type AmpConfig } from "@/lib/probe/amp/control-plane";
import { startAmpControlPlane, type AmpControlPlane, type AmpControlPlaneOptions } from "@/test/support/amp-control-plane";

// The real @aws-sdk/client-amp against the local control-plane stand-in.

const WS = "ws-11111111-2222-4333-8444-555555555555";
const credentials = { accessKeyId: "AKIDSTANDIN", secretAccessKey: "stand-in-secret" };
let plane: AmpControlPlane | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await plane?.stop();
  plane = undefined;
});

async function probe(options: AmpControlPlaneOptions, amp: Partial<AmpConfig> = {}, timeoutMs?: number) {
  plane = await startAmpControlPlane(options);
  const config: AmpConfig = {
    region: "us-east-1",
    workspaceId: WS,
    clusterLabel: "cluster_id",
    rulesNamespace: "kubecost-rules",
    controlPlaneEndpoint: plane.endpoint,
    ...amp,
  };
  const report = await probeControlPlane(config, { credentials, timeoutMs });
  return { report, byId: Object.fromEntries(report.checks.map((c) => [c.id, c])) };
}

const healthyWorkspace = {
  workspaceId: WS,
  alias: "kubecost-prod",
  prometheusEndpoint: `https://aps-workspaces.us-east-1.amazonaws.com/workspaces/${WS}/api/v1/`,
  retentionPeriodInDays: 30,
  logging: { logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/prometheus/kubecost:*" },
  ruleGroupsNamespaces: [{ name: "kubecost-rules-old" }, { name: "kubecost-rules" }],
};

describe("AMP control plane", () => {
  it("reports an ACTIVE workspace with its endpoint, retention, logging and rules, each as its own check", async () => {
    const { report, byId } = await probe({ workspaces: [healthyWorkspace] });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["amp.workspace", "ok"],
      ["amp.endpoint", "ok"],
      ["amp.retention", "ok"],
      ["amp.logging", "ok"],
      ["amp.rules", "ok"],
    ]);
    expect(byId["amp.workspace"].message).toContain('"kubecost-prod"');
    expect(byId["amp.retention"].message).toContain("30 days");
    expect(byId["amp.logging"].message).toContain("log-group:/aws/prometheus/kubecost");
    expect(report.workspace).toMatchObject({
      workspaceId: WS,
      statusCode: "ACTIVE",
      queryBaseUrl: `https://aps-workspaces.us-east-1.amazonaws.com/workspaces/${WS}`,
    });
    expect(plane!.requests.every((r) => r.signed)).toBe(true);
  });

  it("uses a configured query endpoint without quoting it (it may be a private VPC endpoint)", async () => {
    const vpce = `https://vpce-0abc123-xyz.aps-workspaces.us-east-1.vpce.amazonaws.com/workspaces/${WS}`;
    const { report, byId } = await probe({ workspaces: [healthyWorkspace] }, { queryEndpoint: `${vpce}/api/v1/` });
    expect(report.workspace?.queryBaseUrl).toBe(vpce);
    expect(byId["amp.endpoint"]).toMatchObject({
      status: "ok",
      message: `Queries for workspace ${WS} (us-east-1) go to the configured query endpoint, not to the endpoint the workspace reports.`,
    });
    expect(JSON.stringify(report.checks)).not.toContain("vpce-0abc123");
    expect(JSON.stringify(report.checks)).not.toContain(plane!.endpoint);
  });

  it("normalizes endpoints with and without a trailing api/v1/", () => {
    const base = `https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/${WS}`;
    for (const e of [base, `${base}/`, `${base}/api/v1`, `${base}/api/v1/`]) expect(normalizeWorkspaceEndpoint(e)).toBe(base);
  });

  it("finds the workspace by alias prefix across pages", async () => {
    const others = Array.from({ length: 5 }, (_, i) => ({ workspaceId: `ws-00000000-0000-4000-8000-00000000000${i}`, alias: `kubecost-dev-${i}` }));
    const target = { ...healthyWorkspace, alias: "kubecost-prod" };
    const { report } = await probe({ workspaces: [...others, target], pageSize: 2 }, { workspaceId: undefined, alias: "kubecost-prod" });
    expect(report.workspace?.workspaceId).toBe(WS);
    const lists = plane!.requests.filter((r) => r.operation === "ListWorkspaces");
    expect(lists.length).toBeGreaterThanOrEqual(1);
    expect(lists.every((r) => r.query.alias === "kubecost-prod")).toBe(true);
  });

  it("pages through every workspace when the alias prefix matches many, and names them when ambiguous", async () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ workspaceId: `ws-00000000-0000-4000-8000-00000000000${i}`, alias: `kubecost-${i}` }));
    const { report, byId } = await probe({ workspaces: many, pageSize: 2 }, { workspaceId: undefined, alias: "kubecost" });
    const lists = plane!.requests.filter((r) => r.operation === "ListWorkspaces");
    expect(lists.map((r) => r.query.nextToken ?? null)).toEqual([null, "2", "4"]);
    expect(byId["amp.workspace"].status).toBe("fail");
    expect(byId["amp.workspace"].message).toContain("matches 5 workspaces");
    expect(byId["amp.workspace"].fix).toContain("amp.workspaceId");
    expect(report.workspace).toBeUndefined();
    expect(byId["amp.logging"]).toMatchObject({ status: "warn", message: expect.stringContaining("Not checked") });
  });

  it("warns when logging is off and the recording rules namespace is missing", async () => {
    const { byId } = await probe({ workspaces: [{ workspaceId: WS, logging: null, ruleGroupsNamespaces: [{ name: "other" }] }] });
    expect(byId["amp.logging"]).toMatchObject({ status: "warn" });
    expect(byId["amp.logging"].fix).toContain("create-logging-configuration");
    expect(byId["amp.rules"]).toMatchObject({ status: "warn", message: expect.stringContaining('"kubecost-rules"') });
    expect(byId["amp.rules"].fix).toContain(`create-rule-groups-namespace --workspace-id ${WS} --name kubecost-rules`);
    expect(byId["amp.retention"].message).toContain("150 days");
  });
});

describe("AMP control plane errors", () => {
  it("AccessDenied on one call names the missing aps: action and leaves the other checks intact", async () => {
    const { byId } = await probe({ workspaces: [healthyWorkspace], errors: { DescribeLoggingConfiguration: { type: "AccessDeniedException" } } });
    expect(byId["amp.logging"]).toMatchObject({ status: "fail", missingAction: "aps:DescribeLoggingConfiguration" });
    expect(byId["amp.logging"].fix).toContain("aps:DescribeLoggingConfiguration");
    expect(byId["amp.logging"].fix).toContain("eks.amazonaws.com/role-arn");
    expect(byId["amp.workspace"].status).toBe("ok");
    expect(byId["amp.rules"].status).toBe("ok");
    expect(byId["amp.retention"].status).toBe("ok");
  });

  it("AccessDenied on DescribeWorkspace still checks the rest with the standard endpoint", async () => {
    const { report, byId } = await probe({ workspaces: [healthyWorkspace], errors: { DescribeWorkspace: { type: "AccessDeniedException" } } });
    expect(byId["amp.workspace"]).toMatchObject({ status: "fail", missingAction: "aps:DescribeWorkspace" });
    expect(byId["amp.endpoint"].status).toBe("warn");
    expect(report.workspace?.queryBaseUrl).toBe(`https://aps-workspaces.us-east-1.amazonaws.com/workspaces/${WS}`);
    expect(byId["amp.rules"].status).toBe("ok");
  });

  it("AccessDenied on ListWorkspaces (alias lookup) names aps:ListWorkspaces", async () => {
    const { byId } = await probe({ workspaces: [healthyWorkspace], errors: { ListWorkspaces: { type: "AccessDeniedException" } } }, { workspaceId: undefined, alias: "kubecost" });
    expect(byId["amp.workspace"]).toMatchObject({ status: "fail", missingAction: "aps:ListWorkspaces" });
  });

  it("ResourceNotFound: a workspace id that does not exist", async () => {
    const { report, byId } = await probe({ workspaces: [] });
    expect(byId["amp.workspace"]).toMatchObject({ status: "fail", message: `Workspace ${WS} does not exist in us-east-1.` });
    expect(byId["amp.workspace"].fix).toContain("amp.region");
    expect(report.workspace).toBeUndefined();
  });

  it("Throttling that persists fails its check after the SDK retries; a single throttle is retried away", async () => {
    // The SDK waits a random fraction of its throttling backoff (full jitter, up to 1 s then 2 s)
    // before each retry: drawing 0 retries at once. How often it retries is still the client's
    // own setting (3 attempts), asserted below.
    vi.spyOn(Math, "random").mockReturnValue(0);
    const persistent = await probe({ workspaces: [healthyWorkspace], errors: { DescribeWorkspaceConfiguration: { type: "ThrottlingException" } } });
    expect(persistent.byId["amp.retention"]).toMatchObject({ status: "fail", message: expect.stringContaining("throttled") });
    expect(persistent.byId["amp.retention"].message).toContain("3 attempt");
    expect(plane!.requests.filter((r) => r.operation === "DescribeWorkspaceConfiguration")).toHaveLength(3);
    await plane!.stop();
    const once = await probe({ workspaces: [healthyWorkspace], errors: { DescribeWorkspaceConfiguration: { type: "ThrottlingException", times: 1 } } });
    expect(once.byId["amp.retention"].status).toBe("ok");
  });

  it.each([
    ["CREATING", "fail", "still CREATING"],
    ["CREATION_FAILED", "fail", "CREATION_FAILED"],
    ["DELETING", "fail", "DELETED"],
    ["UPDATING", "warn", "UPDATING"],
  ] as const)("a %s workspace is reported (%s)", async (status, expected, text) => {
    const { report, byId } = await probe({ workspaces: [{ ...healthyWorkspace, status }] });
    expect(byId["amp.workspace"]).toMatchObject({ status: expected, message: expect.stringContaining(text) });
    expect(byId["amp.workspace"].fix).toBeTruthy();
    expect(report.workspace?.statusCode).toBe(status);
  });

  it("a control plane that never answers fails fast instead of hanging the page", async () => {
    const start = Date.now();
    const { byId } = await probe({ workspaces: [healthyWorkspace], hang: ["DescribeLoggingConfiguration"] }, {}, 300);
    expect(Date.now() - start).toBeLessThan(5_000);
    expect(byId["amp.logging"]).toMatchObject({ status: "fail", message: expect.stringContaining("did not answer") });
    expect(byId["amp.workspace"].status).toBe("ok");
  });
});
