import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validatePlan } from "@/lib/plan/validate";
import type { FederationPlanInput } from "@/lib/plan/schema";
import { unknownObjstoreKeys } from "@/lib/charts/objstore";
import { unreadValuePaths } from "@/lib/charts/lint";
import { generatePlan } from "..";
import type { GeneratedCommand } from "../types";
import { renderCommand } from "../shell";
import { bashArgvMany } from "@/test/support/bash";
import { allCommands, allFiles, at, flagValue, flagValues, keyPaths, planFrom, words, yamlFile } from "@/test/support/generated-plan";

const base: FederationPlanInput = {
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
  awsAccountId: "123456789012",
  storage: { bucket: "acme-etl", region: "us-east-2", encryption: { type: "SSE-S3" } },
  auth: { mode: "irsa" },
  // The primary is listed last on purpose: installs must still put it first.
  clusters: [
    { id: "agent-a", role: "agent", eksClusterName: "eks-a", region: "us-west-2" },
    { id: "Agent.B_2", role: "agent", kubeContext: "ctx-b" },
    { id: "hub", role: "primary", eksClusterName: "eks-hub" },
  ],
};

const withCa: FederationPlanInput = {
  ...base,
  storage: {
    bucket: "etl",
    region: "us-west-2",
    endpoint: "minio.corp.example:9000",
    prefix: "team/kubecost",
    encryption: { type: "SSE-KMS", kmsKeyId: "alias/kubecost" },
    internalCa: { caFile: "/etc/pki/ca bundle.pem", configMapName: "corp-ca" },
  },
  auth: { mode: "access-keys" },
};

const gen = (p: FederationPlanInput) => generatePlan(planFrom(p));
const ids = ["agent-a", "Agent.B_2", "hub"];

