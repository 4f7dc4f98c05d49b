import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import type { FederationPlanInput } from "@/lib/plan/schema";
import { generatePlan } from "../index";
import { renderCommand, simpleCommands } from "../shell";
import { allCommands, planFrom, words } from "@/test/support/generated-plan";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The bucket step runs again when an admin re-runs STEPS.md: nothing it creates may fail the
// second time, and a custom endpoint gets no AWS IAM commands it cannot use.
const keysPlan: FederationPlanInput = {
  method: "thanos-bundled",
  kubecost: { chartLine: "1.x", chartVersion: "1.108.1" },
  storage: { bucket: "acme-thanos", region: "eu-west-1" },
  auth: { mode: "access-keys" },
  clusters: [{ id: "hub", role: "primary" }],
};
const etlWithEndpoint: FederationPlanInput = {
  method: "federated-etl",
  kubecost: { chartLine: "2.x", chartVersion: "2.4.2" },
  storage: { bucket: "acme-etl", region: "us-east-1", endpoint: "minio.corp.example:9000", internalCa: { caFile: "/etc/ca.pem" } },
  auth: { mode: "access-keys" },
  clusters: [{ id: "hub", role: "primary" }],
};
const cmds = (p: FederationPlanInput) => allCommands(generatePlan(planFrom(p)));
const startsWith = (...head: string[]) => (c: { argv: unknown[] }) => head.every((w, i) => c.argv[i] === w);

