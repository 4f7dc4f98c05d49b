import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import type { FederationPlanInput } from "@/lib/plan/schema";
import { unreadSetFlags, unreadValuePaths } from "@/lib/charts/lint";
import { bashArgvMany } from "@/test/support/bash";
import { generatePlan } from "..";
import { renderCommand } from "../shell";
import type { GeneratedCommand } from "../types";
import { allCommands, allFiles, at, flagValue, flagValues, keyPaths, planFrom, words, yamlFile } from "@/test/support/generated-plan";

const WS = "ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const quickStart: FederationPlanInput = {
  method: "amp",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
  awsAccountId: "123456789012",
  amp: { region: "eu-west-1", workspace: { mode: "create", alias: "kubecost amp" } },
  clusters: [
    { id: "extra", role: "agent", eksClusterName: "eks-extra", region: "eu-central-1" },
    { id: "main", role: "primary", eksClusterName: "eks-main" },
  ],
};
const federated: FederationPlanInput = {
  ...quickStart,
  method: "amp-federated",
  amp: { region: "us-east-1", workspace: { mode: "existing", workspaceId: WS } },
  storage: { bucket: "acme-etl-metrics", region: "us-east-2" },
  clusters: [
    { id: "hub", role: "primary", eksClusterName: "eks-hub" },
    { id: "spoke-1", role: "agent", eksClusterName: "eks-spoke-1" },
    { id: "spoke-2", role: "agent", eksClusterName: "eks-spoke-2" },
  ],
};
const gen = (p: FederationPlanInput) => generatePlan(planFrom(p));
const chart = { chart: "cost-analyzer", version: "2.4.2" } as const;
const helmInstalls = (cmds: GeneratedCommand[]) => cmds.filter((c) => c.argv[0] === "helm" && c.argv[1] === "upgrade");
const isEksctlSa = (c: GeneratedCommand) => words(c).slice(0, 3).join(" ") === "eksctl create iamserviceaccount";
const env = { AMP_WORKSPACE_ID: "ws-11111111-2222-3333-4444-555555555555" };

