import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./support/test";
import { parse } from "yaml";
import { expectAccessible } from "./support/axe";
import { screenshot } from "./support/wizard";

// The config doctor as an admin uses it before moving to 3.x: paste today's values, check, read
// what 3.2.1 does with each key, copy the rewritten file. The file never leaves the tab.

const root = path.resolve(import.meta.dirname, "..");
const fixture = readFileSync(path.join(root, "lib/doctor/fixtures/kubecost-2.4.2-amp-primary.yaml"), "utf8");
const SECRET = "zZ9/secretTESTvalue+abcdefghijklmnopqrstu";

test("a 2.4.2 values file against 3.2.1: failing keys, wrong types, the rewritten file, no request carrying it", async ({ page }) => {
  const bodies: string[] = [];
  page.on("request", (r) => bodies.push(`${r.url()} ${r.postData() ?? ""}`));
  await page.goto("doctor");
  await expect(page.getByRole("heading", { level: 1, name: "Config doctor" })).toBeVisible();
  const withKey = `${fixture}\nkubecostModel:\n  federatedStorageConfig: |\n    type: S3\n    config:\n      bucket: b\n      secret_key: ${SECRET}\n`;
  await page.getByLabel("File", { exact: true }).fill(withKey.replace("kubecostModel:\n  federatedStorageConfigSecret: federated-store\n", ""));
  await expect(page.getByLabel("Target Kubecost version")).toHaveValue("3.2.1");
  await page.getByRole("button", { name: "Check" }).click();

  await expect(page.getByRole("heading", { name: "What Kubecost 3.2.1 (kubecost chart) does with this values file" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Keys that fail the install \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Keys fails/ })).toHaveCount(0);
  // The four global.amp.* keys are one finding, not four lines.
  await expect(page.getByRole("listitem").filter({ hasText: /^Kubecost 3\.2\.1 fails the install: `\.Values\.global\.amp` \(Amazon Managed Prometheus\) is no longer supported\. Please remove this configuration\. \(4 keys\): global\.amp\.enabled, / })).toHaveCount(1);
  await expect(page.getByText("networkCosts.enabled: the chart wants a bool, the file has a string")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: /holds access keys/ })).toBeVisible();
  const rewritten = parse((await page.getByRole("figure").filter({ hasText: "values-3.2.1.yaml" }).locator("code").textContent())!);
  expect(rewritten).toMatchObject({ global: { clusterId: "prod-east", acknowledged: true }, aggregator: { enabled: true } });
  expect(rewritten).not.toHaveProperty("sigV4Proxy");
  await expectAccessible(page, "doctor-report");
  await screenshot(page, "doctor-report");

  expect(bodies.filter((b) => b.includes("secretTESTvalue"))).toEqual([]);
  expect(page.url()).not.toContain("secret");
});

test("a version no line holds is a field message; nothing is reported", async ({ page }) => {
  await page.goto("doctor");
  await page.getByLabel("File", { exact: true }).fill("global:\n  clusterId: a\n");
  await page.getByLabel("Target Kubecost version").fill("4.0.0");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByLabel("Target Kubecost version")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/Give a Kubecost chart version such as 3\.2\.1/)).toBeVisible();
  await expect(page.getByRole("heading", { name: /What Kubecost/ })).toHaveCount(0);
  await expectAccessible(page, "doctor-bad-target");
});

const fixtureText = (name: string) => readFileSync(path.join(root, "lib/doctor/fixtures", name), "utf8");
const rewrittenOn = async (page: import("@playwright/test").Page, version: string) =>
  (await page.getByRole("figure").filter({ hasText: `values-${version}.yaml` }).locator("code").textContent())!;

test("an EKS cost-monitoring file: images keep their registry in the rewrite, old tags are named", async ({ page }) => {
  await page.goto("doctor");
  await page.getByLabel("File", { exact: true }).fill(fixtureText("eks-cost-monitoring-2.4.yaml"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText(/networkCosts\.image pins v0\.17\.6, older than v0\.19\.0/).first()).toBeVisible();
  await expect(page.getByText("kubecostFrontend.image -> frontend.image (registry, repository and tag kept)")).toBeVisible();
  const v = parse(await rewrittenOn(page, "3.2.1"));
  expect(v.frontend).toEqual({ image: { registry: "public.ecr.aws", repository: "kubecost/frontend" } });
  expect(v.networkCosts.image).toEqual({ registry: "public.ecr.aws", repository: "kubecost/kubecost-network-costs", tag: "v0.17.6" });
});

test("a commented file with placeholders: comments survive, placeholders are flagged, the federation gap links the upgrade planner", async ({ page }) => {
  await page.goto("doctor");
  await page.getByLabel("File", { exact: true }).fill(fixtureText("commented-etl-agent-2.8.yaml"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText(/"YOUR_CLUSTER_NAME_HERE" is a placeholder from an example/)).toBeVisible();
  const fed = page.getByRole("status").filter({ hasText: "The rewrite leaves the federation" });
  await expect(fed).toContainText("YOUR_CLUSTER_NAME_HERE, a placeholder");
  await expect(fed.getByRole("link", { name: "upgrade planner" })).toHaveAttribute("href", /\/upgrade$/);
  const text = await rewrittenOn(page, "3.2.1");
  expect(text).toContain("  # Network costs per pod (a DaemonSet).");
  expect(text).toContain("# One ConfigMap the team ships with Kubecost, the list shape extraObjects takes.");
  expect(text).toMatch(/^# {3}- global\.clusterId is a placeholder/m);
  expect(parse(text).global.clusterId).toBe("REPLACE_WITH_UNIQUE_CLUSTER_ID");
  expect(parse(text).extraObjects).toHaveLength(1);
});
