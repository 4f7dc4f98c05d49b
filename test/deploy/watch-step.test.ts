import { describe, expect, it } from "vitest";
import { probeTargetsForPlan } from "@/lib/deploy/console-values";
import { probeIamPolicy } from "@/lib/deploy/iam-policy";
import { loadExamplePlans } from "@/test/support/example-plans";
import { renderCommand } from "@/lib/generate/shell";
import { generateOutput } from "@/lib/generate";
import { parse as parseYaml } from "yaml";
import { CONSOLE_AUTH_SECRET, CONSOLE_POLICY_FILE, CONSOLE_VALUES_FILE, watchFederationStep } from "@/lib/generate/watch-step";
import { bashArgvMany, bashSyntaxErrors } from "@/test/support/bash";

// The optional "watch this federation" step (lib/generate/watch-step.ts); the chart side is in
// helm-chart.test.ts. Every generated output (wizard, STEPS.md, bundle) ends with it. Each bash
// check covers every example in one bash process.

describe("watch this federation", () => {
  it("names the primary's context, and its command is exactly that argv in real bash", () => {
    const helm: { name: string; rendered: string; argv: unknown[] }[] = [];
    for (const { name, plan } of loadExamplePlans()) {
      const step = watchFederationStep(plan);
      const primary = plan.clusters.find((c) => c.role === "primary")!;
      expect(step.clusterId, name).toBeUndefined();
      expect(generateOutput(plan).fleet.steps.at(-1), name).toEqual(step);
      expect(step.phase).toBe("verify");
      const cmd = step.commands.find((c) => c.argv[0] === "helm")!;
      helm.push({ name, rendered: renderCommand(cmd), argv: cmd.argv });
      expect(cmd.argv, name).toEqual(expect.arrayContaining(["--kube-context", primary.kubeContext ?? primary.id, "--namespace", plan.kubecost.namespace]));
    }
    const got = bashArgvMany(helm.map((h) => h.rendered));
    expect(Object.fromEntries(helm.map((h, i) => [h.name, got[i]]))).toEqual(Object.fromEntries(helm.map((h) => [h.name, h.argv])));
  });

  it("makes the login Secret the chart's values name once, from a random password, never through the chart", () => {
    const scripts: { name: string; text: string }[] = [];
    for (const { name, plan } of loadExamplePlans()) {
      const step = watchFederationStep(plan);
      const values = parseYaml(step.files.find((f) => f.path === CONSOLE_VALUES_FILE)!.content);
      expect(values.auth, name).toEqual({ mode: "basic", username: "admin", existingSecret: CONSOLE_AUTH_SECRET, existingSecretPasswordKey: "password" });
      const first = step.commands[0];
      const text = renderCommand(first);
      scripts.push({ name, text });
      // Kept when the step runs again: created only when `kubectl get` does not find it.
      expect(text, name).toMatch(new RegExp(`^kubectl get secret ${CONSOLE_AUTH_SECRET} .*>/dev/null 2>&1 \\|\\|\\s+openssl rand -hex 24 \\| kubectl create secret generic ${CONSOLE_AUTH_SECRET} `, "s"));
      expect(text, name).toContain("--from-file=password=/dev/stdin");
    }
    const errors = bashSyntaxErrors(scripts.map((x) => x.text));
    expect(Object.fromEntries(scripts.map((x, i) => [x.name, errors[i]]))).toEqual(Object.fromEntries(scripts.map((x) => [x.name, ""])));
  });

  it("ships the read-only policy for the plan's buckets and workspace next to the values", () => {
    for (const { name, plan } of loadExamplePlans()) {
      const file = watchFederationStep(plan).files.find((f) => f.path === CONSOLE_POLICY_FILE)!;
      expect(JSON.parse(file.content), name).toEqual(probeIamPolicy(probeTargetsForPlan(plan)));
    }
  });
});
