import { describe, expect, it } from "vitest";
import { setKeyPath, unreadSetFlags, unreadValuePaths, valuePaths } from "./lint";
import { unknownObjstoreKeys } from "./objstore";

// The keys the published examples get wrong (kubecost/poc-common-configurations aws/amp-*, the 2021 AWS Thanos blog) must be caught by the lint.
const ca2 = { chart: "cost-analyzer", version: "2.4.2" } as const;
const ca1 = { chart: "cost-analyzer", version: "1.108.1" } as const;
const kps = { chart: "kube-prometheus-stack", version: "88.5.3" } as const;

describe("chart key lint", () => {
  it("flags global.amp.sigV4Proxy.region and accepts the real AMP keys", () => {
    const values = {
      global: { amp: { enabled: true, sigV4Proxy: { region: "us-west-2" }, sigv4: { region: "us-west-2" } } },
      sigV4Proxy: { region: "us-west-2", host: "aps-workspaces.us-west-2.amazonaws.com" },
    };
    expect(unreadValuePaths(ca2, values)).toEqual(["global.amp.sigV4Proxy.region"]);
  });

  it("flags the 1.x federator keys on 2.x but not on 1.x", () => {
    const values = { federatedETL: { federator: { primaryClusterID: "a" }, useMultiClusterDB: true } };
    expect(unreadValuePaths(ca2, values)).toEqual(["federatedETL.federator.primaryClusterID"]);
    expect(unreadValuePaths(ca1, values)).toEqual([]);
  });

  it("flags kube-prometheus-stack objectStorageConfig.name/key (omitted by the template)", () => {
    const old = { prometheus: { prometheusSpec: { thanos: { objectStorageConfig: { name: "thanos", key: "objstore.yml" } } } } };
    expect(unreadValuePaths(kps, old).sort()).toEqual([
      "prometheus.prometheusSpec.thanos.objectStorageConfig.key",
      "prometheus.prometheusSpec.thanos.objectStorageConfig.name",
    ]);
    const today = { prometheus: { prometheusSpec: { thanos: { objectStorageConfig: { existingSecret: { name: "thanos", key: "objstore.yml" } } } } } };
    expect(unreadValuePaths(kps, today)).toEqual([]);
  });

  it("accepts anything below a wholesale map (annotations) and arrays as leaves", () => {
    const values = { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/x" } }, extraVolumes: [{ name: "ca" }] };
    expect(valuePaths(values)).toEqual(["serviceAccount.annotations.eks.amazonaws.com/role-arn", "extraVolumes"]);
    expect(unreadValuePaths(ca2, values)).toEqual([]);
  });

  it("checks --set flags, with escaped dots and lists", () => {
    expect(setKeyPath("serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn")).toBe("serviceAccount.annotations.eks.amazonaws.com/role-arn");
    expect(setKeyPath("prometheus.server.extraVolumes[0].name")).toBe("prometheus.server.extraVolumes");
    const argv = ["helm", "upgrade", "--set", "kubecostProductConfigs.clusterName=a", "--set", "global.amp.sigV4Proxy.region=x,sigV4Proxy.region=y", "--set-string=thanos.typo=1"];
    expect(unreadSetFlags(ca2, argv)).toEqual(["global.amp.sigV4Proxy.region", "thanos.typo"]);
  });
});

describe("objstore key lint", () => {
  const doc = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "S3", config: { bucket: "b", endpoint: "s3.us-east-1.amazonaws.com", ...config }, ...extra });

  it("rejects keys newer than the Thanos version (UnmarshalStrict)", () => {
    expect(unknownObjstoreKeys("v0.32.5", doc({ send_content_md5: true, max_retries: 3 }))).toEqual(["config.send_content_md5", "config.max_retries"]);
    expect(unknownObjstoreKeys("v0.37.0", doc({ send_content_md5: true, max_retries: 3 }))).toEqual([]);
    expect(unknownObjstoreKeys("v0.32.5", doc({ session_token: "t" }))).toEqual([]);
  });

  it("rejects typos in nested maps", () => {
    expect(unknownObjstoreKeys("v0.32.5", doc({ sse_config: { type: "SSE-KMS", kms_key: "x" }, http_config: { tls_config: { ca: "x" } } }))).toEqual([
      "config.http_config.tls_config.ca",
      "config.sse_config.kms_key",
    ]);
  });
});
