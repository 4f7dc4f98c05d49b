import { describe, expect, it } from "vitest";
import { withValue } from "@/test/support/generated-plan";
import fc from "fast-check";
import { parse } from "yaml";
import { validatePlan } from "@/lib/plan/validate";
import type { FederationPlan } from "@/lib/plan/schema";
import { bashArgvMany, bashSyntaxErrors } from "@/test/support/bash";
import { generateThanosBundled } from "./bundled";
import { generateThanosStandalone } from "./standalone";
import { sidecarHostOf } from "./standalone-names";
import { renderCommand, simpleCommands, type ShellWord } from "../shell";
import type { GeneratedPlan } from "../types";

// Thanos-specific companion to hostile.test.ts (which checks every example differentially):
// here the assertions are the Thanos invariants themselves. A hostile value in a free-text field
// is either rejected with a message on that field, or the generated YAML parses back carrying it
// where it belongs (cluster_id, bucket, prefix, Envoy upstream) and bash yields the intended argv.

type Input = Record<string, unknown>;

const bundledInput = (): Input => ({
  method: "thanos-bundled",
  kubecost: { chartLine: "1.x", chartVersion: "1.108.1" },
  storage: { bucket: "acme-thanos", region: "us-east-1", endpoint: "minio.internal:9000", prefix: "thanos", internalCa: { caFile: "/etc/ca.pem" } },
  auth: { mode: "irsa", roleArn: "arn:aws:iam::123456789012:role/thanos" },
  clusters: [
    { id: "hub", role: "primary", displayName: "Hub", kubeContext: "hub", eksClusterName: "hub" },
    { id: "edge", role: "agent", displayName: "Edge", kubeContext: "edge", eksClusterName: "edge" },
  ],
});

const standaloneInput = (): Input => ({
  method: "thanos-standalone",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
  storage: { bucket: "acme-thanos", region: "us-east-1", prefix: "thanos" },
  thanosDomain: "metrics.example.com",
  clusters: [
    { id: "observer", role: "primary", displayName: "Observer", kubeContext: "obs" },
    { id: "edge", role: "agent", displayName: "Edge", kubeContext: "edge", sidecarHost: "grpc.edge.example.com" },
    { id: "edge2", role: "agent", kubeContext: "edge2" },
  ],
});

const FIELDS = {
  "thanos-bundled": ["clusters.0.id", "clusters.1.id", "clusters.1.displayName", "clusters.0.kubeContext", "clusters.1.eksClusterName", "storage.bucket", "storage.prefix", "storage.endpoint", "storage.internalCa.caFile", "auth.roleArn"],
  "thanos-standalone": ["clusters.2.id", "clusters.1.displayName", "clusters.1.sidecarHost", "clusters.2.kubeContext", "thanosDomain", "storage.bucket", "storage.prefix"],
} as const;


const FRAGMENTS = ["'", '"', "\n", "$(id)", "`id`", "#", " # c", "-", "--set", "${HOME}", "\\", "ünï", "✓", "\u202e", ": ", "- ", "{", "}", "*", "!", "|", ";", "&", "~", "/", ".", "_", "a", "0", "yes", "null", "FEDERATION_CONSOLE_EOF"];
const hostile = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 5 }).map((a) => a.join("")),
  fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 3 }).map((a) => `ok${a.join("")}x`),
  fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
);

const text = (w: ShellWord) => (typeof w === "string" ? w : w.template);

