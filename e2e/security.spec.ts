import { expect, test } from "@playwright/test";

// In a real browser: the nonce CSP lets every page hydrate without a violation, and /setup (where
// access keys are typed) cannot be framed by another page.

test("pages hydrate under the CSP without a single violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ["", "setup", "status"]) {
    await page.goto(path);
    await expect(page.getByRole("button", { name: /^Theme:/ })).toBeVisible();
  }
  await page.getByRole("button", { name: /^Theme:/ }).click(); // a hydrated client component answers
  await expect(page.getByRole("button", { name: /^Theme: light/ })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a framed /setup is refused", async ({ page, baseURL }) => {
  const setup = new URL("setup", baseURL).href;
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/frame-ancestors|X-Frame-Options/i.test(m.text())) blocked.push(m.text());
  });
  await page.setContent(`<iframe id="f" src="${setup}" width="800" height="600"></iframe>`);
  await expect.poll(() => blocked.length).toBeGreaterThan(0);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const text = (await frame?.evaluate(() => document.body?.innerText ?? "").catch(() => "")) ?? "";
  expect(text).not.toContain("Setup wizard");
});
