import { afterAll, beforeAll, expect, it } from "vitest";
import { probeAmp } from "@/lib/probe/amp";
import { startAmpControlPlane, type AmpControlPlane } from "@/test/support/amp-control-plane";

// With no credentials anywhere in the default provider chain (the sigv4 proxy's
// "NoCredentialProviders", https://github.com/kubecost/kubecost/issues/3520), every check says so and points at IRSA; nothing hangs.

const WS = "ws-77777777-6666-4555-8444-333333333333";
let plane: AmpControlPlane;
const saved = { ...process.env };
beforeAll(async () => {
  for (const k of Object.keys(process.env)) if (k.startsWith("AWS_")) delete process.env[k];
  Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_CONFIG_FILE: "/nonexistent/config", AWS_EC2_METADATA_DISABLED: "true" });
  plane = await startAmpControlPlane({ workspaces: [{ workspaceId: WS }] });
});
afterAll(async () => {
  process.env = saved;
  await plane.stop();
});

it("reports missing credentials with the IRSA fix instead of failing obscurely", async () => {
  const started = Date.now();
  // A non-loopback query endpoint: the probe must not fall back to stand-in credentials.
  const report = await probeAmp(
    { region: "us-east-1", workspaceId: WS, clusterLabel: "cluster_id", rulesNamespace: "kubecost-rules", controlPlaneEndpoint: plane.endpoint, queryEndpoint: `https://aps-workspaces.us-east-1.amazonaws.com/workspaces/${WS}` },
    { now: new Date(), expectedClusters: ["amp-a"] },
  );
  expect(Date.now() - started).toBeLessThan(10_000);
  const ws = report.checks.find((c) => c.id === "amp.workspace")!;
  expect(ws).toMatchObject({ status: "fail", message: expect.stringContaining("No AWS credentials") });
  expect(ws.fix).toContain("eks.amazonaws.com/role-arn");
  expect(plane.requests).toHaveLength(0); // nothing unsigned left the process
  expect(report.clusters).toMatchObject([{ clusterId: "amp-a", verdict: "error" }]);
});
