import { describe, expect, it } from "vitest";
import { deadDefaultsNotice, deadImages, imageOverrides, imageThroughMirror, manifestImages, mirrorSource, parseImage, pulledImages, formatImage } from "./images";
import { chartImageTable, chartNames, shippedVersions } from "./data";
import { defaultType } from "./types";
import { chartKeys } from "./keys";
import { chartReadsPath } from "./lint";

const ca = (version: string) => ({ chart: "cost-analyzer", version }) as const;
const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === "object" && !Array.isArray(v) && typeof out[k] === "object" ? merge(out[k] as Record<string, unknown>, v as Record<string, unknown>) : v;
  return out;
};

describe("image references", () => {
  it("normalises Docker Hub names and keeps registries", () => {
    expect(parseImage("busybox")).toEqual({ registry: "docker.io", repository: "library/busybox", tag: "latest" });
    expect(parseImage("prom/node-exporter:v1.8.2")).toEqual({ registry: "docker.io", repository: "prom/node-exporter", tag: "v1.8.2" });
    expect(parseImage("localhost:5000/a/b:1")).toEqual({ registry: "localhost:5000", repository: "a/b", tag: "1" });
  });
});

describe("chart image table", () => {
  it("names only value paths the chart declares", () => {
    for (const chart of chartNames()) {
      for (const version of shippedVersions(chart)) {
        for (const e of chartImageTable({ chart, version })?.images ?? []) {
          const leaf = e.form === "name" || e.form === "reference" ? e.path : `${e.path}.${e.form === "repository-tag" ? "repository" : "registry"}`;
          const ref = { chart: chart as never, version };
          // Declared in the defaults, or read by a template that has its own default (awsstore in 1.108.1).
          expect(defaultType(ref, leaf) !== undefined || chartReadsPath(chartKeys(ref), leaf), `${chart} ${version} ${leaf}`).toBe(true);
        }
      }
    }
  });

  it("finds the dead defaults the replay hit: gcr.io/kubecost1, chainguard :latest, docker.io/bitnami", () => {
    expect(deadImages(ca("2.4.2"), {})).toEqual(expect.arrayContaining([expect.stringContaining("gcr.io/kubecost1/cost-model:prod-2.4.2"), expect.stringContaining("cgr.dev/chainguard/prometheus:latest")]));
    expect(deadImages(ca("1.108.1"), {}).map((m) => m.split(":")[0])).toEqual(["gcr.io/kubecost1/cost-model", "gcr.io/kubecost1/frontend"]);
    expect(deadImages({ chart: "bitnami-thanos", version: "17.6.0" }, {})[0]).toContain("https://github.com/bitnami/containers/issues/83267");
    expect(deadImages(ca("2.8.7"), {})).toEqual([]);
    expect(deadImages({ chart: "stevehipwell-thanos", version: "1.24.1" }, {})).toEqual([]);
  });

  it("counts an image only when its component runs", () => {
    expect(pulledImages(ca("2.8.7"), {}).map(formatImage)).not.toContain("gcr.io/kubecost1/awsstore:latest");
    expect(deadImages(ca("2.8.7"), { awsstore: { useAwsStore: true } })).toEqual([expect.stringContaining("gcr.io/kubecost1/awsstore:latest")]);
    expect(pulledImages(ca("2.8.7"), { global: { prometheus: { enabled: false } } }).map((i) => i.repository)).not.toContain("prometheus/prometheus");
  });

  it("replaces dead defaults with live images, and nothing else", () => {
    const o = imageOverrides(ca("2.4.2"), {});
    expect(o).toMatchObject({
      kubecostModel: { image: "public.ecr.aws/kubecost/cost-model" },
      kubecostFrontend: { image: "public.ecr.aws/kubecost/frontend" },
      prometheus: { server: { image: { repository: "quay.io/prometheus/prometheus", tag: "v2.55.1" } } },
      grafana: { image: { repository: "docker.io/grafana/grafana", tag: "11.3.1" } },
    });
    expect(deadImages(ca("2.4.2"), merge({}, o))).toEqual([]);
    expect(imageOverrides(ca("2.8.7"), {})).toEqual({});
    expect(imageOverrides({ chart: "bitnami-thanos", version: "17.6.0" }, {})).toMatchObject({ image: { registry: "quay.io", repository: "thanos/thanos", tag: "v0.42.4" } });
  });

  it("rewrites every image it runs to the mirror, and maps each back to its source", () => {
    const mirror = "123456789012.dkr.ecr.us-east-1.amazonaws.com/hub";
    const values = merge({}, imageOverrides(ca("2.4.2"), {}, mirror));
    const pulled = pulledImages(ca("2.4.2"), values);
    expect(pulled.length).toBeGreaterThan(3);
    for (const i of pulled) expect(i.registry).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com");
    expect(pulled.map((i) => formatImage(mirrorSource(i, mirror)!))).toContain("public.ecr.aws/kubecost/cost-model:prod-2.4.2");
    expect(values).toMatchObject({ kubecostModel: { image: `${mirror}/public.ecr.aws/kubecost/cost-model` } });
    expect(imageThroughMirror("envoyproxy/envoy:v1.32.3", mirror)).toBe(`${mirror}/docker.io/envoyproxy/envoy:v1.32.3`);
  });

  it("3.2.1: the mirror carries the helm-test image, and images behind a switch only when it is on", () => {
    const k321 = { chart: "kubecost", version: "3.2.1" } as const;
    const pulled = (values: Record<string, unknown>) => pulledImages(k321, values).map(formatImage);
    expect(pulled({})).toEqual(expect.arrayContaining(["docker.io/alpine/curl:8.17.0", "icr.io/ibm-finops/agent:v1.0.20"]));
    expect(pulled({}).filter((i) => /jaeger|curlimages|kubectl/.test(i))).toEqual([]);
    expect(pulled({ aggregator: { jaeger: { enabled: true } }, httpRoute: { enabled: true } })).toEqual(expect.arrayContaining(["docker.io/jaegertracing/all-in-one:latest", "docker.io/bitnami/kubectl:1.31"]));
    expect(imageOverrides(k321, {}, "registry.example.com")).toMatchObject({ basicHealth: { registry: "registry.example.com", repository: "docker.io/alpine/curl", tag: "8.17.0" } });
  });

  it("reads images a generator put in sidecars and manifests", () => {
    const values = { prometheus: { server: { sidecarContainers: [{ name: "s", image: "gcr.io/kubecost1/x:1" }] } } };
    expect(deadImages(ca("1.108.1"), merge(imageOverrides(ca("1.108.1"), values), values))).toEqual([expect.stringContaining("gcr.io/kubecost1/x:1")]);
    expect(manifestImages({ spec: { template: { spec: { containers: [{ image: "docker.io/bitnami/thanos:0.39.2" }] } } } }).map(formatImage)).toEqual(["docker.io/bitnami/thanos:0.39.2"]);
  });
});

describe("dead defaults notice", () => {
  it("says what cannot pull on 2.4.2 and 1.108.1, and nothing on 2.8.7", () => {
    expect(deadDefaultsNotice(ca("2.4.2"))).toMatch(/^A fresh install of cost-analyzer 2\.4\.2 with its defaults cannot pull gcr\.io\/kubecost1\/cost-model:prod-2\.4\.2.*instead/);
    expect(deadDefaultsNotice(ca("1.108.1"))).toContain("public.ecr.aws/kubecost/cost-model:prod-1.108.1");
    expect(deadDefaultsNotice(ca("2.8.7"))).toBeUndefined();
  });

  it("bitnami thanos: the replaced image comes with allowInsecureImages, which its chart requires", () => {
    expect(imageOverrides({ chart: "bitnami-thanos", version: "17.6.0" }, {})).toMatchObject({ global: { security: { allowInsecureImages: true } } });
  });
});