describe("AMP generator", () => {
  it("writes global.amp.* and top-level sigV4Proxy.* for the workspace region, with the existing workspace id", () => {
    const v = yamlFile(gen(federated), "config-values.yaml");
    expect(v).toEqual({
      global: {
        amp: {
          enabled: true,
          prometheusServerEndpoint: `http://localhost:8005/workspaces/${WS}`,
          remoteWriteService: `https://aps-workspaces.us-east-1.amazonaws.com/workspaces/${WS}/api/v1/remote_write`,
          sigv4: { region: "us-east-1" },
        },
      },
      sigV4Proxy: { region: "us-east-1", host: "aps-workspaces.us-east-1.amazonaws.com" },
    });
    expect(unreadValuePaths(chart, v)).toEqual([]);
  });

  it("keeps a created workspace's id out of the values file and passes the endpoints from $AMP_WORKSPACE_ID", () => {
    const g = gen(quickStart);
    const v = yamlFile(g, "config-values.yaml");
    expect(at(v, "global", "amp")).toEqual({ enabled: true, sigv4: { region: "eu-west-1" } });
    const helm = helmInstalls(allCommands(g));
    expect(helm).toHaveLength(2);
    const argvs = bashArgvMany(helm.map((c) => renderCommand(c)), env);
    for (const [i, argv] of argvs.entries()) {
      expect(flagValues({ argv }, "--set")).toEqual([
        `global.amp.prometheusServerEndpoint=http://localhost:8005/workspaces/${env.AMP_WORKSPACE_ID}`,
        `global.amp.remoteWriteService=https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/${env.AMP_WORKSPACE_ID}/api/v1/remote_write`,
      ]);
      expect(unreadSetFlags(chart, helm[i].argv)).toEqual([]);
      expect(flagValues({ argv }, "--values")[0]).toBe("config-values.yaml");
    }
  });

  it("captures the workspace id before any command uses it", () => {
    const g = gen(quickStart);
    const cmds = allCommands(g);
    const capture = cmds.findIndex((c) => c.assignTo === "AMP_WORKSPACE_ID");
    const firstUse = cmds.findIndex((c) => c.argv.some((w) => typeof w !== "string" && w.template.includes("${AMP_WORKSPACE_ID}")));
    expect(capture).toBeGreaterThan(0);
    expect(capture).toBeLessThan(firstUse);
    // The exact, live alias is matched (list-workspaces --alias is a prefix filter), quoted safely.
    const [argv] = bashArgvMany([renderCommand({ argv: cmds[capture].argv })]);
    expect(flagValue({ argv }, "--query")).toBe("workspaces[?alias=='kubecost amp' && status.statusCode!='DELETING' && status.statusCode!='CREATION_FAILED'].workspaceId | [0]");
    expect(flagValue({ argv }, "--region")).toBe("eu-west-1");
    expect(words(cmds[capture].orElse!)).toEqual(["aws", "amp", "create-workspace", "--alias", "kubecost amp", "--region", "eu-west-1", "--query", "workspaceId", "--output", "text"]);
    expect(cmds[capture].orElse!.assignTo).toBe("AMP_WORKSPACE_ID");
    expect(cmds.filter((c) => c.argv.includes("create-workspace"))).toEqual([]);
  });

  it("reuses the workspace on re-run and creates one only when the lookup finds none (real bash, stub aws)", () => {
    const lookup = allCommands(gen(quickStart)).find((c) => c.assignTo === "AMP_WORKSPACE_ID")!;
    // The stub answers list-workspaces with $LIST (the CLI prints "None" for no match) and logs each call.
    const run = (list: string) => {
      const script = `aws() { echo "CALL $2" >&2; case "$2" in list-workspaces) printf '%s\\n' "$LIST";; create-workspace) echo ws-new;; esac; }\n${renderCommand(lookup)}\necho "id=$AMP_WORKSPACE_ID"`;
      const r = spawnSync("bash", ["--noprofile", "--norc", "-c", script], { encoding: "utf8", env: { PATH: process.env.PATH, LIST: list } as unknown as NodeJS.ProcessEnv });
      return { out: r.stdout.trim(), calls: r.stderr.trim().split("\n") };
    };
    expect(run("ws-existing")).toEqual({ out: "id=ws-existing", calls: ["CALL list-workspaces"] });
    expect(run("None")).toEqual({ out: "id=ws-new", calls: ["CALL list-workspaces", "CALL create-workspace"] });
    expect(run("")).toEqual({ out: "id=ws-new", calls: ["CALL list-workspaces", "CALL create-workspace"] });
  });

  it("says before the install commands that they need $AMP_WORKSPACE_ID", () => {
    for (const step of gen(quickStart).steps.filter((s) => s.phase === "install")) {
      expect(step.why).toContain("Needs $AMP_WORKSPACE_ID from the AMP workspace step in this shell");
      expect(step.note ?? "").not.toContain("AMP_WORKSPACE_ID");
    }
    for (const step of gen(federated).steps.filter((s) => s.phase === "install")) expect(step.why).not.toContain("AMP_WORKSPACE_ID");
  });

  it("creates both IRSA service accounts on every cluster with the names the helm values use", () => {
    const g = gen(quickStart);
    for (const step of g.steps.filter((s) => s.commands.some(isEksctlSa))) {
      const [analyzer, server] = step.commands.filter(isEksctlSa);
      const v = yamlFile(g, `clusters/${step.clusterId}/values.yaml`);
      expect(at(v, "serviceAccount")).toEqual({ create: false, name: flagValue(analyzer, "--name") });
      expect(at(v, "prometheus", "serviceAccounts", "server")).toEqual({ create: false, name: flagValue(server, "--name") });
      expect(flagValue(analyzer, "--name")).toBe("kubecost-cost-analyzer-amp");
      expect(flagValue(server, "--name")).toBe("kubecost-prometheus-server-amp");
      for (const c of [analyzer, server]) {
        expect(flagValues(c, "--attach-policy-arn")).toEqual(["arn:aws:iam::aws:policy/AmazonPrometheusQueryAccess", "arn:aws:iam::aws:policy/AmazonPrometheusRemoteWriteAccess"]);
        expect(flagValue(c, "--namespace")).toBe("kubecost");
      }
    }
    const clusters = g.steps.filter((s) => s.commands.some(isEksctlSa)).map((s) => [s.clusterId, flagValue(s.commands.find(isEksctlSa)!, "--region")]);
    expect(clusters).toEqual([["main", "eu-west-1"], ["extra", "eu-central-1"]]);
  });

  it("installs the primary first, after every service account", () => {
    const g = gen(quickStart);
    expect(g.steps.filter((s) => s.phase === "install").map((s) => s.clusterId)).toEqual(["main", "extra"]);
    const lastIam = Math.max(...g.steps.map((s, i) => (s.commands.some(isEksctlSa) ? i : -1)));
    expect(lastIam).toBeLessThan(g.steps.findIndex((s) => s.phase === "install"));
    for (const id of ["main", "extra"]) {
      const v = yamlFile(g, `clusters/${id}/values.yaml`);
      expect(at(v, "kubecostProductConfigs", "clusterName")).toBe(id);
      expect(at(v, "prometheus", "server", "global", "external_labels", "cluster_id")).toBe(id);
      expect(unreadValuePaths(chart, v)).toEqual([]);
    }
  });

  it("uploads Kubecost's recording rules as the kubecost-rules namespace", () => {
    const g = gen(quickStart);
    const rules = yamlFile(g, "amp/recording-rules.yaml") as { groups: { name: string; rules: { record: string; expr: string }[] }[] };
    expect(rules.groups.map((gr) => gr.name)).toEqual(["CPU", "Savings"]);
    for (const r of rules.groups.flatMap((gr) => gr.rules)) {
      expect(r.record).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      expect(r.expr.length).toBeGreaterThan(10);
    }
    expect(rules.groups[0].rules.map((r) => r.record)).toContain("kubecost_container_cpu_usage_irate");
    // The 2.4.2 chart's own expressions (values.yaml, rules group CPU), grouped by cluster_id: the
    // workspace holds every cluster, and a rule without it adds them all into one series.
    // cAdvisor has no container_name/pod_name since Kubernetes 1.16.
    expect(rules.groups[0].rules).toEqual([
      { record: "cluster:cpu_usage:rate5m", expr: 'sum(rate(container_cpu_usage_seconds_total{container!=""}[5m])) by (cluster_id)' },
      { record: "cluster:cpu_usage_nosum:rate5m", expr: 'rate(container_cpu_usage_seconds_total{container!="", cluster_id!=""}[5m])' },
      { record: "kubecost_container_cpu_usage_irate", expr: 'avg(irate(container_cpu_usage_seconds_total{container!="POD", container!=""}[5m])) by (container,pod,namespace,cluster_id)' },
      { record: "kubecost_container_memory_working_set_bytes", expr: 'sum(container_memory_working_set_bytes{container!="POD",container!=""}) by (container,pod,namespace,cluster_id)' },
      { record: "kubecost_cluster_memory_working_set_bytes", expr: 'sum(container_memory_working_set_bytes{container!="POD",container!=""}) by (cluster_id)' },
    ]);
    // Every aggregation in every rule keeps cluster_id, and every rule names it (the unsummed one
    // leaves out series that carry none).
    for (const r of rules.groups.flatMap((gr) => gr.rules)) {
      expect(r.expr, r.record).toContain("cluster_id");
      for (const by of r.expr.matchAll(/\bby \(([^)]*)\)/g)) expect(by[1], r.record).toContain("cluster_id");
      if (/^(sum|avg)\(/.test(r.expr)) expect(r.expr, r.record).toMatch(/by \([^)]*cluster_id[^)]*\)(\s*\/.*)?$/);
    }
    for (const r of rules.groups.flatMap((gr) => gr.rules)) expect(r.expr).not.toMatch(/container_name|pod_name/);
    // Re-runnable: describe, then put (replace) when it exists, else create (create alone fails
    // with ConflictException on a second run).
    const test = allCommands(g).find((c) => words(c).slice(0, 3).join(" ") === "aws amp describe-rule-groups-namespace")!;
    expect(test.quiet).toBe(true);
    const target = ["--workspace-id", "${AMP_WORKSPACE_ID}", "--name", "kubecost-rules", "--region", "eu-west-1"];
    expect(words(test)).toEqual(["aws", "amp", "describe-rule-groups-namespace", ...target]);
    expect(words(test.then!)).toEqual(["aws", "amp", "put-rule-groups-namespace", ...target, "--data", "fileb://amp/recording-rules.yaml"]);
    expect(words(test.orElse!)).toEqual(["aws", "amp", "create-rule-groups-namespace", ...target, "--data", "fileb://amp/recording-rules.yaml"]);
    expect(renderCommand(test)).toMatch(/^if aws amp describe-rule-groups-namespace [\s\S]* >\/dev\/null 2>&1; then\n {2}aws amp put-rule-groups-namespace [\s\S]*\nelse\n {2}aws amp create-rule-groups-namespace [\s\S]*\nfi$/);
  });

  it("federated: agents filter AMP to their cluster and run agentOnly; the primary runs the Aggregator", () => {
    const g = gen(federated);
    const hub = yamlFile(g, "clusters/hub/values.yaml");
    expect(at(hub, "federatedETL")).toEqual({ federatedCluster: true, useMultiClusterDB: false });
    expect(at(hub, "kubecostAggregator", "deployMethod")).toBe("statefulset");
    for (const id of ["spoke-1", "spoke-2"]) {
      const v = yamlFile(g, `clusters/${id}/values.yaml`);
      expect(at(v, "federatedETL")).toEqual({ federatedCluster: true, agentOnly: true, useMultiClusterDB: true });
      expect(at(v, "kubecostAggregator", "deployMethod")).toBe("disabled");
      expect(at(v, "kubecostModel", "federatedStorageConfigSecret")).toBe("federated-store");
      expect(unreadValuePaths(chart, v)).toEqual([]);
    }
    // The Secret lands on every cluster before that cluster's helm install.
    const ids = g.steps.map((s) => s.id);
    for (const id of ["hub", "spoke-1", "spoke-2"]) expect(ids.indexOf(`secrets-${id}`)).toBeLessThan(ids.indexOf(`install-${id}`));
    expect(ids.indexOf("secrets-spoke-2")).toBeLessThan(ids.indexOf("install-hub"));
    const store = yamlFile(g, "federated-store.yaml");
    expect(store).toMatchObject({ type: "S3", config: { bucket: "acme-etl-metrics", region: "us-east-2" } });
  });

  it("federated with IRSA: the cost-analyzer role also gets the bucket policy, Prometheus does not", () => {
    const g = gen(federated);
    const step = g.steps.find((s) => s.id === "service-accounts-hub")!;
    const [analyzer, server] = step.commands.filter(isEksctlSa);
    expect(flagValues(analyzer, "--attach-policy-arn")).toContain("arn:aws:iam::123456789012:policy/kubecost-federated-store-acme-etl-metrics");
    expect(flagValues(server, "--attach-policy-arn")).not.toContain("arn:aws:iam::123456789012:policy/kubecost-federated-store-acme-etl-metrics");
  });

  it("federated with access keys: keys go to the bucket Secret only; AMP still signs with IRSA", () => {
    const g = gen({ ...federated, auth: { mode: "access-keys" } });
    expect(at(yamlFile(g, "federated-store.yaml"), "config", "access_key")).toBe("REPLACE_WITH_ACCESS_KEY_ID");
    const analyzer = allCommands(g).find(isEksctlSa)!;
    expect(flagValues(analyzer, "--attach-policy-arn")).toHaveLength(2);
    expect(g.steps[0].note).toContain("ETL bucket only");
  });

  it("an existing role: attaches the AMP policies and annotates chart-created service accounts", () => {
    const roleArn = "arn:aws:iam::123456789012:role/kubecost-amp";
    const g = gen({ ...quickStart, auth: { mode: "irsa", roleArn } });
    expect(allCommands(g).some(isEksctlSa)).toBe(false);
    const attach = allCommands(g).filter((c) => words(c).slice(0, 3).join(" ") === "aws iam attach-role-policy");
    expect(attach.map((c) => [flagValue(c, "--role-name"), flagValue(c, "--policy-arn")])).toEqual([
      ["kubecost-amp", "arn:aws:iam::aws:policy/AmazonPrometheusQueryAccess"],
      ["kubecost-amp", "arn:aws:iam::aws:policy/AmazonPrometheusRemoteWriteAccess"],
    ]);
    const v = yamlFile(g, "clusters/main/values.yaml");
    const annotated = (name: string) => ({ create: true, name, annotations: { "eks.amazonaws.com/role-arn": roleArn } });
    expect(at(v, "serviceAccount")).toEqual(annotated("kubecost-cost-analyzer-amp"));
    expect(at(v, "prometheus", "serviceAccounts", "server")).toEqual(annotated("kubecost-prometheus-server-amp"));
  });

  it("verifies the workspace is ACTIVE and queries kubecost_cluster_info by cluster_id", () => {
    const g = gen(federated);
    const verify = g.steps.find((s) => s.phase === "verify")!;
    const describeWs = verify.commands.find((c) => words(c).slice(0, 3).join(" ") === "aws amp describe-workspace")!;
    expect(flagValue(describeWs, "--workspace-id")).toBe(WS);
    expect(describeWs.comment).toContain("ACTIVE");
    const awscurl = verify.commands.find((c) => c.argv[0] === "awscurl")!;
    const url = new URL(words(awscurl).at(-1)!);
    expect(url.host).toBe("aps-workspaces.us-east-1.amazonaws.com");
    expect(url.pathname).toBe(`/workspaces/${WS}/api/v1/query`);
    expect(url.searchParams.get("query")).toBe("count by (cluster_id) (kubecost_cluster_info)");
    expect(flagValue(awscurl, "--service")).toBe("aps");
    for (const id of ["hub", "spoke-1", "spoke-2"]) expect(awscurl.comment).toContain(id);
    expect(verify.commands.some((c) => words(c).join(" ").startsWith("aws s3 ls s3://acme-etl-metrics/federated/"))).toBe(true);
    // The bucket (us-east-2) and the workspace (us-east-1) each keep their own region in the link.
    expect(verify.note).toContain(`/status?method=amp-federated&etlBucket=acme-etl-metrics&region=us-east-2&ampRegion=us-east-1&ampWorkspaceId=${WS}`);
    expect(verify.note).toContain("port-forward");
  });

  it("uses the partition of the workspace region in managed policy ARNs", () => {
    const g = gen({ ...quickStart, amp: { region: "us-gov-west-1", workspace: { mode: "existing", workspaceId: WS } } });
    const sa = allCommands(g).find(isEksctlSa)!;
    expect(flagValues(sa, "--attach-policy-arn")[0]).toBe("arn:aws-us-gov:iam::aws:policy/AmazonPrometheusQueryAccess");
  });

  it("never emits global.amp.sigV4Proxy or federatedETL.federator", () => {
    for (const p of [quickStart, federated]) {
      const g = gen(p);
      for (const f of allFiles(g).filter((f) => f.language === "yaml")) {
        expect(keyPaths(parse(f.content)).filter((k) => /amp\.sigV4Proxy|federatedETL\.federator/.test(k)), f.path).toEqual([]);
      }
      for (const c of helmInstalls(allCommands(g))) expect(flagValues(c, "--set").filter((s) => /sigV4Proxy|federator/.test(s))).toEqual([]);
    }
  });
});
