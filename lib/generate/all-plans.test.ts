import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { METHODS } from "@/lib/plan/schema";
import { KUBECOST_LINES } from "@/lib/plan/kubecost-lines";
import { buildBundle, generatePlan } from "./index";
import { renderCommand, simpleCommands, variablesRead } from "./shell";
import type { GeneratedCommand } from "./types";
import { unreadSetFlags, unreadValuePaths } from "@/lib/charts/lint";
import { unknownObjstoreKeys } from "@/lib/charts/objstore";
import { typeMismatches } from "@/lib/charts/types";
import { refusedKeys } from "@/lib/charts/refused";
import { deadImages, deadImageReason, manifestImages, parseImage } from "@/lib/charts/images";
import { unmatchableResources } from "@/lib/charts/iam-lint";
import { bashArgvMany, bashSyntaxError, bashSyntaxErrors } from "@/test/support/bash";
import { loadExamplePlans } from "@/test/support/example-plans";

// The foundation's promise (issue 2): for every example plan, every values key is read by the
// selected chart version, every objstore key is accepted by the Thanos version, and every
// command is parsed by bash into exactly the argv the generator meant.
const examples = loadExamplePlans();

describe("example plans", () => {
  it("cover every method and every supported chart line", () => {
    expect(new Set(examples.map((e) => e.plan.method))).toEqual(new Set(METHODS));
    expect(new Set(examples.map((e) => e.plan.kubecost.chartLine))).toEqual(new Set(KUBECOST_LINES.map((l) => l.id)));
  });

  for (const { name, plan } of examples) {
    describe(name, () => {
      const generated = generatePlan(plan);
      const files = generated.steps.flatMap((s) => s.files);
      const commands = generated.steps.flatMap((s) => s.commands);

      it("has steps, files and commands", () => {
        expect(generated.steps.length).toBeGreaterThan(2);
        expect(commands.length).toBeGreaterThan(2);
        expect(new Set(generated.steps.map((s) => s.id)).size).toBe(generated.steps.length);
      });

      it("uses only value keys the chart version reads", () => {
        const checked = files.filter((f) => f.chartValues);
        expect(checked.length).toBeGreaterThan(0);
        for (const f of checked) {
          expect({ file: f.path, unread: unreadValuePaths(f.chartValues!, parse(f.content)) }).toEqual({ file: f.path, unread: [] });
        }
        for (const c of commands.filter((c) => c.chartValues)) {
          expect({ command: renderCommand(c), unread: unreadSetFlags(c.chartValues!, c.argv) }).toMatchObject({ unread: [] });
        }
      });

      it("writes values of the types the chart defaults have", () => {
        for (const f of files.filter((f) => f.chartValues)) {
          expect({ file: f.path, mismatches: typeMismatches(f.chartValues!, parse(f.content)) }).toEqual({ file: f.path, mismatches: [] });
        }
      });

      it("writes nothing the chart version refuses at install time", () => {
        for (const f of files.filter((f) => f.chartValues)) {
          // AMP: config-values.yaml and the cluster's file go into one helm release together.
          const doc = parse(f.content);
          const config = files.find((x) => x.path === "config-values.yaml");
          const merged = config && f !== config ? { ...parse(config.content), ...doc } : doc;
          expect({ file: f.path, refused: refusedKeys(f.chartValues!, merged) }).toEqual({ file: f.path, refused: [] });
        }
      });

      it("pulls no image from a dead registry (chart defaults + overrides, manifests, commands)", () => {
        for (const f of files.filter((f) => f.language === "yaml" && !f.objstore)) {
          const doc = parse(f.content);
          const dead = f.chartValues ? deadImages(f.chartValues, doc) : manifestImages(doc).flatMap((i) => deadImageReason(i) ?? []);
          expect({ file: f.path, dead }).toEqual({ file: f.path, dead: [] });
        }
        for (const c of commands.flatMap(simpleCommands)) {
          for (const w of c) if (typeof w === "string" && w.startsWith("--image=")) expect(deadImageReason(parseImage(w.slice(8)))).toBeUndefined();
        }
      });

      it("uses no default cluster id anywhere", () => {
        for (const f of files) expect(f.content, f.path).not.toContain("cluster-one");
      });

      it("writes IAM policies whose every resource can match", () => {
        for (const f of files.filter((f) => f.path.startsWith("iam/") && f.language === "json")) {
          expect({ file: f.path, bad: unmatchableResources(JSON.parse(f.content)) }).toEqual({ file: f.path, bad: [] });
        }
      });

      it("writes objstore YAML the Thanos version accepts", () => {
        for (const f of files.filter((f) => f.objstore)) {
          expect({ file: f.path, bad: unknownObjstoreKeys(f.objstore!.thanosVersion, parse(f.content)) }).toEqual({ file: f.path, bad: [] });
        }
      });

      it("parses every YAML file back", () => {
        for (const f of files.filter((f) => f.language === "yaml")) {
          expect(() => parse(f.content), f.path).not.toThrow();
        }
      });

      it("renders commands bash parses into the intended argv", () => {
        const rendered = commands.map((c) => renderCommand(c));
        // One bash parses them all (a process per command cost 13 s for a 150-cluster plan).
        const errors = bashSyntaxErrors(rendered);
        expect(rendered.map((r, i) => ({ r, err: errors[i] })).filter((e) => e.err)).toEqual([]);
        // Every simple command inside (pipe targets, then/orElse branches too), word for word.
        const plain = commands.flatMap(simpleCommands);
        const env = { AMP_WORKSPACE_ID: "ws-11111111-2222-3333-4444-555555555555", AWS_ACCOUNT_ID: "123456789012", OIDC_PROVIDER: "oidc.eks.us-east-1.amazonaws.com/id/X" };
        const want = plain.map((argv) => argv.map((w) => (typeof w === "string" ? w : w.template.replace(/\$\{(\w+)\}/g, (_, n: keyof typeof env) => env[n]))));
        expect(bashArgvMany(plain.map((argv) => renderCommand({ argv })), env)).toEqual(want);
      });

      it("sets every ${VAR} in an earlier command before a command reads it", () => {
        // A command reading a variable nothing set stops with "... is not set" (the existing-role
        // Thanos plans did at attach-role-policy). Branches see what their test set.
        const set = new Set<string>();
        const visit = (c: GeneratedCommand) => {
          for (const v of [c.argv, c.pipeTo ?? []].flatMap((argv) => variablesRead({ argv }))) expect(set.has(v), `${v} read by ${renderCommand(c)}`).toBe(true);
          if (c.assignTo) set.add(c.assignTo);
          if (c.then) visit(c.then);
          if (c.orElse) visit(c.orElse);
        };
        commands.forEach(visit);
      });

      it("targets an explicit kube context in every command that touches a cluster", () => {
        // After update-kubeconfig for several clusters the current context is the last one: a
        // command without a context would install one cluster's values into another.
        const touching = commands.flatMap(simpleCommands);
        for (const argv of touching) {
          const [tool, sub] = argv;
          if (tool === "kubectl" && sub !== "version" && sub !== "config") expect(argv, JSON.stringify(argv)).toContain("--context");
          if (tool === "helm" && (sub === "upgrade" || sub === "install" || sub === "uninstall")) expect(argv, JSON.stringify(argv)).toContain("--kube-context");
        }
        for (const c of plan.clusters) {
          const access = commands.find((cmd) => cmd.argv.includes(c.kubeContext ?? c.id) && (cmd.argv.includes("update-kubeconfig") || cmd.argv.includes("get-contexts")));
          expect(access, `access command for ${c.id}`).toBeDefined();
        }
      });

      it("says, wherever eksctl creates service accounts, how a policy added later reaches the role", () => {
        // eksctl create iamserviceaccount skips existing accounts: a re-run never updates the role.
        for (const step of generated.steps.filter((s) => s.commands.some((c) => c.argv[0] === "eksctl" && c.argv[2] === "iamserviceaccount"))) {
          expect(step.note, step.id).toContain("eksctl skips a service account that already exists");
          expect(step.note).toContain("eksctl update iamserviceaccount");
          expect(step.note).toContain("aws iam attach-role-policy");
        }
      });

      it("bundles STEPS.md and every file once", () => {
        const bundle = buildBundle(plan);
        expect(bundle[0].path).toBe("STEPS.md");
        expect(new Set(bundle.map((f) => f.path)).size).toBe(bundle.length);
        for (const f of files) expect(bundle.map((b) => b.path)).toContain(f.path);
        expect(bashSyntaxError(extractBash(bundle[0].content))).toBe("");
      });
    });
  }
});

function extractBash(markdown: string): string {
  return [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
}
