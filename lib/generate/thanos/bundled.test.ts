import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validatePlan } from "@/lib/plan/validate";
import type { FederationPlan, FederationPlanInput } from "@/lib/plan/schema";
import { unreadValuePaths } from "@/lib/charts/lint";
import { unknownObjstoreKeys } from "@/lib/charts/objstore";
import { bashArgvMany } from "@/test/support/bash";
import { generateThanosBundled } from "./bundled";
import { renderCommand, simpleCommands } from "../shell";
import type { GeneratedCommand, GeneratedFile } from "../types";

const base = (over: Partial<FederationPlanInput> = {}): FederationPlan => {
  const r = validatePlan({
    method: "thanos-bundled",
    kubecost: { chartLine: "1.x", chartVersion: "1.108.1" },
    awsAccountId: "123456789012",
    storage: { bucket: "acme-thanos", region: "eu-west-1", encryption: { type: "SSE-S3" } },
    auth: { mode: "irsa" },
    clusters: [
      { id: "agent-a", role: "agent", kubeContext: "ctx-a" },
      { id: "hub", role: "primary", kubeContext: "ctx-hub", eksClusterName: "hub-eks" },
      { id: "agent-b", role: "agent" },
    ],
    ...over,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

const all = (plan: FederationPlan) => {
  const g = generateThanosBundled(plan);
  return { g, files: g.steps.flatMap((s) => s.files), commands: g.steps.flatMap((s) => s.commands) };
};
const GOGC_ENV = [{ name: "GOGC", value: "100" }, { name: "GODEBUG", value: "madvdontneed=1" }];
const valuesOf = (files: GeneratedFile[], id: string) => parse(files.find((f) => f.path === `clusters/${id}/values-thanos.yaml`)!.content);
const words = (c: GeneratedCommand) => c.argv.map((w) => (typeof w === "string" ? w : w.template));

describe("thanos-bundled generator", () => {
  it("orders steps: tools, bucket, secrets then installs with the primary first, verify last", () => {
    const { g } = all(base());
    expect(g.steps.map((s) => s.id)).toEqual([
      "prerequisites", "bucket-iam",
      "secrets-hub", "secrets-agent-a", "secrets-agent-b",
      "install-hub", "install-agent-a", "install-agent-b",
      "verify",
    ]);
  });

  it("names the same Secret in extraVolumes, thanos.storeSecretName and the kubectl command", () => {
    const { files, commands } = all(base());
    for (const id of ["hub", "agent-a", "agent-b"]) {
      const v = valuesOf(files, id);
      const volume = v.prometheus.server.extraVolumes.find((x: { name: string }) => x.name === "object-store-volume");
      expect(volume.secret.secretName).toBe("kubecost-thanos");
      expect(v.thanos.storeSecretName).toBe("kubecost-thanos");
      const sidecar = v.prometheus.server.sidecarContainers[0];
      expect(sidecar.image).toBe("thanosio/thanos:v0.32.5");
      // The sidecar reads object-store.yaml from the directory where that volume is mounted.
      const mount = sidecar.volumeMounts.find((m: { name: string }) => m.name === "object-store-volume");
      expect(sidecar.args).toContain(`--objstore.config-file=${mount.mountPath}/object-store.yaml`);
      expect(v.prometheus.server.extraArgs["storage.tsdb.min-block-duration"]).toBe("2h");
      expect(v.prometheus.server.extraArgs["storage.tsdb.max-block-duration"]).toBe("2h");
      expect(v.global.thanos.enabled).toBe(true);
    }
    const secretCommands = commands.filter((c) => words(c).slice(0, 4).join(" ") === "kubectl create secret generic");
    expect(secretCommands).toHaveLength(3);
    for (const c of secretCommands) {
      expect(words(c)[4]).toBe("kubecost-thanos");
      expect(words(c)).toContain("--from-file=object-store.yaml=object-store.yaml");
    }
  });

  it("runs exactly one compactor: only the primary enables compact, bucket, store and query", () => {
    const { files } = all(base());
    const hub = valuesOf(files, "hub").thanos;
    expect([hub.compact.enabled, hub.bucket.enabled, hub.store.enabled, hub.query.enabled, hub.queryFrontend.enabled]).toEqual([true, true, true, true, true]);
    for (const id of ["agent-a", "agent-b"]) {
      const t = valuesOf(files, id).thanos;
      expect([t.compact.enabled, t.bucket.enabled, t.store.enabled, t.query.enabled, t.queryFrontend.enabled]).toEqual([false, false, false, false, false]);
    }
  });

  it("gives the primary the store, query and query-frontend settings of the chart's values-thanos.yaml", () => {
    // Issue 2: "primary with the values-thanos settings". The settings of cost-analyzer v1.108.1's
    // values-thanos.yaml (https://github.com/kubecost/kubecost/blob/v1.108.1/cost-analyzer/values-thanos.yaml)
    // that the 1.108.1 templates read, written out by hand; query.maxConcurrentSelect and
    // prometheus.server.enableAdminApi are in that file but read by no 1.108.1 template.
    const gc = GOGC_ENV;
    const expected: Record<string, unknown> = {
      "kubecostModel.maxQueryConcurrency": 5,
      "kubecostModel.maxSourceResolution": "5m",
      "thanos.store.enabled": true,
      "thanos.store.grpcSeriesMaxConcurrency": 20,
      "thanos.store.blockSyncConcurrency": 20,
      "thanos.store.extraEnv": gc,
      "thanos.store.resources.requests.memory": "2.5Gi",
      "thanos.query.enabled": true,
      "thanos.query.timeout": "3m",
      "thanos.query.maxConcurrent": 8,
      "thanos.query.resources.requests.memory": "2.5Gi",
      "thanos.query.autoDownsampling": false,
      "thanos.query.extraEnv": gc,
      "thanos.queryFrontend.enabled": true,
      "thanos.queryFrontend.compressResponses": true,
      "thanos.queryFrontend.downstreamTripper.enabled": true,
      "thanos.queryFrontend.downstreamTripper.idleConnectionTimeout": "90s",
      "thanos.queryFrontend.downstreamTripper.responseHeaderTimeout": "2m",
      "thanos.queryFrontend.downstreamTripper.tlsHandshakeTimeout": "10s",
      "thanos.queryFrontend.downstreamTripper.expectContinueTimeout": "1s",
      "thanos.queryFrontend.downstreamTripper.maxIdleConnections": 200,
      "thanos.queryFrontend.downstreamTripper.maxIdleConnectionsPerHost": 100,
      "thanos.queryFrontend.downstreamTripper.maxConnectionsPerHost": 0,
      "thanos.queryFrontend.responseCache.enabled": true,
      "thanos.queryFrontend.responseCache.maxSize": "1.25GB",
      "thanos.queryFrontend.responseCache.maxSizeItems": 0,
      "thanos.queryFrontend.responseCache.validity": "2m",
      "thanos.queryFrontend.extraEnv": gc,
      "thanos.queryFrontend.resources.requests.memory": "1.5Gi",
      "thanos.sidecar.enabled": true,
    };
    expect(unreadValuePaths({ chart: "cost-analyzer", version: "1.108.1" }, { thanos: { query: { maxConcurrentSelect: 1 } }, prometheus: { server: { enableAdminApi: true } } })).toEqual([
      "thanos.query.maxConcurrentSelect",
      "prometheus.server.enableAdminApi",
    ]);
    const hub = valuesOf(all(base()).files, "hub");
    const get = (o: unknown, path: string) => path.split(".").reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);
    for (const [p, v] of Object.entries(expected)) expect({ p, v: get(hub, p) }).toEqual({ p, v });
    expect(get(hub, "thanos.query.maxConcurrentSelect")).toBeUndefined();
  });

  it("labels each cluster with its own cluster_id and clusterName", () => {
    const { files } = all(base());
    for (const id of ["hub", "agent-a", "agent-b"]) {
      const v = valuesOf(files, id);
      expect(v.prometheus.server.global.external_labels.cluster_id).toBe(id);
      expect(v.kubecostProductConfigs.clusterName).toBe(id);
    }
  });

  it("IRSA with eksctl: no keys in object-store.yaml, external service account everywhere it is needed", () => {
    const { files, commands } = all(base());
    const objstore = parse(files.find((f) => f.path === "object-store.yaml")!.content);
    expect(objstore.config).not.toHaveProperty("access_key");
    expect(objstore.config).not.toHaveProperty("secret_key");
    expect(objstore.config.sse_config).toEqual({ type: "SSE-S3" });
    const hub = valuesOf(files, "hub");
    expect(hub.serviceAccount).toEqual({ create: false, name: "kubecost-irsa" });
    expect(hub.prometheus.serviceAccounts.server).toEqual({ create: false, name: "kubecost-irsa" });
    for (const c of ["store", "compact", "bucket"]) expect(hub.thanos[c].serviceAccount).toBe("kubecost-irsa");
    const eksctl = commands.filter((c) => words(c).slice(0, 3).join(" ") === "eksctl create iamserviceaccount");
    expect(eksctl).toHaveLength(3);
    expect(words(eksctl[0])).toEqual(expect.arrayContaining(["--cluster", "hub-eks", "--name", "kubecost-irsa", "--namespace", "kubecost"]));
    expect(words(eksctl[0])).toContain("arn:aws:iam::123456789012:policy/kubecost-thanos-acme-thanos");
  });

  it("IRSA with an existing role: the chart creates the annotated account, the policy is attached to the role", () => {
    const roleArn = "arn:aws:iam::123456789012:role/kubecost-thanos";
    const { files, commands, g } = all(base({ auth: { mode: "irsa", roleArn } }));
    const hub = valuesOf(files, "hub");
    expect(hub.prometheus.serviceAccounts.server).toEqual({ create: true, name: "kubecost-irsa", annotations: { "eks.amazonaws.com/role-arn": roleArn } });
    expect(commands.some((c) => words(c)[0] === "eksctl")).toBe(false);
    expect(commands.map(words)).toContainEqual(["aws", "iam", "attach-role-policy", "--role-name", "kubecost-thanos", "--policy-arn", "arn:aws:iam::123456789012:policy/kubecost-thanos-acme-thanos"]);
    expect(g.steps.find((s) => s.id === "bucket-iam")!.note).toContain("system:serviceaccount:kubecost:kubecost-irsa");
  });

  it("access keys appear only in object-store.yaml, never in values files or commands", () => {
    const accessKeyId = "AKIAABCDEFGHIJKLMNOP";
    const secretAccessKey = "abcdEFGHijklMNOPqrstUVWXyz0123456789/+==";
    const { files, commands } = all(base({ auth: { mode: "access-keys", accessKeyId, secretAccessKey } }));
    const holders = files.filter((f) => f.content.includes(accessKeyId) || f.content.includes(secretAccessKey)).map((f) => f.path);
    expect(holders).toEqual(["object-store.yaml", "object-store.yaml", "object-store.yaml"]);
    const objstore = parse(files.find((f) => f.path === "object-store.yaml")!.content);
    expect([objstore.config.access_key, objstore.config.secret_key]).toEqual([accessKeyId, secretAccessKey]);
    for (const c of commands) expect(renderCommand(c)).not.toMatch(/AKIAABCD|abcdEFGH/);
    expect(valuesOf(files, "hub")).not.toHaveProperty("serviceAccount");
  });

  it("SSE-KMS and a prefix land in objstore; Thanos v0.32.5 accepts both (prefix exists since v0.27)", () => {
    const kmsKeyId = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { files, commands } = all(base({ storage: { bucket: "acme-thanos", region: "eu-west-1", prefix: "kubecost/thanos", encryption: { type: "SSE-KMS", kmsKeyId } } }));
    const doc = parse(files.find((f) => f.path === "object-store.yaml")!.content);
    expect(doc.prefix).toBe("kubecost/thanos");
    expect(doc.config.sse_config).toEqual({ type: "SSE-KMS", kms_key_id: kmsKeyId });
    expect(unknownObjstoreKeys("v0.32.5", doc)).toEqual([]);
    expect(unknownObjstoreKeys("v0.26.0", doc)).toEqual(["prefix"]);
    expect(commands.map(words)).toContainEqual(["aws", "s3", "ls", "s3://acme-thanos/kubecost/thanos/", "--region", "eu-west-1"]);
  });

  it("internal CA: the ConfigMap is mounted where object-store.yaml's ca_file points, and values stay lint-clean", () => {
    const plan = base({ storage: { bucket: "acme-thanos", region: "eu-west-1", endpoint: "minio.internal:9000", internalCa: { caFile: "./certs/my ca.pem" } } });
    const { files, commands } = all(plan);
    const doc = parse(files.find((f) => f.path === "object-store.yaml")!.content);
    const hub = valuesOf(files, "hub");
    const mount = hub.prometheus.server.sidecarContainers[0].volumeMounts.find((m: { name: string }) => m.name === "kubecost-ca-bundle");
    expect(doc.config.http_config.tls_config.ca_file).toBe(mount.mountPath);
    expect(hub.thanos.store.selfsignedCertConfigMapName).toBe("kubecost-ca-bundle");
    expect(hub.prometheus.server.extraVolumes).toContainEqual({ name: "kubecost-ca-bundle", configMap: { name: "kubecost-ca-bundle" } });
    expect(commands.map(words)).toContainEqual(expect.arrayContaining(["configmap", "kubecost-ca-bundle", "--from-file=my-cert.pem=./certs/my ca.pem"]));
    for (const f of files.filter((f) => f.chartValues)) expect(unreadValuePaths(f.chartValues!, parse(f.content)), f.path).toEqual([]);
    expect(unknownObjstoreKeys("v0.32.5", doc)).toEqual([]);
  });

  it("renders every command so bash yields the intended argv", () => {
    const { commands } = all(base({ awsAccountId: undefined, auth: { mode: "irsa" } }));
    const plain = commands.flatMap(simpleCommands);
    const env = { AWS_ACCOUNT_ID: "210987654321" };
    const want = plain.map((argv) => argv.map((w) => (typeof w === "string" ? w : w.template.replace("${AWS_ACCOUNT_ID}", env.AWS_ACCOUNT_ID))));
    expect(bashArgvMany(plain.map((argv) => renderCommand({ argv })), env)).toEqual(want);
    expect(commands.find((c) => c.assignTo === "AWS_ACCOUNT_ID")).toBeDefined();
  });
});

describe("thanos-bundled verify step", () => {
  it("points at the console status page for this bucket and these clusters", () => {
    const verify = all(base()).g.steps.find((s) => s.id === "verify")!;
    expect(verify.note).toContain("/status?method=thanos-bundled&thanosBucket=acme-thanos");
    expect(verify.note).toContain(encodeURIComponent("agent-a,hub,agent-b"));
  });
});
