import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./support/test";

// The worker's tab (e2e/support/test.ts) is handed from test to test: what one test leaves in it,
// the next must not find. These run in order, in one worker.
test.describe.configure({ mode: "serial" });

let previous: BrowserContext | undefined;
const leakedConsole: string[] = [];

test("a test leaves storage, cookies, a permission, a route, a listener, a page and emulation behind", async ({ page, context }) => {
  await page.goto("setup");
  await page.evaluate(() => {
    localStorage.setItem("left-behind", "1");
    sessionStorage.setItem("left-behind", "1");
  });
  await context.addCookies([{ name: "left-behind", value: "1", url: page.url() }]);
  await context.grantPermissions(["clipboard-read"]);
  await page.route("**/api/healthz", (route) => route.fulfill({ body: "routed by the last test" }));
  page.on("console", (m) => leakedConsole.push(m.text()));
  await page.setViewportSize({ width: 400, height: 500 });
  await page.emulateMedia({ colorScheme: "dark" });
  await context.newPage();
  previous = context;
});

test("the next test gets the same tab with none of it", async ({ page, context }) => {
  // The point of the shared tab: no new context per test.
  expect(context).toBe(previous);
  expect(context.pages()).toEqual([page]);
  expect(await context.cookies()).toEqual([]);
  expect(page.viewportSize()).toEqual({ width: 1280, height: 720 });
  await page.goto("setup");
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
  expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(false);
  expect(await page.evaluate(async () => (await navigator.permissions.query({ name: "clipboard-read" as PermissionName })).state)).toBe("prompt");
  await page.evaluate(() => console.log("after the hand-over"));
  expect(leakedConsole).toEqual([]);
  const health = await page.goto("api/healthz");
  expect(await health!.text()).not.toContain("routed by the last test");
});

test("an init script cannot be taken back, so it spends the tab", async ({ page, context }) => {
  await page.addInitScript(() => ((window as unknown as { leftBehind: boolean }).leftBehind = true));
  await page.goto("setup");
  expect(await page.evaluate(() => (window as unknown as { leftBehind?: boolean }).leftBehind)).toBe(true);
  previous = context;
});

test("the test after a spent tab gets a new context", async ({ page, context }) => {
  expect(context).not.toBe(previous);
  await page.goto("setup");
  expect(await page.evaluate(() => (window as unknown as { leftBehind?: boolean }).leftBehind)).toBeUndefined();
});

test("a default timeout cannot be taken back either", async ({ page, context }) => {
  page.setDefaultTimeout(5_000);
  previous = context;
});

test("so the next test gets a new context again", async ({ context }) => {
  expect(context).not.toBe(previous);
  previous = context;
});

test.describe("a test asking for other context options", () => {
  test.use({ locale: "de-DE" });

  test("gets a context made with them", async ({ page, context }) => {
    expect(context).not.toBe(previous);
    await page.goto("setup");
    expect(await page.evaluate(() => navigator.language)).toBe("de-DE");
    previous = context;
  });
});

test("and the test after it, back on the project's options, gets another", async ({ page, context }) => {
  expect(context).not.toBe(previous);
  await page.goto("setup");
  expect(await page.evaluate(() => navigator.language)).toBe("en-US");
});