/** The invariants a hostile value must not bend. */
function assertThanosInvariants(plan: FederationPlan, g: GeneratedPlan) {
  const files = g.steps.flatMap((s) => s.files);
  const yaml = (path: string) => parse(files.find((f) => f.path === path)!.content);
  for (const f of files.filter((f) => f.language === "yaml")) expect(() => parse(f.content), f.path).not.toThrow();
  const objstorePath = plan.method === "thanos-bundled" ? "object-store.yaml" : "objstore.yml";
  const doc = yaml(objstorePath);
  expect(doc.config.bucket).toBe(plan.storage!.bucket);
  expect(doc.prefix).toBe(plan.storage!.prefix);
  for (const c of plan.clusters) {
    if (plan.method === "thanos-bundled") {
      const v = yaml(`clusters/${c.id}/values-thanos.yaml`);
      expect(v.prometheus.server.global.external_labels.cluster_id).toBe(c.id);
      expect(v.kubecostProductConfigs.clusterName).toBe(c.id);
    } else {
      expect(yaml(`clusters/${c.id}/kube-prometheus-stack.yaml`).prometheus.prometheusSpec.externalLabels.cluster_id).toBe(c.id);
    }
  }
  if (plan.method === "thanos-standalone") {
    const upstreams = yaml("observer/envoy.yaml").static_resources.clusters.map((u: { transport_socket: { typed_config: { sni: string } } }) => u.transport_socket.typed_config.sni);
    expect(upstreams).toEqual(plan.clusters.filter((c) => c.role !== "primary").map((c) => sidecarHostOf(plan, c)));
  }
  const ca = plan.storage?.internalCa;
  if (ca) {
    const words = g.steps.flatMap((s) => s.commands).flatMap((c) => c.argv.map(text));
    expect(words).toContain(`--from-file=my-cert.pem=${ca.caFile}`);
  }
}

describe("hostile strings in Thanos plans", () => {
  for (const method of ["thanos-bundled", "thanos-standalone"] as const) {
    it(`${method}: rejected with a message on the field, or inert in YAML and bash`, () => {
      const input = method === "thanos-bundled" ? bundledInput() : standaloneInput();
      const generate = method === "thanos-bundled" ? generateThanosBundled : generateThanosStandalone;
      const cases = fc.sample(fc.tuple(fc.constantFrom(...FIELDS[method]), hostile), 300);
      const rendered: string[] = [];
      const wanted: string[][] = [];
      const scripts: string[] = [];
      let accepted = 0;
      for (const [field, value] of cases) {
        const r = validatePlan(withValue(input, field, value));
        if (!r.ok) {
          const here = r.problems.filter((i) => i.path === field);
          expect(here.length, `${field}=${JSON.stringify(value)}: ${JSON.stringify(r.problems)}`).toBeGreaterThan(0);
          for (const i of here) expect(i.message.length).toBeGreaterThan(10);
          continue;
        }
        accepted++;
        const g = generate(r.value);
        assertThanosInvariants(r.value, g);
        const commands = g.steps.flatMap((s) => s.commands);
        scripts.push(commands.map((c) => renderCommand(c)).join("\n"));
        for (const argv of commands.flatMap(simpleCommands)) {
          if (argv.some((w) => typeof w !== "string")) continue; // templates are covered by the generator tests
          rendered.push(renderCommand({ argv }));
          wanted.push(argv as string[]);
        }
      }
      // Enough accepted cases that hostile values really reached YAML and the shell.
      expect(accepted).toBeGreaterThan(15);
      // One bash parses every accepted case's script and one prints every argv, each distinct text
      // once (most commands do not carry the case's value: the same text in every case, and bash
      // answers the same text the same way).
      const distinctScripts = [...new Set(scripts)];
      const checks = [...new Map(rendered.map((r, i) => [JSON.stringify([r, wanted[i]]), { rendered: r, want: wanted[i] }])).values()];
      expect(bashSyntaxErrors(distinctScripts)).toEqual(distinctScripts.map(() => ""));
      expect(bashArgvMany(checks.map((c) => c.rendered))).toEqual(checks.map((c) => c.want));
    });
  }

  it("keeps an accepted nasty CA path and display name inert end to end", () => {
    const nasty = withValue(withValue(bundledInput(), "storage.internalCa.caFile", "/tmp/ca $(touch pwned) `id` 'q' \"d\" # x.pem"), "clusters.1.displayName", "Edge 'prod' $(id) # ✓");
    const r = validatePlan(nasty);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const g = generateThanosBundled(r.value);
    assertThanosInvariants(r.value, g);
    const ca = g.steps.flatMap((s) => s.commands).find((c) => c.argv.some((w) => typeof w === "string" && w.startsWith("--from-file=my-cert.pem=")))!;
    expect(bashArgvMany([renderCommand({ argv: ca.argv })])).toEqual([ca.argv]);
  });
});
