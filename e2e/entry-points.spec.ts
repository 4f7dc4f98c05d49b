import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { readFileSync } from "node:fs";

// Where a new admin starts: the home page and "Help me choose" recommend Kubecost 3.x for a new
// install, the method cards say which lines run each method, and every page fits a phone.

const root = path.resolve(import.meta.dirname, "..");

test("the home page recommends Kubecost 3.x federated storage for a new install, with reasons", async ({ page }) => {
  await page.goto("");
  await expect(page.getByRole("heading", { level: 2, name: "New install: Kubecost 3.x" })).toBeVisible();
  await expect(page.getByTestId("home-recommended")).toHaveText("Federated storage (Kubecost 3.x FinOps agent)");
  await expect(page.getByText(/New installs get Kubecost 3\.x, the current line \(3\.2\.1\)/)).toBeVisible();
  await expect(page.getByText(/one of three federation methods/)).toHaveCount(0);
  for (const name of ["Setup wizard", "Upgrade plan", "Config doctor", "Federation status"]) await expect(page.getByRole("main").getByRole("link", { name: new RegExp(`^${name}`) })).toBeVisible();
});

test("Help me choose offers every line today and recommends 3.x for a new install; the cards say which lines run each method", async ({ page }) => {
  await page.goto("setup");
  await page.getByRole("button", { name: "Help me choose" }).click();
  for (const v of ["Not installed yet", "3.x", "2.9", "2.x", "1.x"]) await expect(page.getByRole("radio", { name: v, exact: true })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Not installed yet", exact: true })).toBeChecked();
  await expect(page.getByTestId("recommended-method")).toHaveText("Federated storage (Kubecost 3.x FinOps agent)");
  await expect(page.getByText(/New installs get Kubecost 3\.x, the current line/)).toBeVisible();
  await page.getByRole("radio", { name: "2.9", exact: true }).check();
  await expect(page.getByTestId("recommended-method")).toHaveText("Federated storage (Kubecost 3.x FinOps agent)");

  const card = (name: RegExp) => page.locator("label").filter({ has: page.getByRole("radio", { name }) });
  await expect(card(/^Federated ETL/)).toContainText("Kubecost 2.x");
  await expect(card(/^Federated ETL/)).not.toContainText("preferred");
  await expect(card(/^Thanos standalone/)).toContainText("Kubecost 2.x and 1.108");
  await expect(card(/^Thanos standalone/)).not.toContainText("Any Kubecost version");
  await expect(card(/^Amazon Managed Prometheus \(quick start\)/)).toContainText("Kubecost 2.x · up to 100 clusters");
  await expect(card(/^Federated storage/)).toContainText("Kubecost 3.x and 2.9");
});

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("no page scrolls sideways", async ({ page }) => {
    for (const p of ["", "setup", "status"]) {
      await page.goto(p);
      await expect(page.locator("main")).toBeVisible();
      expect({ page: p, fits: await noSideScroll(page) }).toEqual({ page: p, fits: true });
    }

    await page.goto("upgrade");
    expect(await noSideScroll(page)).toBe(true);
    await page.getByLabel("Open plan.yaml").setInputFiles(path.join(root, "examples/federated-etl.yaml"));
    await expect(page.locator("[data-step-number]").first()).toBeVisible();
    expect({ page: "upgrade with steps", fits: await noSideScroll(page) }).toEqual({ page: "upgrade with steps", fits: true });

    await page.goto("doctor");
    expect(await noSideScroll(page)).toBe(true);
    await page.getByLabel("File", { exact: true }).fill(readFileSync(path.join(root, "lib/doctor/fixtures/commented-etl-agent-2.8.yaml"), "utf8"));
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page.getByRole("heading", { name: /What Kubecost 3\.2\.1/ })).toBeVisible();
    expect({ page: "doctor with a report", fits: await noSideScroll(page) }).toEqual({ page: "doctor with a report", fits: true });
  });
});
