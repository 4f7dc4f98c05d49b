import { expect, test } from "./support/test";

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
  // Another site's page: a blank one, not a page of the console (whose own CSP would refuse the
  // frame first, for another reason).
  await page.goto("about:blank");
  await page.setContent(`<iframe id="f" src="${setup}" width="800" height="600"></iframe>`);
  // Chromium puts its error page in the frame instead of the wizard, for the page's own answer:
  const frame = () => page.frames().find((f) => f !== page.mainFrame());
  await expect.poll(() => frame()?.url()).toBe("chrome-error://chromewebdata/");
  const headers = (await page.request.get(setup)).headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  const text = (await frame()?.evaluate(() => document.body?.innerText ?? "").catch(() => "")) ?? "";
  expect(text).not.toContain("Setup wizard");
});
