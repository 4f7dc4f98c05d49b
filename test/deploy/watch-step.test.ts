import { describe, expect, it } from "vitest";
import { probeTargetsForPlan } from "@/lib/deploy/console-values";
import { probeIamPolicy } from "@/lib/deploy/iam-policy";
import { loadExamplePlans } from "@/test/support/example-plans";
import { renderCommand } from "@/lib/generate/shell";
import { generateOutput } from "@/lib/generate";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { CONSOLE_SERVICE_ACCOUNT } from "@/lib/deploy/console-values";
import { TRUST_POLICY_FILE } from "@/lib/generate/common/pod-identity";
import { CONSOLE_AUTH_SECRET, CONSOLE_POLICY_FILE, CONSOLE_VALUES_FILE, consoleRoleName, watchFederationStep } from "@/lib/generate/watch-step";
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

describe("watch this federation with EKS Pod Identity", () => {
  const { plan } = loadExamplePlans().find((e) => e.name === "federated-storage-pod-identity.yaml")!;
  const step = watchFederationStep(plan);
  const primary = plan.clusters.find((c) => c.role === "primary")!;
  const role = consoleRoleName(plan);

  it("gives the console its own read-only role through an association, never Kubecost's role, before helm installs it", () => {
    const argv = step.commands.map((c) => c.argv.map((w) => (typeof w === "string" ? w : w.template)));
    const at = (word: string) => argv.findIndex((a) => a.includes(word));
    expect(argv[at("get-role")]).toEqual(["aws", "iam", "get-role", "--role-name", role]);
    expect(step.commands[at("get-role")].orElse!.argv).toEqual(expect.arrayContaining(["create-role", "--role-name", role, "--assume-role-policy-document", `file://${TRUST_POLICY_FILE}`]));
    expect(argv[at("put-role-policy")]).toEqual(["aws", "iam", "put-role-policy", "--role-name", role, "--policy-name", "federation-console-read", "--policy-document", `file://${CONSOLE_POLICY_FILE}`]);
    const association = argv[at("create-pod-identity-association")];
    expect(association).toEqual(expect.arrayContaining(["--namespace", plan.kubecost.namespace, "--service-account", CONSOLE_SERVICE_ACCOUNT]));
    expect(association[association.indexOf("--role-arn") + 1]).toMatch(new RegExp(`:role/${role}$`));
    expect(association[association.indexOf("--cluster-name") + 1]).toBe(primary.eksClusterName ?? primary.id);
    expect(at("create-pod-identity-association")).toBeLessThan(at("helm"));
    // The Secret command stays first; every command reaches bash as its argv.
    expect(argv[0].slice(0, 3)).toEqual(["kubectl", "get", "secret"]);
    expect(bashArgvMany(step.commands.map((c) => renderCommand({ argv: c.argv })), { AWS_ACCOUNT_ID: "123456789012" })).toEqual(
      argv.map((a) => a.map((w) => w.replace("${AWS_ACCOUNT_ID}", "123456789012"))),
    );
    expect(step.note).toContain(`read-only role ${role} through EKS Pod Identity`);
    expect(step.note).not.toContain("serviceAccount.roleArn");
  });

  it("the chart's service account is the associated one and carries no role annotation (helm template)", () => {
    const values = parseYaml(step.files.find((f) => f.path === CONSOLE_VALUES_FILE)!.content);
    expect(values.serviceAccount).toEqual({ roleArn: "", name: CONSOLE_SERVICE_ACCOUNT });
    const dir = mkdtempSync(path.join(tmpdir(), "watch-pi-"));
    writeFileSync(path.join(dir, "values.yaml"), step.files.find((f) => f.path === CONSOLE_VALUES_FILE)!.content);
    const tools = spawnSync("bash", ["scripts/ensure-k8s-tools.sh"], { encoding: "utf8" }).stdout.trim();
    const r = spawnSync(path.join(tools, "helm"), ["template", "federation-console", "deploy/helm/federation-console", "--namespace", plan.kubecost.namespace, "--values", path.join(dir, "values.yaml")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean);
    const account = docs.find((d) => d.kind === "ServiceAccount");
    expect(account.metadata.name).toBe(CONSOLE_SERVICE_ACCOUNT);
    expect(account.metadata.annotations?.["eks.amazonaws.com/role-arn"]).toBeUndefined();
    const deployment = docs.find((d) => d.kind === "Deployment");
    expect(deployment.spec.template.spec.serviceAccountName).toBe(CONSOLE_SERVICE_ACCOUNT);
  }, 60_000);
});
