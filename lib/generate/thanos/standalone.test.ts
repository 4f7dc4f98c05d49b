import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validatePlan } from "@/lib/plan/validate";
import type { FederationPlan, FederationPlanInput } from "@/lib/plan/schema";
import { chartKeys } from "@/lib/charts/keys";
import { unreadValuePaths } from "@/lib/charts/lint";
import { unknownObjstoreKeys } from "@/lib/charts/objstore";
import { generateThanosStandalone } from "./standalone";
import { renderCommand } from "../shell";
import type { GeneratedCommand, GeneratedFile } from "../types";

const plan = (over: Partial<FederationPlanInput> = {}): FederationPlan => {
  const r = validatePlan({
    method: "thanos-standalone",
    kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
    awsAccountId: "123456789012",
    storage: { bucket: "acme-metrics", region: "us-west-2", encryption: { type: "SSE-S3" } },
    thanosDomain: "metrics.acme.example",
    clusters: [
      { id: "observee-1", role: "agent", kubeContext: "o1" },
      { id: "observer", role: "primary", kubeContext: "obs" },
      { id: "Observee_2", role: "agent", sidecarHost: "grpc.observee-2.acme.example" },
    ],
    ...over,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

const generate = (p: FederationPlan) => {
  const g = generateThanosStandalone(p);
  return { g, files: g.steps.flatMap((s) => s.files), commands: g.steps.flatMap((s) => s.commands) };
};
const file = (files: GeneratedFile[], path: string) => parse(files.find((f) => f.path === path)!.content);
// Just the fields of envoy.yaml the assertions walk.
interface EnvoyListenerDoc { address: { socket_address: { port_value: number } }; filter_chains: { filters: { typed_config: { route_config: { virtual_hosts: { routes: { route: { cluster: string } }[] }[] } } }[] }[] }
interface EnvoyClusterDoc { name: string; load_assignment: { endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { address: string; port_value: number } } } }[] }[] }; transport_socket: { typed_config: { sni: string } } }
const words = (c: GeneratedCommand) => c.argv.map((w) => (typeof w === "string" ? w : w.template));

