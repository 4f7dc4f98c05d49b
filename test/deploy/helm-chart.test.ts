import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExamplePlans } from "@/test/support/example-plans";
import { toYaml } from "@/lib/generate/yaml";
import { CONSOLE_VALUES_FILE, watchFederationStep } from "@/lib/generate/watch-step";
import { statusConfigSchema } from "@/lib/status/config";
import { startKubeDiscovery, type KubeDiscovery } from "@/test/support/kube-discovery";

// The console's chart rendered by real helm 4 (scripts/ensure-k8s-tools.sh) for the values an
// admin would use, its manifests asserted as parsed objects, `helm lint` clean, and every
// manifest accepted by `kubectl create --dry-run=client` (kinds mapped through a discovery stand-in).

const root = path.resolve(import.meta.dirname, "../..");
const chart = path.join(root, "deploy/helm/federation-console");
const toolsBin = spawnSync("bash", [path.join(root, "scripts/ensure-k8s-tools.sh")], { encoding: "utf8" }).stdout.trim();
const env = { ...process.env, PATH: `${toolsBin}:${process.env.PATH}`, HELM_CACHE_HOME: path.join(os.tmpdir(), "fc-helm-cache"), HELM_CONFIG_HOME: path.join(os.tmpdir(), "fc-helm-config") };
const tmp = mkdtempSync(path.join(os.tmpdir(), "fc-chart-"));

type Manifest = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any; data?: Record<string, string> }; // eslint-disable-line @typescript-eslint/no-explicit-any

function valuesFile(name: string, values: unknown): string {
  const file = path.join(tmp, `${name}.yaml`);
  writeFileSync(file, toYaml(values));
  return file;
}

function helm(args: string[]) {
  return spawnSync("helm", args, { env, encoding: "utf8" });
}

// Each distinct values set is rendered once per file (a helm process costs about a second on a
// busy machine); tests read the parsed manifests, never change them.
const renders = new Map<string, { text: string; manifests: Manifest[] }>();
function render(values: unknown, name = "values"): { text: string; manifests: Manifest[] } {
  const key = JSON.stringify(values);
  const cached = renders.get(key);
  if (cached) return cached;
  const r = helm(["template", "fc", chart, "--namespace", "kubecost", "--values", valuesFile(name, values)]);
  if (r.status !== 0) throw new Error(r.stderr);
  const manifests = parseAllDocuments(r.stdout).map((d) => d.toJS() as Manifest).filter(Boolean);
  renders.set(key, { text: r.stdout, manifests });
  return renders.get(key)!;
}

const byKind = (ms: Manifest[], kind: string) => ms.filter((m) => m.kind === kind);
const one = (ms: Manifest[], kind: string) => {
  const found = byKind(ms, kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
};
const container = (ms: Manifest[]) => one(ms, "Deployment").spec.template.spec.containers[0];
const envOf = (ms: Manifest[]) => Object.fromEntries(container(ms).env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [e.name, e.value ?? e.valueFrom]));
const b64 = (s: string) => Buffer.from(s, "base64").toString("utf8");

const config = { etl: { bucket: "team-etl", region: "us-east-1" }, expectedClusters: ["prod-1", "prod-2"] };
/** The login from a Secret made once (docs/security.md): how a GitOps install runs. */
const minimal = { config, auth: { existingSecret: "federation-console-auth" } };
const irsa = { ...minimal, serviceAccount: { roleArn: "arn:aws:iam::123456789012:role/federation-console" }, persistence: { enabled: true, size: "2Gi" } };
const ingressAuth = {
  ...minimal,
  auth: { mode: "bearer", token: "0123456789abcdef0123456789abcdef" },
  ingress: { enabled: true, className: "nginx", hosts: ["console.example.com"], tls: [{ secretName: "console-tls", hosts: ["console.example.com"] }] },
  metrics: { token: "scrape-0123456789abcdef", serviceMonitor: { enabled: true }, prometheusRule: { enabled: true } },
};

/** Async: the discovery stand-in runs in this process and must keep answering meanwhile. */
function kubectlDryRun(manifests: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("kubectl", ["--server", discovery.server, "--cache-dir", path.join(tmp, "kube-cache"), "create", "--dry-run=client", "--validate=false", "-o", "name", "-f", "-"], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(manifests);
  });
}

let discovery: KubeDiscovery;
beforeAll(async () => {
  discovery = await startKubeDiscovery();
});
afterAll(async () => {
  await discovery.stop();
});

