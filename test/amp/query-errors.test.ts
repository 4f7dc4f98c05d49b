import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeAmp } from "@/lib/probe/amp";
import { startAmpControlPlane, type AmpControlPlane } from "@/test/support/amp-control-plane";

// How the AMP query endpoint fails in the field (https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-troubleshooting.html), answered the way AWS
// answers: a denied QueryMetrics, an unsigned request, throttling, and an endpoint that hangs.
// A real Prometheus cannot produce these, so a small server plays the failing endpoint.

const WS = "ws-99999999-8888-4777-8666-555555555555";
type Mode = "denied" | "unsigned" | "throttled" | "hang";
let mode: Mode = "denied";
let queryServer: Server;
let plane: AmpControlPlane;
const credentials = { accessKeyId: "AKIDSTANDIN", secretAccessKey: "stand-in-secret" };

const answer = (res: ServerResponse, status: number, type: string, message: string) => {
  res.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": type });
  res.end(JSON.stringify({ message }));
};

beforeAll(async () => {
  queryServer = createServer((req, res) => {
    req.resume();
    if (mode === "hang") return;
    if (mode === "denied") {
      return answer(res, 403, "AccessDeniedException", `User: arn:aws:sts::123456789012:assumed-role/console/x is not authorized to perform: aps:QueryMetrics on resource: arn:aws:aps:us-east-1:123456789012:workspace/${WS}`);
    }
    if (mode === "unsigned") return answer(res, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    return answer(res, 429, "ThrottlingException", "Rate exceeded");
  });
  await new Promise<void>((r) => queryServer.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(queryServer.address() as AddressInfo).port}/workspaces/${WS}/`;
  plane = await startAmpControlPlane({ workspaces: [{ workspaceId: WS, prometheusEndpoint: url, ruleGroupsNamespaces: [{ name: "kubecost-rules" }] }] });
});
afterAll(async () => {
  await plane.stop();
  queryServer.closeAllConnections();
  await new Promise<void>((r) => queryServer.close(() => r()));
});

async function run(m: Mode, timeoutMs?: number) {
  mode = m;
  const report = await probeAmp(
    { region: "us-east-1", workspaceId: WS, clusterLabel: "cluster_id", rulesNamespace: "kubecost-rules", controlPlaneEndpoint: plane.endpoint },
    { now: new Date(), expectedClusters: ["amp-a"], credentials, timeoutMs },
  );
  return { report, data: report.checks.find((c) => c.id === "amp.data")!, workspace: report.checks.find((c) => c.id === "amp.workspace")! };
}

describe("AMP query endpoint failures", () => {
  it("AccessDenied names aps:QueryMetrics; clusters become errors, control-plane checks stay ok", async () => {
    const { report, data, workspace } = await run("denied");
    expect(data).toMatchObject({ status: "fail", missingAction: "aps:QueryMetrics" });
    expect(data.fix).toContain("aps:QueryMetrics");
    expect(workspace.status).toBe("ok");
    expect(report.clusters).toMatchObject([{ clusterId: "amp-a", verdict: "error" }]);
    expect(report.clusters[0].reason).toContain("aps:QueryMetrics");
  });

  it('403 "Missing Authentication Token" explains the request arrived unsigned', async () => {
    const { data } = await run("unsigned");
    expect(data.status).toBe("fail");
    expect(data.message).toContain("Missing Authentication Token");
    expect(data.fix).toContain("SigV4");
  });

  it("throttling is a failed check with a retry hint", async () => {
    const { data } = await run("throttled");
    expect(data).toMatchObject({ status: "fail", message: expect.stringContaining("throttled") });
    // Names the workspace and region, never the endpoint's address.
    expect(data.message).toContain(`query endpoint of workspace ${WS} (us-east-1)`);
    expect(data.fix).toContain("refreshSeconds");
  });

  it("an endpoint that hangs becomes a failed check within the time limit", async () => {
    const started = Date.now();
    const { report, data } = await run("hang", 400);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(data).toMatchObject({ status: "fail", message: expect.stringContaining("did not answer") });
    expect(JSON.stringify(report)).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(report.clusters[0].verdict).toBe("error");
    expect(report.checks.find((c) => c.id === "amp.rules")!.status).toBe("ok");
  });
});
