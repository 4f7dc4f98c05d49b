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
  allowRequestTargets: true,
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

  it("looks for a link's FinOps agents in its ETL bucket when the server watches agents", () => {
    const withAgent = statusConfigSchema.parse({ ...server, agent: { bucket: "server-etl", region: "us-east-1" } });
    const c = applyRequestTargets(withAgent, { etlBucket: "team-etl", etlPrefix: "kc", region: "eu-west-1", method: ["federated-storage"] });
    expect(c.agent).toEqual({ bucket: "team-etl", region: "eu-west-1", prefix: "kc/" });
    expect(c.etl?.bucket).toBe("team-etl");
    expect(applyRequestTargets(withAgent, { method: ["etl"] }).agent).toBeUndefined();
    expect(applyRequestTargets(server, { etlBucket: "team-etl" }).agent).toBeUndefined();
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
    expect(() => applyRequestTargets({ ...noEtl, allowRequestTargets: true, amp: undefined }, { etlBucket: "abc" })).toThrow(/etlBucket needs a region/);
  });

  it("refuses links by default and says how to allow them and what that costs", () => {
    const defaults = statusConfigSchema.parse({ etl: { bucket: "server-etl", region: "us-east-1" } });
    expect(defaults.allowRequestTargets).toBe(false);
    expect(() => applyRequestTargets(defaults, { etlBucket: "someone-elses-bucket", region: "us-east-1" })).toThrow(RequestTargetsNotAllowed);
    const message = (() => {
      try {
        applyRequestTargets(defaults, { clusters: ["a"] });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain("FC_ALLOW_REQUEST_TARGETS=true");
    expect(message).toMatch(/with its own AWS credentials/);
    expect(message).toContain("FC_ALLOWED_TARGETS");
  });

  it("lets a link name only allowlisted buckets and workspaces, plus the server's own", () => {
    const listed = { ...server, allowedTargets: ["team-etl", "ws-12345678-abcd-1234-abcd-1234567890ab"] };
    expect(applyRequestTargets(listed, { etlBucket: "team-etl" }).etl?.bucket).toBe("team-etl");
    expect(applyRequestTargets(listed, { thanosBucket: "server-thanos" }).thanos?.bucket).toBe("server-thanos");
    expect(applyRequestTargets(listed, { ampWorkspaceId: "ws-12345678-abcd-1234-abcd-1234567890ab" }).amp?.workspaceId).toBe("ws-12345678-abcd-1234-abcd-1234567890ab");
    expect(() => applyRequestTargets(listed, { etlBucket: "team-etl", thanosBucket: "other-thanos" })).toThrow(/other-thanos is not one of them/);
    expect(() => applyRequestTargets(listed, { ampWorkspaceId: "ws-00000000-abcd-1234-abcd-1234567890ab" })).toThrow(RequestTargetsNotAllowed);
  });

  it("gives the AMP workspace its own region when the link says ampRegion", () => {
    const ws = "ws-12345678-abcd-1234-abcd-1234567890ab";
    const t = requestTargetsSchema.parse(requestTargetsFromSearchParams(new URLSearchParams({ etlBucket: "team-etl", region: "us-east-2", ampWorkspaceId: ws, ampRegion: "eu-west-1" })));
    const out = applyRequestTargets(server, t);
    expect(out.etl?.region).toBe("us-east-2");
    expect(out.amp).toMatchObject({ workspaceId: ws, region: "eu-west-1" });
    expect(requestTargetsSchema.safeParse({ ampRegion: "mars-1" }).success).toBe(false);
  });

  it("drops the server's query endpoint when a link names another AMP workspace", () => {
    const wsA = "ws-aaaaaaaa-abcd-1234-abcd-1234567890ab";
    const wsB = "ws-bbbbbbbb-abcd-1234-abcd-1234567890ab";
    const withEndpoint = {
      ...server,
      amp: { ...server.amp!, workspaceId: wsA, alias: undefined, queryEndpoint: `https://vpce-1.aps-workspaces.us-east-1.vpce.amazonaws.com/workspaces/${wsA}` },
    };
    const other = applyRequestTargets(withEndpoint, { ampWorkspaceId: wsB });
    expect(other.amp).toMatchObject({ workspaceId: wsB, region: "us-east-1" });
    expect(other.amp?.queryEndpoint).toBeUndefined();
    // The same workspace in another region is another workspace too.
    expect(applyRequestTargets(withEndpoint, { ampWorkspaceId: wsA, region: "eu-west-1" }).amp?.queryEndpoint).toBeUndefined();
    // The server's own workspace keeps its endpoint.
    expect(applyRequestTargets(withEndpoint, { ampWorkspaceId: wsA }).amp?.queryEndpoint).toBe(withEndpoint.amp.queryEndpoint);
  });

  it("sorts and de-duplicates a link's clusters so their order is not a new target", () => {
    expect(applyRequestTargets(server, { clusters: ["b", "a", "b"] }).expectedClusters).toEqual(["a", "b"]);
    expect(JSON.stringify(applyRequestTargets(server, { clusters: ["b", "a"] }))).toBe(JSON.stringify(applyRequestTargets(server, { clusters: ["a", "b", "a"] })));
  });
});