describe("deploy/helm/federation-console", () => {
  it("minimal: hardened Deployment, separate readiness and liveness, config as a ConfigMap, the login from an existing Secret", () => {
    const { manifests } = render(minimal);
    const c = container(manifests);
    const pod = one(manifests, "Deployment").spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } });
    expect(c.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(c.readinessProbe.httpGet).toEqual({ path: "/api/readyz", port: "http" });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/api/healthz", port: "http" });
    const e = envOf(manifests);
    expect(e.HOSTNAME).toBe("0.0.0.0");
    expect(e.FC_CONFIG).toBe("/etc/federation-console/config.yaml");
    expect(e.FC_DATA_DIR).toBe("/data");
    expect(e.FC_AUTH).toEqual({ secretKeyRef: { name: "federation-console-auth", key: "FC_AUTH" } });
    expect(String(e.FC_ALLOWED_HOSTS).split(",")).toContain("fc-federation-console.kubecost.svc.cluster.local");
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(["/data", "/etc/federation-console", "/tmp"]);
    expect(pod.volumes.find((v: { name: string }) => v.name === "data").emptyDir).toBeDefined();

    const config = parseYaml(one(manifests, "ConfigMap").data!["config.yaml"]);
    expect(statusConfigSchema.parse(config)).toMatchObject({ etl: { bucket: "team-etl", region: "us-east-1" }, expectedClusters: ["prod-1", "prod-2"], allowRequestTargets: false });
    expect(byKind(manifests, "Secret")).toEqual([]);
    const np = one(manifests, "NetworkPolicy");
    expect(np.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    // In: the ingress controller's namespace and Prometheus only. Out: DNS to kube-dns, HTTPS.
    expect(np.spec.ingress).toEqual([
      {
        ports: [{ port: "http", protocol: "TCP" }],
        from: [
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } },
        ],
      },
    ]);
    expect(np.spec.egress[0]).toEqual({
      ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }],
      to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
    });
    expect(np.spec.egress[1].ports).toEqual([{ port: 443, protocol: "TCP" }]);
    const pdb = one(manifests, "PodDisruptionBudget");
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "federation-console", "app.kubernetes.io/instance": "fc" } } });
    for (const kind of ["Ingress", "ServiceMonitor", "PrometheusRule", "PersistentVolumeClaim"]) expect(byKind(manifests, kind), kind).toEqual([]);
    expect(one(manifests, "ServiceAccount").metadata.annotations).toBeUndefined();
  });

  it("GitOps: every render is the same, the login never comes from lookup or a render-time random", () => {
    for (const values of [minimal, { config, auth: { password: "correct-horse-battery-staple" } }, ingressAuth]) {
      const first = render(values, "gitops-1").text;
      expect(render(values, "gitops-2").text).toBe(first);
    }
    const first = b64(one(render({ config, auth: { password: "correct-horse-battery-staple" } }, "pw").manifests, "Secret").data!.FC_AUTH);
    expect(first).toBe("basic:admin:correct-horse-battery-staple");
    for (const file of readdirSync(path.join(chart, "templates"))) {
      const text = readFileSync(path.join(chart, "templates", file), "utf8");
      expect(text, file).not.toMatch(/\blookup\b|randAlphaNum|randAscii/);
    }
  });

  it("without a login Secret or password, the render fails with the one-time step", () => {
    const r = helm(["template", "fc", chart, "--namespace", "kubecost", "--values", valuesFile("no-login", { config })]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('kubectl create secret generic fc-federation-console-auth --namespace kubecost --from-literal=FC_AUTH="basic:admin:$(openssl rand -hex 24)"');
    expect(r.stderr).toContain("then set auth.existingSecret=fc-federation-console-auth");
  });

  it("a bad username or a weak password fails the render with a message", () => {
    for (const username of ["", "a:b", "two words", "-x"]) {
      for (const auth of [{ username, password: "correct-horse-battery-staple" }, { username, existingSecret: "s", existingSecretPasswordKey: "password" }]) {
        const r = helm(["template", "fc", chart, "--values", valuesFile("bad-user", { config, auth })]);
        expect(r.status, JSON.stringify(auth)).not.toBe(0);
        expect(r.stderr).toContain(`auth.username ${JSON.stringify(username)} is not a user name`);
      }
    }
    for (const password of ["short-secret", "abababababababababab"]) {
      const r = helm(["template", "fc", chart, "--values", valuesFile("weak", { config, auth: { password } })]);
      expect(r.stderr, password).toContain("at least 16 characters, 8 of them different");
    }
  });

  it("a Secret holding only the password (the watch step's): FC_AUTH made from it by Kubernetes", () => {
    const { manifests } = render({ config, auth: { existingSecret: "federation-console-auth", existingSecretPasswordKey: "password", username: "ops@example.com" } }, "pw-key");
    const e = envOf(manifests);
    expect(e.FC_LOGIN_SECRET).toEqual({ secretKeyRef: { name: "federation-console-auth", key: "password" } });
    expect(e.FC_AUTH).toBe("basic:ops@example.com:$(FC_LOGIN_SECRET)");
    const names = container(manifests).env.map((v: { name: string }) => v.name);
    expect(names.indexOf("FC_LOGIN_SECRET")).toBeLessThan(names.indexOf("FC_AUTH"));
  });

  it("IRSA: the role on the ServiceAccount; persistence: a claim and one pod at a time", () => {
    const { manifests } = render(irsa, "irsa");
    expect(one(manifests, "ServiceAccount").metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/federation-console" });
    expect(one(manifests, "PersistentVolumeClaim").spec.resources.requests.storage).toBe("2Gi");
    const dep = one(manifests, "Deployment");
    expect(dep.spec.strategy.type).toBe("Recreate");
    expect(dep.spec.template.spec.volumes.find((v: { name: string }) => v.name === "data").persistentVolumeClaim.claimName).toBe("fc-federation-console");
  });

  it("ingress + bearer auth: the host is allowed, the scrape uses the read-only token, the alerts from docs/status-api.md", () => {
    const { manifests } = render(ingressAuth, "ingress");
    const ing = one(manifests, "Ingress");
    expect(ing.spec.rules[0].host).toBe("console.example.com");
    expect(ing.spec.tls[0].secretName).toBe("console-tls");
    expect(String(envOf(manifests).FC_ALLOWED_HOSTS).split(",")).toContain("console.example.com");
    const secret = one(manifests, "Secret");
    expect(b64(secret.data!.FC_AUTH)).toBe("bearer:0123456789abcdef0123456789abcdef");
    expect(b64(secret.data!.FC_METRICS_TOKEN)).toBe("scrape-0123456789abcdef");
    const sm = one(manifests, "ServiceMonitor");
    expect(sm.spec.endpoints[0]).toMatchObject({ port: "http", path: "/api/metrics", authorization: { type: "Bearer", credentials: { name: "fc-federation-console-auth", key: "FC_METRICS_TOKEN" } } });
    const rules = one(manifests, "PrometheusRule").spec.groups[0].rules as { alert: string; expr: string; annotations: { summary: string } }[];
    expect(rules.map((r) => r.alert)).toEqual(["KubecostClusterStale", "KubecostClusterNoUpload", "FederationProbeFailing", "FederationConsoleDown", "KubecostClusterVanished", "KubecostClusterVanished"]);
    expect(rules[0].expr).toBe('federation_console_cluster_verdict{job="fc-federation-console", namespace="kubecost", verdict=~"stale|missing|error"} == 1');
    expect(rules[0].annotations.summary).toContain("{{ $labels.cluster_id }}");
    expect(rules[4].expr).toContain('cluster_id="prod-1"');
  });

  it.runIf(spawnSync("promtool", ["--version"]).status === 0)("the alerts fire in promtool for a stale cluster, a silent cluster, a vanished cluster and a console that cannot probe", () => {
    const { manifests } = render(ingressAuth, "promtool");
    const rules = path.join(tmp, "rules.yaml");
    writeFileSync(rules, toYaml({ groups: one(manifests, "PrometheusRule").spec.groups }));
    const sel = 'job="fc-federation-console",namespace="kubecost"';
    const at = { job: "fc-federation-console", namespace: "kubecost" };
    const tests = path.join(tmp, "rules.test.yaml");
    writeFileSync(
      tests,
      toYaml({
        rule_files: [rules],
        evaluation_interval: "1m",
        tests: [
          {
            interval: "1m",
            input_series: [
              { series: `federation_console_cluster_verdict{${sel},source="etl",cluster_id="prod-1",verdict="stale",expected="true"}`, values: "1x60" },
              { series: `federation_console_cluster_last_seen_timestamp_seconds{${sel},source="etl",cluster_id="prod-2"}`, values: "-30000x60" },
              { series: `federation_console_source_up{${sel},source="etl"}`, values: "1x60" },
              { series: `federation_console_status_ok{${sel}}`, values: "0x60" },
            ],
            alert_rule_test: [
              { eval_time: "20m", alertname: "KubecostClusterStale", exp_alerts: [] },
              {
                eval_time: "40m",
                alertname: "KubecostClusterStale",
                exp_alerts: [{ exp_labels: { ...at, severity: "warning", source: "etl", cluster_id: "prod-1", verdict: "stale", expected: "true" }, exp_annotations: { summary: "Kubecost cluster prod-1 is stale in etl", description: "The Federation Console's status page says what to fix for this cluster." } }],
              },
              {
                eval_time: "40m",
                alertname: "KubecostClusterNoUpload",
                exp_alerts: [{ exp_labels: { ...at, severity: "warning", source: "etl", cluster_id: "prod-2" }, exp_annotations: { summary: "No Federated ETL upload from prod-2 for over 6 hours" } }],
              },
              { eval_time: "40m", alertname: "FederationProbeFailing", exp_alerts: [] },
              {
                eval_time: "20m",
                alertname: "FederationConsoleDown",
                exp_alerts: [{ exp_labels: { severity: "warning" }, exp_annotations: { summary: "The Federation Console is not scraped or cannot probe (status_ok is 0 or absent), so the alerts above cannot fire." } }],
              },
              {
                eval_time: "40m",
                alertname: "KubecostClusterVanished",
                exp_alerts: [{ exp_labels: { ...at, severity: "warning", cluster_id: "prod-1" }, exp_annotations: { summary: "Cluster prod-1 has no last-seen series in the console's scrape for 30 minutes" } }],
              },
            ],
          },
        ],
      }),
    );
    const check = spawnSync("promtool", ["check", "rules", rules], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const run = spawnSync("promtool", ["test", "rules", tests], { encoding: "utf8" });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it("a base path (baked into the image) moves the probes, the scrape and the ingress path with it", () => {
    const { manifests } = render({ ...ingressAuth, basePath: "/kubecost-federation" }, "base-path");
    const c = container(manifests);
    expect(c.readinessProbe.httpGet.path).toBe("/kubecost-federation/api/readyz");
    expect(c.livenessProbe.httpGet.path).toBe("/kubecost-federation/api/healthz");
    expect(one(manifests, "ServiceMonitor").spec.endpoints[0].path).toBe("/kubecost-federation/api/metrics");
    expect(one(manifests, "Ingress").spec.rules[0].http.paths[0].path).toBe("/kubecost-federation");
  });

  it("refuses to render a console without a login unless allowAnonymous says a proxy checks logins", () => {
    const r = helm(["template", "fc", chart, "--values", valuesFile("anon", { config, auth: { mode: "" } })]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("set auth.mode (basic or bearer)");
    const { manifests } = render({ config, auth: { mode: "", allowAnonymous: true } }, "anon-ok");
    expect(envOf(manifests).FC_ALLOW_ANONYMOUS).toBe("true");
    expect(byKind(manifests, "Secret")).toEqual([]);
  });

  it("helm lint is clean and kubectl create --dry-run=client accepts every variant", async () => {
    for (const [name, values] of Object.entries({ minimal, irsa, ingressAuth })) {
      const file = valuesFile(`lint-${name}`, values);
      const lint = helm(["lint", chart, "--strict", "--values", file]);
      expect(lint.status, `${name}: ${lint.stdout}${lint.stderr}`).toBe(0);
      const { text, manifests } = render(values, `kubectl-${name}`);
      const k = await kubectlDryRun(text);
      expect(k.status, `${name}: ${k.stderr}`).toBe(0);
      expect(k.stdout.trim().split("\n")).toHaveLength(manifests.length);
    }
  });

  it("the wizard's watch step installs this chart with the plan's buckets, expected clusters and role", () => {
    for (const { name, plan } of loadExamplePlans()) {
      const step = watchFederationStep(plan);
      const values = parseYaml(step.files.find((f) => f.path === CONSOLE_VALUES_FILE)!.content);
      const { manifests } = render(values, `watch-${name}`);
      const config = statusConfigSchema.parse(parseYaml(one(manifests, "ConfigMap").data!["config.yaml"]));
      expect(config.expectedClusters, name).toEqual(plan.clusters.map((c) => c.id));
      const bucket = config.etl?.bucket ?? config.thanos?.bucket;
      if (plan.storage) expect(bucket, name).toBe(plan.storage.bucket);
      if (plan.amp) expect(config.amp?.region, name).toBe(plan.amp.region);
      const role = plan.auth.mode === "irsa" ? plan.auth.roleArn : undefined;
      expect(one(manifests, "ServiceAccount").metadata.annotations?.["eks.amazonaws.com/role-arn"], name).toBe(role);
      const words = step.commands.find((c) => c.argv[0] === "helm")!.argv.map(String);
      expect(words.slice(0, 5), name).toEqual(["helm", "upgrade", "--install", "federation-console", "./deploy/helm/federation-console"]);
      expect(words, name).toContain(CONSOLE_VALUES_FILE);
    }
  });
});
