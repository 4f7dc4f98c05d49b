import { describe, expect, it } from "vitest";
import type { FederationPlanInput } from "@/lib/plan/schema";
import { validatePlan } from "@/lib/plan/validate";
import { deadImages, pulledImages } from "@/lib/charts/images";
import { unmatchableResources } from "@/lib/charts/iam-lint";
import { buildBundle, generatePlan } from "./index";
import { allCommands, allFiles, planFrom, words, yamlFile } from "@/test/support/generated-plan";

// Issue 8: every generated install works when pasted today. Each test names the defect the replay
// (real helm 4.1.4, the real charts, kubectl 1.34, the AWS CLI) found.

const etl = (over: Partial<FederationPlanInput> = {}): FederationPlanInput => ({
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
  awsAccountId: "123456789012",
  storage: { bucket: "acme-etl", region: "us-east-1", encryption: { type: "SSE-S3" } },
  clusters: [{ id: "hub", role: "primary" }, { id: "edge", role: "agent" }],
  ...over,
});
const bundled = (over: Partial<FederationPlanInput> = {}): FederationPlanInput => ({
  method: "thanos-bundled",
  kubecost: { chartLine: "1.x", chartVersion: "1.108.1" },
  awsAccountId: "123456789012",
  storage: { bucket: "acme-thanos", region: "eu-west-1", encryption: { type: "SSE-S3" } },
  clusters: [{ id: "hub", role: "primary" }, { id: "edge", role: "agent" }],
  ...over,
});
const policyOf = (p: FederationPlanInput) => JSON.parse(allFiles(generatePlan(planFrom(p))).find((f) => f.path === "iam/bucket-policy.json")!.content);

describe("images that still pull", () => {
  it("2.4.2: Kubecost's gcr.io/kubecost1 images and the Chainguard :latest ones are replaced in every values file", () => {
    const g = generatePlan(planFrom(etl({ kubecost: { chartLine: "2.x", chartVersion: "2.4.2" } })));
    const v = yamlFile(g, "clusters/edge/values.yaml") as Record<string, Record<string, unknown>>;
    expect(v.kubecostModel.image).toBe("public.ecr.aws/kubecost/cost-model");
    expect(v.kubecostFrontend.image).toBe("public.ecr.aws/kubecost/frontend");
    expect(v.prometheus).toMatchObject({ server: { image: { repository: "quay.io/prometheus/prometheus", tag: "v2.55.1" } } });
    expect(v.grafana).toMatchObject({ image: { repository: "docker.io/grafana/grafana", tag: "11.3.1" } });
    expect(deadImages({ chart: "cost-analyzer", version: "2.4.2" }, v)).toEqual([]);
  });

  it("a 2.4.x patch the table does not hold keeps its own tags (prod-2.4.1)", () => {
    const g = generatePlan(planFrom(etl({ kubecost: { chartLine: "2.x", chartVersion: "2.4.1" } })));
    const v = yamlFile(g, "clusters/edge/values.yaml");
    const model = pulledImages({ chart: "cost-analyzer", version: "2.4.1" }, v).find((i) => i.repository.endsWith("cost-model"))!;
    expect(model).toEqual({ registry: "public.ecr.aws", repository: "kubecost/cost-model", tag: "prod-2.4.1" });
  });

  it("1.108.1 bundled: Kubecost's images move to public.ecr.aws, the bundled Thanos stays on thanosio/thanos", () => {
    const g = generatePlan(planFrom(bundled()));
    const v = yamlFile(g, "clusters/hub/values-thanos.yaml");
    const images = pulledImages({ chart: "cost-analyzer", version: "1.108.1" }, v).map((i) => `${i.registry}/${i.repository}:${i.tag}`);
    expect(images).toEqual(expect.arrayContaining(["public.ecr.aws/kubecost/cost-model:prod-1.108.1", "docker.io/thanosio/thanos:v0.32.5"]));
    expect(images.some((i) => i.startsWith("gcr.io/"))).toBe(false);
  });

  it("2.8.7 (the verified 2.x) needs no override at all", () => {
    const v = yamlFile(generatePlan(planFrom(etl())), "clusters/hub/values.yaml");
    expect(v).not.toHaveProperty("kubecostModel.image");
    expect(JSON.stringify(v)).not.toMatch(/"image"/);
  });
});

