import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";

// A share link written by someone else (issue 15): the values that change where code, images and
// data come from are shown in a notice; nothing is generated or saved until the admin accepts.

const REPO = "https://charts.evil.example/kubecost";
const MIRROR = "registry.evil.example/mirror";
const ENDPOINT = "s3.evil.example";
const CA = "../.aws/credentials";
const hostile = new URLSearchParams({ v: "1", m: "federated-etl", kl: "2.x", kv: "2.8.7", repo: REPO, mir: MIRROR, b: "acme-etl", r: "us-east-1", ep: ENDPOINT, ca: CA, c: "prod-1~p", step: "output" });

const notice = (page: Page) => page.getByRole("alert").filter({ hasText: "changes where code, images or data come from" });
const wizardText = (page: Page) => page.locator("#wizard-step").evaluate((e) => e.textContent ?? "");
const saved = (page: Page) => page.evaluate(() => localStorage.getItem("fc-wizard-plan"));

test("a hostile link's repository, mirror, endpoint and CA path are in the notice, not in the output, until accepted", async ({ page }) => {
  await page.goto(`setup?${hostile}`);
  await expect(notice(page)).toBeVisible();
  for (const v of [REPO, MIRROR, ENDPOINT, CA]) await expect(notice(page)).toContainText(v);
  await expect(notice(page).getByRole("list", { name: "Values not taken" })).toContainText("bare name in the bundle folder");
  await expect(page.getByText("The commands appear once you decide")).toBeVisible();
  await expect(page.locator("[data-kind=command]")).toHaveCount(0);
  expect(await wizardText(page)).not.toContain("evil.example");
  expect(await saved(page)).toBeNull();

  await notice(page).getByRole("button", { name: "Use these values" }).click();
  await expect(notice(page)).toBeHidden();
  await expect(page.locator("[data-kind=command]").first()).toBeVisible();
  const out = await wizardText(page);
  for (const v of [REPO, MIRROR, ENDPOINT]) expect(out).toContain(v);
  expect(out).not.toContain(".aws/credentials");
  expect(await saved(page)).toContain("evil.example");
});

test("declining puts the defaults back and nothing of the link is saved", async ({ page }) => {
  await page.goto(`setup?${hostile}`);
  await notice(page).getByRole("button", { name: "Use the defaults instead" }).click();
  await expect(notice(page)).toBeHidden();
  await expect(page.locator("[data-kind=command]").first()).toBeVisible();
  const out = await wizardText(page);
  expect(out).toContain("https://kubecost.github.io/cost-analyzer/");
  expect(out).not.toContain("evil.example");
  expect(await saved(page)).not.toContain("evil.example");
});
