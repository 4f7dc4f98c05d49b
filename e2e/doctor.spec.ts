import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";
import { expectAccessible, screenshot } from "./support/wizard";

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
  await expect(page.getByRole("heading", { name: /^Keys fails the install \(\d+\)$/ })).toBeVisible();
  await expect(page.getByText(/global\.amp\.enabled: kubecost 3\.2\.1 fails the install: `\.Values\.global\.amp` \(Amazon Managed Prometheus\) is no longer supported/)).toBeVisible();
  await expect(page.getByText("networkCosts.enabled: the chart wants a bool, the file has a string")).toBeVisible();
  await expect(page.getByText(/holds access keys/)).toBeVisible();
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