describe("a registry mirror", () => {
  const mirror = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  const plan = planFrom(etl({ kubecost: { chartLine: "2.x", chartVersion: "2.8.7", imageMirror: mirror } }));

  it("rewrites every image the chart runs to <mirror>/<registry>/<repository>", () => {
    const v = yamlFile(generatePlan(plan), "clusters/hub/values.yaml");
    const pulled = pulledImages({ chart: "cost-analyzer", version: "2.8.7" }, v);
    expect(pulled.length).toBeGreaterThan(4);
    for (const i of pulled) expect(i.registry).toBe(mirror);
    expect(v).toMatchObject({ kubecostModel: { image: `${mirror}/icr.io/kubecost/cost-model` } });
  });

  it("lists the images to copy in images.txt and a crane copy step after the prerequisites", () => {
    const bundle = buildBundle(plan);
    const list = bundle.find((f) => f.path === "images.txt")!.content.trim().split("\n").map((l) => l.split(" "));
    expect(list).toContainEqual(["icr.io/kubecost/cost-model:2.8.7", `${mirror}/icr.io/kubecost/cost-model:2.8.7`]);
    expect(list).toContainEqual(["quay.io/prometheus/prometheus:v3.9.1", `${mirror}/quay.io/prometheus/prometheus:v3.9.1`]);
    const g = generatePlan(plan);
    expect(g.steps[1].id).toBe("mirror-images");
    expect(g.steps[1].note).toContain("pull-through cache");
    expect(g.steps[1].commands.map(words)).toContainEqual(["crane", "copy", "icr.io/kubecost/cost-model:2.8.7", `${mirror}/icr.io/kubecost/cost-model:2.8.7`]);
    expect(g.steps[1].commands).toHaveLength(list.length);
  });

  it("standalone: the Envoy manifest and the curl check pull through the mirror too", () => {
    const p = planFrom({
      method: "thanos-standalone",
      kubecost: { chartLine: "2.x", chartVersion: "2.8.7", imageMirror: "registry.corp.example/hub" },
      awsAccountId: "123456789012",
      storage: { bucket: "acme-metrics", region: "us-west-2" },
      thanosDomain: "metrics.acme.example",
      clusters: [{ id: "observer", role: "primary" }, { id: "a", role: "agent" }],
    });
    const g = generatePlan(p);
    const envoy = yamlFile(g, "observer/envoy-deployment.yaml") as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(envoy.spec.template.spec.containers[0].image).toBe("registry.corp.example/hub/docker.io/envoyproxy/envoy:v1.32.3");
    expect(allCommands(g).flatMap(words).filter((w) => w.startsWith("--image="))).toEqual(["--image=registry.corp.example/hub/docker.io/curlimages/curl:8.11.1", "--image=registry.corp.example/hub/docker.io/curlimages/curl:8.11.1"]);
    const thanos = yamlFile(g, "observer/thanos.yaml") as { image: { repository: string; tag: string } };
    expect(thanos.image).toEqual({ repository: "registry.corp.example/hub/quay.io/thanos/thanos", tag: "v0.42.4" });
    const list = buildBundle(p).find((f) => f.path === "images.txt")!.content;
    expect(list).toContain("quay.io/thanos/thanos:v0.42.4 ");
    expect(list).toContain("docker.io/curlimages/curl:8.11.1 ");
  });

  it("rejects a mirror written as a URL, at the field", () => {
    const r = validatePlan(etl({ kubecost: { chartLine: "2.x", chartVersion: "2.8.7", imageMirror: "https://registry.corp.example" } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((i) => i.path === "kubecost.imageMirror")?.message).toMatch(/without https:\/\//);
  });
});

describe("cluster-one", () => {
  for (const input of [etl(), bundled()]) {
    it(`is refused with the chart's reason for ${input.method}`, () => {
      const r = validatePlan({ ...input, clusters: [{ id: "hub", role: "primary" }, { id: "cluster-one", role: "agent" }] });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.find((i) => i.path === "clusters.1.id")?.message).toMatch(/cluster-one is Kubecost's default id.*github.com\/kubecost/);
    });
  }
});

describe("IAM that matches", () => {
  it("grants a KMS key named by alias through kms:ResourceAliases, never an alias ARN", () => {
    const kms = (kmsKeyId: string) => policyOf(bundled({ storage: { bucket: "acme-thanos", region: "eu-west-1", encryption: { type: "SSE-KMS", kmsKeyId } } }));
    const stmt = (p: { Statement: { Sid: string }[] }) => p.Statement.find((s) => s.Sid === "UseKmsKey");
    expect(stmt(kms("alias/kubecost"))).toMatchObject({
      Resource: "arn:aws:kms:eu-west-1:123456789012:key/*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/kubecost" } },
    });
    expect(stmt(kms("arn:aws:kms:eu-central-1:210987654321:alias/other"))).toMatchObject({ Resource: "arn:aws:kms:eu-central-1:210987654321:key/*" });
    expect(stmt(kms("1234abcd-12ab-34cd-56ef-1234567890ab"))).toMatchObject({ Resource: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    for (const id of ["alias/kubecost", "1234abcd-12ab-34cd-56ef-1234567890ab"]) expect(unmatchableResources(kms(id))).toEqual([]);
  });

  it("asks for the account (or the key ARN) when a key id or alias would leave '*' in the ARN", () => {
    const r = validatePlan(bundled({ awsAccountId: undefined, storage: { bucket: "acme-thanos", region: "eu-west-1", encryption: { type: "SSE-KMS", kmsKeyId: "alias/kubecost" } } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((i) => i.path === "storage.encryption.kmsKeyId")?.message).toMatch(/aws kms describe-key --key-id alias\/kubecost/);
  });

  it("the lint names alias ARNs and wildcard accounts", () => {
    expect(unmatchableResources({ Statement: [{ Resource: "arn:aws:kms:us-east-1:*:alias/x" }, { Resource: "arn:aws:s3:::b/*" }] })).toHaveLength(1);
    expect(unmatchableResources({ Statement: [{ Resource: "arn:aws:kms:us-east-1:*:key/abc" }] })[0]).toMatch(/the account is '\*'/);
  });

  it("lets uploads run multipart and cleans up the parts of failed ones", () => {
    const p = policyOf(etl());
    const actions = p.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:ListBucketMultipartUploads"]));
    const lifecycle = allCommands(generatePlan(planFrom(etl()))).find((c) => words(c)[2] === "get-bucket-lifecycle-configuration")!;
    expect(lifecycle.quiet).toBe(true);
    const put = words(lifecycle.orElse!);
    expect(put.slice(0, 3)).toEqual(["aws", "s3api", "put-bucket-lifecycle-configuration"]);
    expect(JSON.parse(put[put.indexOf("--lifecycle-configuration") + 1]).Rules[0]).toMatchObject({ Status: "Enabled", AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } });
  });
});

describe("AMP quick start", () => {
  const amp: FederationPlanInput = {
    method: "amp",
    kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
    awsAccountId: "123456789012",
    amp: { region: "us-west-2", workspace: { mode: "create", alias: "kc" } },
    clusters: [{ id: "hub", role: "primary" }, { id: "edge", role: "agent" }],
  };
  it("agents filter the shared workspace to their own cluster_id; the primary reads every cluster", () => {
    const g = generatePlan(planFrom(amp));
    expect(yamlFile(g, "clusters/edge/values.yaml")).toMatchObject({ federatedETL: { useMultiClusterDB: true } });
    expect(yamlFile(g, "clusters/hub/values.yaml")).not.toHaveProperty("federatedETL");
  });
});

describe("Kubecost 1.108 bundled Thanos", () => {
  const g = generatePlan(planFrom(bundled()));
  const hub = yamlFile(g, "clusters/hub/values-thanos.yaml") as Record<string, Record<string, Record<string, unknown>>>;
  const edge = yamlFile(g, "clusters/edge/values-thanos.yaml") as Record<string, Record<string, Record<string, unknown>>>;

  it("points an agent's Grafana at its own Prometheus (the query-frontend runs on the primary only)", () => {
    const ds = (edge.grafana.datasources["datasources.yaml"] as { datasources: { url: string; isDefault: boolean }[] }).datasources;
    expect(ds).toEqual([expect.objectContaining({ url: "http://kubecost-prometheus-server.kubecost.svc", isDefault: true })]);
    expect(hub).not.toHaveProperty("grafana.datasources");
  });

  it("sets retention once, through prometheus.server.retention", () => {
    expect(hub.prometheus.server.retention).toBe("2w");
    expect(Object.keys(hub.prometheus.server.extraArgs as object).filter((k) => k.includes("retention"))).toEqual([]);
  });

  it("gives the compactor, store, query, bucket web and every sidecar resource requests", () => {
    for (const c of ["compact", "store", "query", "queryFrontend", "bucket"]) expect((hub.thanos[c] as { resources?: { requests?: unknown } }).resources?.requests, c).toBeDefined();
    for (const v of [hub, edge]) expect((v.prometheus.server.sidecarContainers as unknown as { resources: { requests: unknown } }[])[0].resources.requests).toEqual({ cpu: "100m", memory: "256Mi" });
  });
});

describe("prose", () => {
  it("names helm 3 or 4, not helm 3 alone", () => {
    for (const p of [etl(), bundled()]) {
      for (const s of generatePlan(planFrom(p)).steps) expect(`${s.why} ${s.note ?? ""}`).not.toMatch(/helm 3(?![.\d]* or)/);
    }
  });
});
