import { describe, expect, it } from "vitest";
import { probeTargetsForPlan } from "@/lib/deploy/console-values";
import { probeIamPolicy } from "@/lib/deploy/iam-policy";
import { loadExamplePlans } from "@/test/support/example-plans";
import { renderCommand } from "@/lib/generate/shell";
import { generateOutput } from "@/lib/generate";
import { parse as parseYaml } from "yaml";
import { CONSOLE_AUTH_SECRET, CONSOLE_POLICY_FILE, CONSOLE_VALUES_FILE, watchFederationStep } from "@/lib/generate/watch-step";
import { bashArgv, bashSyntaxError } from "@/test/support/bash";

// The optional "watch this federation" step (lib/generate/watch-step.ts); the chart side is in
// helm-chart.test.ts. Every generated output (wizard, STEPS.md, bundle) ends with it.

describe("watch this federation", () => {
  it("names the primary's context, and its command is exactly that argv in real bash", () => {
    for (const { name, plan } of loadExamplePlans()) {
      const step = watchFederationStep(plan);
      const primary = plan.clusters.find((c) => c.role === "primary")!;
      expect(step.clusterId, name).toBeUndefined();
      expect(generateOutput(plan).fleet.steps.at(-1), name).toEqual(step);
      expect(step.phase).toBe("verify");
      const cmd = step.commands.find((c) => c.argv[0] === "helm")!;
      expect(bashArgv(renderCommand(cmd)), name).toEqual(cmd.argv);
      expect(cmd.argv, name).toEqual(expect.arrayContaining(["--kube-context", primary.kubeContext ?? primary.id, "--namespace", plan.kubecost.namespace]));
    }
  });

  it("makes the login Secret the chart's values name once, from a random password, never through the chart", () => {
    for (const { name, plan } of loadExamplePlans()) {
      const step = watchFederationStep(plan);
      const values = parseYaml(step.files.find((f) => f.path === CONSOLE_VALUES_FILE)!.content);
      expect(values.auth, name).toEqual({ mode: "basic", username: "admin", existingSecret: CONSOLE_AUTH_SECRET, existingSecretPasswordKey: "password" });
      const first = step.commands[0];
      const text = renderCommand(first);
      expect(bashSyntaxError(text), name).toBe("");
      // Kept when the step runs again: created only when `kubectl get` does not find it.
      expect(text, name).toMatch(new RegExp(`^kubectl get secret ${CONSOLE_AUTH_SECRET} .*>/dev/null 2>&1 \\|\\|\\s+openssl rand -hex 24 \\| kubectl create secret generic ${CONSOLE_AUTH_SECRET} `, "s"));
      expect(text, name).toContain("--from-file=password=/dev/stdin");
    }
  });

  it("ships the read-only policy for the plan's buckets and workspace next to the values", () => {
    for (const { name, plan } of loadExamplePlans()) {
      const file = watchFederationStep(plan).files.find((f) => f.path === CONSOLE_POLICY_FILE)!;
      expect(JSON.parse(file.content), name).toEqual(probeIamPolicy(probeTargetsForPlan(plan)));
    }
  });
});