describe("bucket and policy commands", () => {
  it("create the bucket only when head-bucket finds none, and the policy only when get-policy finds none", () => {
    const all = cmds(keysPlan);
    const bucket = all.find(startsWith("aws", "s3api", "head-bucket"))!;
    expect(bucket.quiet).toBe(true);
    expect(words(bucket)).toEqual(["aws", "s3api", "head-bucket", "--bucket", "acme-thanos", "--region", "eu-west-1"]);
    expect(words(bucket.orElse!)).toEqual(["aws", "s3api", "create-bucket", "--bucket", "acme-thanos", "--region", "eu-west-1", "--create-bucket-configuration", "LocationConstraint=eu-west-1"]);
    const policy = all.find(startsWith("aws", "iam", "get-policy"))!;
    expect(policy.quiet).toBe(true);
    expect(words(policy)).toEqual(["aws", "iam", "get-policy", "--policy-arn", "arn:aws:iam::${AWS_ACCOUNT_ID}:policy/kubecost-thanos-acme-thanos"]);
    expect(words(policy.orElse!)).toEqual(["aws", "iam", "create-policy", "--policy-name", "kubecost-thanos-acme-thanos", "--policy-document", "file://iam/bucket-policy.json"]);
    // No top-level create-* that fails on a second run.
    expect(all.filter((c) => c.argv[2] === "create-bucket" || c.argv[2] === "create-policy")).toEqual([]);
    // The account id the ARN needs is captured first (access keys too, not only eksctl).
    expect(all.findIndex((c) => c.assignTo === "AWS_ACCOUNT_ID")).toBeLessThan(all.indexOf(policy));
  });

  it("runs create-bucket and create-policy only on the first run (real bash, stub aws)", () => {
    const all = cmds(keysPlan);
    const script = [all.find(startsWith("aws", "s3api", "head-bucket"))!, all.find(startsWith("aws", "iam", "get-policy"))!].map((c) => renderCommand(c)).join("\n");
    const run = (exists: boolean) => {
      const stub = `aws() { case "$2" in head-bucket|get-policy) echo "probe $2"; ${exists ? "return 0" : "echo 'An error occurred (404)' >&2; return 254"};; *) echo "RUN $2" >&2;; esac; }`;
      const r = spawnSync("bash", ["--noprofile", "--norc", "-c", `${stub}\nAWS_ACCOUNT_ID=123456789012\n${script}`], { encoding: "utf8", env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv });
      return { stdout: r.stdout, stderr: r.stderr, status: r.status };
    };
    expect(run(true)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(run(false)).toEqual({ stdout: "", stderr: "RUN create-bucket\nRUN create-policy\n", status: 0 });
  });

  it("with a custom endpoint and access keys: lists the bucket through the endpoint and makes no IAM policy", () => {
    const g = generatePlan(planFrom(etlWithEndpoint));
    const argvs = allCommands(g).flatMap(simpleCommands);
    expect(argvs.filter((a) => a[0] === "aws" && a[1] === "iam")).toEqual([]);
    expect(argvs.filter((a) => a[0] === "aws" && a[1] === "s3api")).toEqual([]);
    const check = allCommands(g).find(startsWith("aws", "s3", "ls", "s3://acme-etl/"))!;
    expect(words(check)).toEqual(["aws", "s3", "ls", "s3://acme-etl/", "--region", "us-east-1", "--endpoint-url", "https://minio.corp.example:9000", "--ca-bundle", "/etc/ca.pem"]);
    expect(g.steps.find((s) => s.id === "bucket-and-policy")!.note).toContain("read and write access to the bucket on your storage");
    expect(allCommands(g).some((c) => c.assignTo === "AWS_ACCOUNT_ID")).toBe(false);
  });

  it("with a custom endpoint and IRSA (an AWS S3 VPC or FIPS endpoint) still makes the policy, guarded", () => {
    const all = cmds({ ...etlWithEndpoint, awsAccountId: "123456789012", storage: { bucket: "acme-etl", region: "us-east-1", endpoint: "bucket.vpce-1a2b.s3.us-east-1.vpce.amazonaws.com" }, auth: { mode: "irsa" } });
    const policy = all.find(startsWith("aws", "iam", "get-policy"))!;
    expect(words(policy.orElse!).slice(0, 3)).toEqual(["aws", "iam", "create-policy"]);
    expect(policy.comment).toContain("AWS S3");
  });
});

describe("access-key Secrets with placeholders", () => {
  const keyPlans: [string, FederationPlanInput, string][] = [
    ["thanos-bundled", keysPlan, "object-store.yaml"],
    ["thanos-standalone", { ...keysPlan, method: "thanos-standalone", thanosDomain: "acme.example" }, "objstore.yml"],
    ["federated-etl", { ...etlWithEndpoint, storage: { bucket: "acme-etl", region: "us-east-1" } }, "federated-store.yaml"],
    [
      "amp-federated",
      { ...etlWithEndpoint, method: "amp-federated", awsAccountId: "123456789012", storage: { bucket: "acme-etl", region: "us-east-1" }, amp: { region: "us-east-1", workspace: { mode: "create", alias: "k" } } },
      "federated-store.yaml",
    ],
  ];
  for (const [method, input, path] of keyPlans) {
    it(`${method}: creates the Secret only once ${path} holds no REPLACE_WITH_ placeholder, and says so first`, () => {
      const g = generatePlan(planFrom(input));
      const secretSteps = g.steps.filter((s) => s.phase === "secrets");
      expect(secretSteps.length).toBeGreaterThan(0);
      for (const step of secretSteps) {
        expect(step.note).toContain(`Replace the REPLACE_WITH_... placeholders in ${path}`);
        const guard = step.commands.find((c) => c.then && startsWith("kubectl", "create", "secret")(c.then))!;
        expect(guard, step.id).toBeDefined();
        expect(words(guard)).toEqual(["grep", "--quiet", "REPLACE_WITH_", path]);
        expect(guard.negate).toBe(true);
        // Real bash: with placeholders nothing reaches kubectl; with keys the Secret is created.
        const dir = mkdtempSync(join(tmpdir(), "placeholders-"));
        const run = (content: string) => {
          writeFileSync(join(dir, path), content);
          const r = spawnSync("bash", ["--noprofile", "--norc", "-c", `set -euo pipefail\nkubectl() { echo "kubectl $1 $2" >&2; }\n${renderCommand(guard)}`], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv });
          // The two sides of the pipe run at once: their log lines come in either order.
          return { status: r.status, stdout: r.stdout, stderr: r.stderr.split("\n").filter(Boolean).sort() };
        };
        // Placeholders left: the step stops with a non-zero exit (install.sh then reruns it).
        expect(run("config:\n  access_key: REPLACE_WITH_ACCESS_KEY_ID\n")).toEqual({ status: 1, stdout: "", stderr: [`Not created: ${path} still holds REPLACE_WITH_ placeholders. Put the access keys in it, then run this again.`] });
        expect(run("config:\n  access_key: AKIAZZTESTKEY1234567\n")).toEqual({ status: 0, stdout: "", stderr: ["kubectl apply --server-side", "kubectl create secret"] });
      }
    });
  }

  it("typed keys: no guard, no placeholder note", () => {
    const g = generatePlan(planFrom({ ...keysPlan, auth: { mode: "access-keys", accessKeyId: "AKIAZZTESTKEY1234567", secretAccessKey: "zZ9/secretTESTvalue+abcdefghijklmnopqrstu" } }));
    expect(allCommands(g).some((c) => c.argv[0] === "grep")).toBe(false);
    expect(g.steps.map((s) => s.note ?? "").join(" ")).not.toContain("REPLACE_WITH_");
  });
});
