import { describe, expect, it } from "vitest";
import { statusConfigSchema } from "./config";
import {
  applyRequestTargets,
  describeTargetErrors,
  requestTargetsFromSearchParams,
  requestTargetsSchema,
  RequestTargetsNotAllowed,
} from "./request-targets";

const server = statusConfigSchema.parse({
  s3Endpoint: "http://127.0.0.1:9000",
  etl: { bucket: "server-etl", region: "us-east-1" },
  thanos: { bucket: "server-thanos", region: "us-east-1", clusterLabel: "cluster" },
  amp: { region: "us-east-1", alias: "kubecost" },
  expectedClusters: ["a"],
});

const parse = (qs: string) => requestTargetsSchema.safeParse(requestTargetsFromSearchParams(new URLSearchParams(qs)));

describe("request targets from a wizard link", () => {
  it("parses bucket, region, clusters and method", () => {
    const r = parse("etlBucket=team-etl&region=eu-west-1&clusters=prod-1,%20prod-2&method=federated-etl");
    expect(r.success && r.data).toEqual({ etlBucket: "team-etl", region: "eu-west-1", clusters: ["prod-1", "prod-2"], method: ["federated-etl"] });
  });

  it("names the parameter and the rule it breaks", () => {
    const r = parse("etlBucket=Team_ETL&region=mars-1&clusters=ok,bad%20id&method=ftp");
    expect(r.success).toBe(false);
    if (r.success) return;
    const text = describeTargetErrors(r.error);
    expect(text).toContain("etlBucket: Bucket names use lowercase letters only");
    expect(text).toContain('region: "mars-1" is not an AWS region code');
    expect(text).toMatch(/clusters\.1: Cluster ids are letters/);
    expect(text).toContain('method.0: Unknown method "ftp"');
  });

  it("refuses an endpoint or any other unknown parameter", () => {
    const r = parse("etlBucket=ok-bucket&s3Endpoint=http://169.254.169.254/");
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(describeTargetErrors(r.error)).toMatch(/Unknown query parameter\(s\) s3Endpoint/);
  });

  it("points the server's probes at the link's bucket but keeps the server's endpoint", () => {
    const c = applyRequestTargets(server, { etlBucket: "other-etl", clusters: ["x", "y"], method: ["etl"] });
    expect(c.etl).toEqual({ bucket: "other-etl", region: "us-east-1", prefix: "" });
    expect(c.s3Endpoint).toBe("http://127.0.0.1:9000");
    expect(c.expectedClusters).toEqual(["x", "y"]);
    expect(c.thanos).toBeUndefined();
    expect(c.amp).toBeUndefined();
  });

  it("keeps the server's Thanos cluster label for a linked Thanos bucket", () => {
    const c = applyRequestTargets(server, { thanosBucket: "other-thanos", region: "us-west-2" });
    expect(c.thanos).toMatchObject({ bucket: "other-thanos", region: "us-west-2", clusterLabel: "cluster" });
    expect(c.etl?.region).toBe("us-west-2");
  });

  it("turns a link's prefix into a folder", () => {
    expect(applyRequestTargets(server, { etlBucket: "other-etl", etlPrefix: "/teams/platform" }).etl?.prefix).toBe("teams/platform/");
    expect(applyRequestTargets(server, { thanosBucket: "other-thanos", thanosPrefix: "kc/" }).thanos?.prefix).toBe("kc/");
    expect(applyRequestTargets(server, { etlBucket: "other-etl" }).etl?.prefix).toBe("");
  });

  it("applies the link's clusters to every source, over the server's per-source lists", () => {
    const perSource = { ...server, thanos: { ...server.thanos!, expectedClusters: ["t-1"] }, amp: { ...server.amp!, expectedClusters: ["m-1"] } };
    const c = applyRequestTargets(perSource, { clusters: ["x"] });
    expect(c.expectedClusters).toEqual(["x"]);
    expect([c.etl?.expectedClusters, c.thanos?.expectedClusters, c.amp?.expectedClusters]).toEqual([undefined, undefined, undefined]);
    expect(applyRequestTargets(perSource, { region: "us-west-2" }).thanos?.expectedClusters).toEqual(["t-1"]);
  });

  it("maps amp-federated to the AMP and ETL sections", () => {
    const c = applyRequestTargets(server, { method: ["amp-federated"] });
    expect([!!c.etl, !!c.thanos, !!c.amp]).toEqual([true, false, true]);
  });

  it("refuses a link when the server does not allow request targets", () => {
    expect(() => applyRequestTargets({ ...server, allowRequestTargets: false }, { etlBucket: "x-y-z" })).toThrow(RequestTargetsNotAllowed);
    // No targets at all is always fine.
    const locked = { ...server, allowRequestTargets: false };
    expect(applyRequestTargets(locked, {})).toBe(locked);
  });

  it("asks for a region when neither the link nor the server has one", () => {
    const noEtl = statusConfigSchema.parse({ amp: { region: "us-east-1", alias: "k" } });
    expect(() => applyRequestTargets({ ...noEtl, amp: undefined }, { etlBucket: "abc" })).toThrow(/etlBucket needs a region/);
  });
});
