import { describe, expect, it } from "vitest";
import { AMP_DEMO, startAmpDemo } from "@/lib/demo/amp";
import { probeAmp } from "@/lib/probe/amp";
import { statusConfigSchema } from "@/lib/status/config";

// The demo AMP workspace, both ways it can run: a real Prometheus when installed, and the
// in-process endpoint on a machine without it. The probe must tell the same story either way.

const expectedVerdicts = {
  "amp-us-east-1": "healthy",
  "amp-eu-west-1": "healthy",
  "amp-ap-southeast-2": "healthy",
  "amp-ap-northeast-1": "lagging",
  "amp-us-west-2": "stale",
  "amp-ca-central-1": "error",
  "amp-sa-east-1": "missing",
};

describe.each([
  ["a real Prometheus", true],
  ["the in-process endpoint (no prometheus binary)", false],
])("AMP demo on %s", (_name, usePrometheus) => {
  it("shows healthy, lagging, stale, mislabelled and missing clusters", async () => {
    const demo = await startAmpDemo({ usePrometheus });
    try {
      const config = statusConfigSchema.parse(demo.config); // what the server will load
      // The AMP demo's clusters are expected in the workspace only, not in the demo buckets.
      expect(config.amp!.expectedClusters).toEqual(AMP_DEMO.EXPECTED);
      expect(config.expectedClusters).toEqual([]);
      const report = await probeAmp(config.amp!, { now: new Date(), expectedClusters: config.amp!.expectedClusters, thresholds: config.thresholds });
      expect(Object.fromEntries(report.clusters.map((c) => [c.clusterId, c.verdict]))).toEqual(expectedVerdicts);
      const checks = Object.fromEntries(report.checks.map((c) => [c.id, c]));
      expect(checks["amp.workspace"].status).toBe("ok");
      expect(checks["amp.data"].status).toBe("ok");
      expect(checks["amp.label"]).toMatchObject({ status: "warn", message: expect.stringContaining('cluster="amp-ca-central-1"') });
      if (usePrometheus) expect(checks["amp.workspace"].message).not.toContain("not installed");
      else expect(checks["amp.workspace"].message).toContain("prometheus not installed: demo data served in-process");
    } finally {
      await demo.stop();
    }
    // Stopped means stopped: nothing answers on the query endpoint any more.
    const alive = await fetch(`${demo.config.amp!.queryEndpoint}/api/v1/query`, { method: "POST" }).then(() => true, () => false);
    expect(alive).toBe(false);
  });
});