describe("thanos-standalone generator", () => {
  it("takes the account id for the policy ARN from an existing role's ARN (no ${AWS_ACCOUNT_ID} left unset)", () => {
    const { commands } = generate(plan({ awsAccountId: undefined, auth: { mode: "irsa", roleArn: "arn:aws:iam::210987654321:role/thanos" } }));
    const attach = commands.find((c) => c.argv.includes("attach-role-policy"))!;
    expect(words(attach)).toEqual(["aws", "iam", "attach-role-policy", "--role-name", "thanos", "--policy-arn", "arn:aws:iam::210987654321:policy/kubecost-thanos-acme-metrics"]);
    expect(commands.some((c) => c.assignTo === "AWS_ACCOUNT_ID")).toBe(false);
  });

  it("captures AWS_ACCOUNT_ID before the policy when neither the plan nor a role names the account", () => {
    const { commands } = generate(plan({ awsAccountId: undefined, auth: { mode: "irsa" } }));
    const capture = commands.findIndex((c) => c.assignTo === "AWS_ACCOUNT_ID");
    const firstUse = commands.findIndex((c) => renderCommand(c).includes("${AWS_ACCOUNT_ID"));
    expect(capture).toBeGreaterThanOrEqual(0);
    expect(capture).toBeLessThan(firstUse);
  });

  it("gives every cluster a sidecar with the objstore Secret through existingSecret and its own cluster_id", () => {
    const { files } = generate(plan());
    for (const id of ["observer", "observee-1", "Observee_2"]) {
      const v = file(files, `clusters/${id}/kube-prometheus-stack.yaml`);
      const spec = v.prometheus.prometheusSpec;
      expect(spec.thanos.objectStorageConfig).toEqual({ existingSecret: { name: "thanos-objstore", key: "objstore.yml" } });
      // The chart's own sidecar image (quay.io/thanos/thanos:v0.42.4), not a pinned older one.
      expect(spec.thanos).not.toHaveProperty("image");
      // The TSDB survives restarts: blocks not yet uploaded are not lost (was an emptyDir).
      expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe("30Gi");
      expect(spec.thanos.resources.requests).toEqual({ cpu: "100m", memory: "256Mi" });
      expect(spec.externalLabels.cluster_id).toBe(id);
      expect(spec.externalLabels.kubecost_federation).toBe("acme-metrics");
      expect(v.prometheus.thanosService.enabled).toBe(true);
      // The 2021 blog's name/key form is ignored by today's chart.
      expect(spec.thanos.objectStorageConfig).not.toHaveProperty("name");
      const kubecost = file(files, `clusters/${id}/kubecost.yaml`);
      expect(kubecost.kubecostProductConfigs.clusterName).toBe(id);
      expect(kubecost.prometheus.server.global.external_labels.cluster_id).toBe(id);
    }
  });

  it("exposes agents' sidecars through a gRPC ALB ingress at their host; the observer's stays in-cluster", () => {
    const { files } = generate(plan());
    const ingress = file(files, "clusters/observee-1/kube-prometheus-stack.yaml").prometheus.thanosIngress;
    expect(ingress.hosts).toEqual(["thanos-observee-1.metrics.acme.example"]);
    expect(ingress.annotations["alb.ingress.kubernetes.io/backend-protocol-version"]).toBe("GRPC");
    expect(ingress.annotations["alb.ingress.kubernetes.io/target-type"]).toBe("ip");
    expect(JSON.parse(ingress.annotations["alb.ingress.kubernetes.io/listen-ports"])).toEqual([{ HTTPS: 443 }]);
    expect(file(files, "clusters/Observee_2/kube-prometheus-stack.yaml").prometheus.thanosIngress.hosts).toEqual(["grpc.observee-2.acme.example"]);
    expect(file(files, "clusters/observer/kube-prometheus-stack.yaml").prometheus).not.toHaveProperty("thanosIngress");
  });

  it("has one Envoy listener per agent with TLS to that agent's host, and Thanos query dials exactly those listeners", () => {
    const { files } = generate(plan());
    const envoy = file(files, "observer/envoy.yaml").static_resources;
    const routes = (envoy.listeners as EnvoyListenerDoc[]).map((l) => ({
      port: l.address.socket_address.port_value,
      cluster: l.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].route.cluster,
    }));
    const upstreams = Object.fromEntries(
      (envoy.clusters as EnvoyClusterDoc[]).map((c) => {
        const socket = c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
        return [c.name, { host: socket.address, port: socket.port_value, sni: c.transport_socket.typed_config.sni }];
      }),
    );
    expect(routes.map((r: { cluster: string }) => upstreams[r.cluster])).toEqual([
      { host: "thanos-observee-1.metrics.acme.example", port: 443, sni: "thanos-observee-1.metrics.acme.example" },
      { host: "grpc.observee-2.acme.example", port: 443, sni: "grpc.observee-2.acme.example" },
    ]);
    const thanos = file(files, "observer/thanos.yaml");
    expect(thanos.additionalEndpoints).toEqual([
      // The observer's own sidecar, by DNS SRV on kube-prometheus-stack's discovery service.
      "dnssrv+_grpc._tcp.kube-prometheus-stack-thanos-discovery.monitoring.svc.cluster.local",
      ...routes.map((r: { port: number }) => `thanos-envoy.monitoring.svc.cluster.local:${r.port}`),
    ]);
    const service = file(files, "observer/envoy-service.yaml");
    expect(service.spec.ports.map((p: { port: number }) => p.port)).toEqual(routes.map((r: { port: number }) => r.port));
    const container = file(files, "observer/envoy-deployment.yaml").spec.template.spec.containers[0];
    expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual(routes.map((r: { port: number }) => r.port));
  });

  it("routes each listener to its sidecar host over verified TLS with h2 ALPN (what the ALB needs to match and speak gRPC)", () => {
    const { files } = generate(plan());
    const envoy = file(files, "observer/envoy.yaml").static_resources;
    const hosts = ["thanos-observee-1.metrics.acme.example", "grpc.observee-2.acme.example"];
    const routes = envoy.listeners.map((l: EnvoyListenerDoc) => l.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].route);
    expect(routes).toEqual(hosts.map((h, i) => ({ cluster: envoy.clusters[i].name, timeout: "0s", host_rewrite_literal: h })));
    expect(envoy.clusters.map((c: { transport_socket: unknown }) => c.transport_socket)).toEqual(
      hosts.map((h) => ({
        name: "envoy.transport_sockets.tls",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
          sni: h,
          common_tls_context: {
            alpn_protocols: ["h2"],
            validation_context: {
              trusted_ca: { filename: "/etc/ssl/certs/ca-certificates.crt" },
              match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: h } }],
            },
          },
        },
      })),
    );
  });

  it("runs one compactor and store gateway from the same Secret; no secret values in any values file", () => {
    const accessKeyId = "AKIAABCDEFGHIJKLMNOP";
    const secretAccessKey = "abcdEFGHijklMNOPqrstUVWXyz0123456789/+==";
    const { files, commands } = generate(plan({ auth: { mode: "access-keys", accessKeyId, secretAccessKey } }));
    const thanos = file(files, "observer/thanos.yaml");
    expect(thanos.objstoreConfig).toEqual({ create: false, name: "thanos-objstore", key: "objstore.yml" });
    expect([thanos.compact.enabled, thanos.storeGateway.enabled, thanos.query.enabled]).toEqual([true, true, true]);
    for (const c of [thanos.compact, thanos.storeGateway, thanos.query]) expect(c.resources.requests.memory).toMatch(/Gi$/);
    expect(thanos.compact.extraArgs).toContain("--retention.resolution-raw=30d");
    // null: the cluster's default StorageClass instead of the chart's "standard" (absent on EKS).
    expect(thanos.compact.persistence).toEqual({ enabled: true, size: "50Gi", storageClass: null });
    expect(files.filter((f) => f.path.includes("thanos.yaml")).length).toBe(1);
    const holders = [...new Set(files.filter((f) => f.content.includes(accessKeyId) || f.content.includes(secretAccessKey)).map((f) => f.path))];
    expect(holders).toEqual(["objstore.yml"]);
    for (const c of commands) expect(renderCommand(c)).not.toMatch(/AKIAABCD|abcdEFGH/);
    const doc = file(files, "objstore.yml");
    expect(doc.config.sse_config).toEqual({ type: "SSE-S3" });
    expect(unknownObjstoreKeys("v0.42.4", doc)).toEqual([]);
    const secrets = commands.filter((c) => words(c).slice(0, 4).join(" ") === "kubectl create secret generic");
    expect(secrets.map((c) => [words(c)[4], words(c)[6]])).toEqual([["thanos-objstore", "monitoring"], ["thanos-objstore", "monitoring"], ["thanos-objstore", "monitoring"]]);
  });

  it("points Kubecost 2.x on the observer at Thanos query without any thanos.* key", () => {
    const { files } = generate(plan());
    const primary = file(files, "clusters/observer/kubecost.yaml");
    expect(primary.global.prometheus).toEqual({ enabled: false, fqdn: "http://thanos-query.monitoring.svc.cluster.local:10902" });
    expect(primary.global).not.toHaveProperty("thanos");
    expect(primary).not.toHaveProperty("thanos");
    expect(file(files, "clusters/observee-1/kubecost.yaml").global.prometheus.fqdn).toBe("http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090");
  });

  it("Kubecost 1.x on the observer also names Thanos query as its queryService, and never enables the bundled subchart", () => {
    const { files } = generate(plan({ kubecost: { chartLine: "1.x", chartVersion: "1.108.1" } }));
    const primary = file(files, "clusters/observer/kubecost.yaml");
    expect(primary.global.thanos).toEqual({ queryService: "http://thanos-query.monitoring.svc.cluster.local:10902" });
    for (const f of files.filter((f) => f.chartValues)) expect(unreadValuePaths(f.chartValues!, parse(f.content)), f.path).toEqual([]);
  });

  it("IRSA: no keys in objstore, the sidecar, store gateway and compactor share the eksctl service account", () => {
    const { files, commands } = generate(plan());
    expect(file(files, "objstore.yml").config).not.toHaveProperty("access_key");
    expect(file(files, "clusters/observer/kube-prometheus-stack.yaml").prometheus.serviceAccount).toEqual({ create: false, name: "kubecost-irsa" });
    const thanos = file(files, "observer/thanos.yaml");
    expect(thanos.storeGateway.serviceAccount).toEqual({ create: false, name: "kubecost-irsa" });
    expect(thanos.compact.serviceAccount).toEqual({ create: false, name: "kubecost-irsa" });
    const eksctl = commands.filter((c) => words(c).slice(0, 3).join(" ") === "eksctl create iamserviceaccount").map(words);
    expect(eksctl).toHaveLength(3);
    for (const argv of eksctl) expect(argv).toEqual(expect.arrayContaining(["--namespace", "monitoring", "--name", "kubecost-irsa"]));
  });

  it("every chart key it writes is read by the chart (the Thanos and kube-prometheus-stack lists are loaded)", () => {
    const { files, commands } = generate(plan({ storage: { bucket: "acme-metrics", region: "us-west-2", endpoint: "s3.internal.example:443", internalCa: { caFile: "/tmp/ca.pem" } } }));
    expect(chartKeys({ chart: "stevehipwell-thanos", version: "1.24.1" }).templatePaths).toContain("additionalEndpoints");
    const charts = new Set(files.filter((f) => f.chartValues).map((f) => f.chartValues!.chart));
    expect(charts).toEqual(new Set(["kube-prometheus-stack", "stevehipwell-thanos", "cost-analyzer"]));
    for (const f of files.filter((f) => f.chartValues)) expect(unreadValuePaths(f.chartValues!, parse(f.content)), f.path).toEqual([]);
    // The CA is mounted where objstore.yml's ca_file points, in the sidecar and in Thanos.
    const caFile = file(files, "objstore.yml").config.http_config.tls_config.ca_file;
    const kps = file(files, "clusters/observer/kube-prometheus-stack.yaml").prometheus.prometheusSpec;
    expect(`${kps.thanos.volumeMounts[0].mountPath}/ca.crt`).toBe(caFile);
    expect(file(files, "observer/thanos.yaml").compact.extraVolumeMounts[0].mountPath + "/ca.crt").toBe(caFile);
    expect(commands.map(words)).toContainEqual(expect.arrayContaining(["configmap", "kubecost-ca-bundle", "--from-file=ca.crt=/tmp/ca.pem", "monitoring"]));
  });

  it("derives host names from ids with '_' turned into '-' (host names cannot hold '_')", () => {
    const { files } = generate(plan({ clusters: [{ id: "hub", role: "primary" }, { id: "Shop_EU", role: "agent" }] }));
    expect(file(files, "clusters/Shop_EU/kube-prometheus-stack.yaml").prometheus.thanosIngress.hosts).toEqual(["thanos-shop-eu.metrics.acme.example"]);
  });

  it("a lone primary gets no Envoy step and no query stores", () => {
    const { g, files } = generate(plan({ clusters: [{ id: "solo", role: "primary" }] }));
    expect(g.steps.map((s) => s.id)).not.toContain("observer-envoy");
    expect(file(files, "observer/thanos.yaml").additionalEndpoints).toEqual(["dnssrv+_grpc._tcp.kube-prometheus-stack-thanos-discovery.monitoring.svc.cluster.local"]);
  });

  it("installs Thanos from stevehipwell's OCI chart, which runs the upstream quay.io image", () => {
    const { files, commands } = generate(plan());
    const helm = commands.find((c) => words(c).includes("thanos") && words(c)[1] === "upgrade")!;
    expect(words(helm).slice(0, 5)).toEqual(["helm", "upgrade", "--install", "thanos", "oci://ghcr.io/stevehipwell/helm-charts/thanos"]);
    expect(words(helm)).toEqual(expect.arrayContaining(["--version", "1.24.1"]));
    expect(file(files, "observer/thanos.yaml")).not.toHaveProperty("image");
  });

  it("keeps the agents' unauthenticated StoreAPI off the internet: internal ALBs, or only the observer's egress CIDRs", () => {
    const internal = file(generate(plan()).files, "clusters/observee-1/kube-prometheus-stack.yaml").prometheus.thanosIngress.annotations;
    expect(internal["alb.ingress.kubernetes.io/scheme"]).toBe("internal");
    const clusters: FederationPlanInput["clusters"] = [
      { id: "observer", role: "primary", egressCidrs: ["203.0.113.10/32", "203.0.113.11/32"] },
      { id: "observee-1", role: "agent" },
    ];
    const open = file(generate(plan({ clusters })).files, "clusters/observee-1/kube-prometheus-stack.yaml").prometheus.thanosIngress.annotations;
    expect(open["alb.ingress.kubernetes.io/scheme"]).toBe("internet-facing");
    expect(open["alb.ingress.kubernetes.io/inbound-cidrs"]).toBe("203.0.113.10/32,203.0.113.11/32");
  });

  it("needs no sidecar host for the observer (its sidecar is queried in-cluster)", () => {
    const { files } = generate(plan({ thanosDomain: undefined, clusters: [{ id: "observer", role: "primary" }, { id: "a", role: "agent", sidecarHost: "thanos-a.acme.example" }] }));
    expect(file(files, "observer/envoy.yaml").static_resources.clusters).toHaveLength(1);
  });
});