describe("Federated ETL generator", () => {
  it("writes federated-store.yaml and stores it in the Secret under the key federated-store.yaml", () => {
    const g = gen(base);
    const store = yamlFile(g, "federated-store.yaml");
    expect(store).toMatchObject({ type: "S3", config: { bucket: "acme-etl", region: "us-east-2", endpoint: "s3.us-east-2.amazonaws.com", sse_config: { type: "SSE-S3" } } });
    expect(at(store, "config", "access_key")).toBeUndefined(); // IRSA: no keys
    expect(unknownObjstoreKeys("v0.34.0", store)).toEqual([]);
    const secrets = allCommands(g).filter((c) => words(c).slice(0, 4).join(" ") === "kubectl create secret generic");
    expect(secrets).toHaveLength(3);
    for (const s of secrets) {
      expect(words(s)[4]).toBe("federated-store");
      expect(words(s)).toContain("--from-file=federated-store.yaml=federated-store.yaml");
      // Server-side apply: a client-side one copies the whole Secret into its
      // last-applied-configuration annotation.
      expect(s.pipeTo?.slice(0, 4)).toEqual(["kubectl", "apply", "--server-side", "--force-conflicts"]);
    }
  });

  it("says where the Enterprise key goes, with productKey keys chart 2.4.2 reads (ETL and AMP federated)", () => {
    const ampFederated = { ...base, method: "amp-federated" as const, awsAccountId: "123456789012", amp: { region: "us-east-1", workspace: { mode: "existing" as const, workspaceId: "ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789" } } };
    for (const g of [gen(base), gen(ampFederated)]) {
      const note = g.steps.find((s) => s.id === "prerequisites")!.note!;
      expect(note).toContain("kubectl create secret generic productkeysecret --namespace kubecost --from-file=productkey.json");
      expect(note).toContain("kubecostProductConfigs.productKey.enabled: true and kubecostProductConfigs.productKey.secretname: productkeysecret");
    }
    expect(unreadValuePaths({ chart: "cost-analyzer", version: "2.4.2" }, { kubecostProductConfigs: { productKey: { enabled: true, secretname: "productkeysecret", key: "k" } } })).toEqual([]);
  });

  it("gives every cluster federatedCluster and equal clusterName and cluster_id", () => {
    const g = gen(base);
    for (const id of ids) {
      const v = yamlFile(g, `clusters/${id}/values.yaml`);
      expect(at(v, "federatedETL", "federatedCluster")).toBe(true);
      expect(at(v, "kubecostProductConfigs", "clusterName")).toBe(id);
      expect(at(v, "prometheus", "server", "global", "external_labels", "cluster_id")).toBe(id);
      expect(at(v, "kubecostModel", "federatedStorageConfigSecret")).toBe("federated-store");
      expect(at(v, "kubecostModel", "federatedStorageConfig")).toBeUndefined(); // never inlined
      expect(unreadValuePaths({ chart: "cost-analyzer", version: "2.4.2" }, v)).toEqual([]);
    }
  });

  it("runs the Aggregator StatefulSet on the primary only; agents are agentOnly with it disabled", () => {
    const g = gen(base);
    const hub = yamlFile(g, "clusters/hub/values.yaml");
    expect(at(hub, "kubecostAggregator", "deployMethod")).toBe("statefulset");
    expect(at(hub, "federatedETL", "agentOnly")).toBeUndefined();
    for (const id of ["agent-a", "Agent.B_2"]) {
      const v = yamlFile(g, `clusters/${id}/values.yaml`);
      expect(at(v, "kubecostAggregator", "deployMethod")).toBe("disabled");
      expect(at(v, "federatedETL", "agentOnly")).toBe(true);
    }
  });

  it("creates every Secret before any helm install, and installs the primary first", () => {
    const g = gen(base);
    const order = g.steps.map((s) => s.id);
    const lastSecret = Math.max(...order.map((id, i) => (id.startsWith("secrets-") ? i : -1)));
    const firstInstall = order.findIndex((id) => id.startsWith("install-"));
    expect(lastSecret).toBeGreaterThan(0);
    expect(lastSecret).toBeLessThan(firstInstall);
    const installs = g.steps.filter((s) => s.phase === "install").map((s) => s.clusterId);
    expect(installs).toEqual(["hub", "agent-a", "Agent.B_2"]);
    const helm = allCommands(g).filter((c) => c.argv[0] === "helm" && c.argv[1] === "upgrade");
    expect(helm.map((c) => flagValue(c, "--values"))).toEqual(["clusters/hub/values.yaml", "clusters/agent-a/values.yaml", "clusters/Agent.B_2/values.yaml"]);
    expect(flagValue(helm[2], "--kube-context")).toBe("ctx-b");
    const phases = g.steps.map((s) => s.phase);
    expect([...phases].sort((a, b) => PHASES.indexOf(a) - PHASES.indexOf(b))).toEqual(phases);
  });

  it("names the eksctl service account that the helm values use, with the bucket policy attached", () => {
    const g = gen(base);
    const isEksctl = (c: GeneratedCommand) => words(c).slice(0, 3).join(" ") === "eksctl create iamserviceaccount";
    const perCluster = g.steps.filter((s) => s.commands.some(isEksctl)).map((s) => ({ id: s.clusterId!, cmd: s.commands.find(isEksctl)! }));
    expect(perCluster.map((x) => [x.id, flagValue(x.cmd, "--cluster"), flagValue(x.cmd, "--region")])).toEqual([
      ["hub", "eks-hub", "us-east-2"],
      ["agent-a", "eks-a", "us-west-2"],
      ["Agent.B_2", "Agent.B_2", "us-east-2"], // no EKS name: the id, and the step note says so
    ]);
    expect(g.steps[0].note).toContain("Agent.B_2");
    const policy = allCommands(g).find((c) => words(c).join(" ").startsWith("aws iam get-policy"))!.orElse!;
    expect(words(policy).slice(0, 3)).toEqual(["aws", "iam", "create-policy"]);
    for (const { id, cmd } of perCluster) {
      expect(flagValues(cmd, "--attach-policy-arn")).toEqual([`arn:aws:iam::123456789012:policy/${flagValue(policy, "--policy-name")}`]);
      expect(flagValue(cmd, "--namespace")).toBe("kubecost");
      expect(at(yamlFile(g, `clusters/${id}/values.yaml`), "serviceAccount")).toEqual({ create: false, name: flagValue(cmd, "--name") });
    }
    const bucketPolicy = JSON.parse(allFiles(g).find((f) => f.path === "iam/bucket-policy.json")!.content);
    expect(JSON.stringify(bucketPolicy)).toContain("arn:aws:s3:::acme-etl/*");
  });

  it("captures the account id when the plan has none, and uses it in the policy ARN", () => {
    const g = gen({ ...base, awsAccountId: undefined });
    const capture = allCommands(g).find((c) => c.assignTo === "AWS_ACCOUNT_ID");
    expect(capture && words(capture)).toEqual(["aws", "sts", "get-caller-identity", "--query", "Account", "--output", "text"]);
    const eksctl = allCommands(g).find((c) => c.argv[0] === "eksctl" && c.argv[1] === "create")!;
    const rendered = renderCommand(eksctl);
    const [argv] = bashArgvMany([rendered], { AWS_ACCOUNT_ID: "210987654321" });
    expect(argv).toContain("arn:aws:iam::210987654321:policy/kubecost-federated-store-acme-etl");
  });

  it("takes the account id from an existing role's ARN for the policy it attaches", () => {
    const g = gen({ ...base, awsAccountId: undefined, auth: { mode: "irsa", roleArn: "arn:aws:iam::123456789012:role/kubecost-etl" } });
    const cmds = allCommands(g);
    const attach = cmds.find((c) => words(c).join(" ").startsWith("aws iam attach-role-policy"))!;
    expect(flagValue(attach, "--policy-arn")).toBe("arn:aws:iam::123456789012:policy/kubecost-federated-store-acme-etl");
    expect(cmds.some((c) => c.assignTo === "AWS_ACCOUNT_ID")).toBe(false);
  });

  it("annotates chart-created service accounts with an existing role and attaches the policy to it", () => {
    const roleArn = "arn:aws:iam::123456789012:role/teams/kubecost-etl";
    const g = gen({ ...base, auth: { mode: "irsa", roleArn } });
    expect(allCommands(g).some((c) => c.argv[0] === "eksctl" && c.argv[1] === "create")).toBe(false);
    const attach = allCommands(g).find((c) => words(c).join(" ").startsWith("aws iam attach-role-policy"))!;
    expect(flagValue(attach, "--role-name")).toBe("kubecost-etl");
    for (const id of ids) {
      const sa = at(yamlFile(g, `clusters/${id}/values.yaml`), "serviceAccount");
      expect(sa).toEqual({ create: true, name: "kubecost-cost-analyzer-etl", annotations: { "eks.amazonaws.com/role-arn": roleArn } });
    }
  });

  it("mounts the internal CA where tls_config.ca_file points, on every pod that reads the bucket", () => {
    const g = gen(withCa);
    const store = yamlFile(g, "federated-store.yaml");
    const caFile = at(store, "config", "http_config", "tls_config", "ca_file") as string;
    expect(store).toMatchObject({ prefix: "team/kubecost", config: { endpoint: "minio.corp.example:9000", sse_config: { type: "SSE-KMS", kms_key_id: "alias/kubecost" }, access_key: "REPLACE_WITH_ACCESS_KEY_ID" } });
    expect(unknownObjstoreKeys("v0.34.0", store)).toEqual([]);

    const configMaps = allCommands(g).filter((c) => words(c).slice(0, 3).join(" ") === "kubectl create configmap");
    expect(configMaps).toHaveLength(3);
    for (const c of configMaps) {
      expect(words(c)[3]).toBe("corp-ca");
      expect(words(c)).toContain("--from-file=ca-certificates.crt=/etc/pki/ca bundle.pem");
    }
    const mountedFile = (volumes: unknown, mounts: unknown) => {
      const vol = (volumes as { name: string; configMap: { name: string } }[]).find((v) => v.configMap?.name === "corp-ca")!;
      const mount = (mounts as { name: string; mountPath: string; subPath?: string }[]).find((m) => m.name === vol.name)!;
      return mount.subPath ? mount.mountPath : `${mount.mountPath}/ca-certificates.crt`;
    };
    for (const id of ids) {
      const v = yamlFile(g, `clusters/${id}/values.yaml`);
      expect(mountedFile(v.extraVolumes, v.extraVolumeMounts)).toBe(caFile);
    }
    const hub = yamlFile(g, "clusters/hub/values.yaml");
    expect(mountedFile(at(hub, "kubecostAggregator", "extraVolumes"), at(hub, "kubecostAggregator", "extraVolumeMounts"))).toBe(caFile);
    expect(mountedFile(at(hub, "kubecostAggregator", "cloudCost", "extraVolumes"), at(hub, "kubecostAggregator", "cloudCost", "extraVolumeMounts"))).toBe(caFile);
    // The ConfigMap exists on a cluster before that cluster's install.
    const order = g.steps.map((s) => s.id);
    expect(order.indexOf("secrets-hub")).toBeLessThan(order.indexOf("install-hub"));
  });

  it("keeps access keys out of helm values; only the Secret's file holds them", () => {
    const g = gen({ ...withCa, auth: { mode: "access-keys", accessKeyId: "AKIAABCDEFGHIJKLMNOP", secretAccessKey: "abcdEFGHijklMNOPqrstUVWXyz0123456789/+==" } });
    expect(at(yamlFile(g, "federated-store.yaml"), "config", "secret_key")).toBe("abcdEFGHijklMNOPqrstUVWXyz0123456789/+==");
    for (const f of allFiles(g).filter((f) => f.path !== "federated-store.yaml")) expect(f.content).not.toContain("abcdEFGH");
    for (const c of allCommands(g)) expect(renderCommand(c)).not.toContain("abcdEFGH");
    expect(g.steps.find((s) => s.id === "secrets-hub")!.note).not.toMatch(/Put the real access keys/);
  });

  it("verifies federated/<cluster_id>/ for every cluster under the prefix, through the custom endpoint and CA", () => {
    const g = gen(withCa);
    const verify = g.steps.find((s) => s.phase === "verify")!;
    const ls = verify.commands.find((c) => words(c).slice(0, 3).join(" ") === "aws s3 ls")!;
    expect(words(ls)[3]).toBe("s3://etl/team/kubecost/federated/");
    expect(flagValue(ls, "--endpoint-url")).toBe("https://minio.corp.example:9000");
    expect(flagValue(ls, "--ca-bundle")).toBe("/etc/pki/ca bundle.pem");
    for (const id of ids) expect(ls.comment).toContain(`${id}/`);
    expect(verify.note).toContain("/status?method=federated-etl&etlBucket=etl&etlPrefix=team%2Fkubecost");
    const rollout = verify.commands.find((c) => words(c).includes("statefulset/kubecost-aggregator"));
    expect(rollout).toBeDefined();
  });

  it("mentions Argo CD's lookup limitation next to the Secret", () => {
    const note = gen(base).steps.find((s) => s.id === "secrets-hub")!.note!;
    expect(note).toContain("global.platforms.cicd.enabled=true");
    expect(note).toContain("skipSanityChecks");
  });

  it("never emits the keys 2.x does not read", () => {
    for (const p of [base, withCa]) {
      const g = gen(p);
      for (const f of allFiles(g).filter((f) => f.language === "yaml")) {
        const keys = keyPaths(parse(f.content));
        expect(keys.filter((k) => k.includes("federatedETL.federator") || k.includes("amp.sigV4Proxy"))).toEqual([]);
      }
    }
  });

  it("is rejected for the 1.x chart line with a message that says why", () => {
    const r = validatePlan({ ...base, kubecost: { chartLine: "1.x", chartVersion: "1.108.1" } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path: "method", message: expect.stringContaining("Choose chart line 2.x") });
  });
});

const PHASES = ["prerequisites", "bucket-iam", "secrets", "install", "verify"];
