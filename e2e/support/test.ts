import { test as base, type BrowserContext, type BrowserContextOptions, type Page, type PlaywrightWorkerArgs } from "@playwright/test";

export { expect } from "@playwright/test";

// One browser tab per worker, handed from test to test and put back as a new one would be.
//
// Why: on the 2-core machine a new context and its first page cost about 2 s of CPU before the
// page loads anything (a renderer process starting, Playwright's scripts compiled into it), and
// the first load of /setup in a new renderer about 1.5 s more. Measured 2026-12-05 with a
// per-process CPU sampler: 20 tests each loading /setup in their own context, 75 s of CPU; the
// same 20 loads in one tab, 20 s. Over the suite's 66 tests the fresh contexts were a third of the
// Playwright run's CPU.
//
// What a test gets is what a fresh tab would give it: between tests the tab leaves the app for a
// page of the same origin (a navigation in the same renderer: about:blank would start a new one),
// loses its cookies, local and session storage and permissions, its routes and the
// listeners the test added, every other page of the context, and takes the test's viewport and
// media again. A test whose context options (test.use: locale, permissions, storageState, ...)
// differ from the tab's gets a new context made with them. What cannot be taken back (an init
// script, an exposed binding, extra headers, offline, a clock, a locator handler, default
// timeouts) marks the tab spent, and so does a failure: the tab is closed when the test ends and
// the next test gets a new context. A retry runs in a new worker (Playwright replaces a worker
// after a failure), so it starts from a new context too, and its trace is its own.

const PAGE_SPENT_BY = [
  "addInitScript",
  "exposeBinding",
  "exposeFunction",
  "setExtraHTTPHeaders",
  "routeFromHAR",
  "routeWebSocket",
  "addLocatorHandler",
  "setDefaultTimeout",
  "setDefaultNavigationTimeout",
] as const;
const CONTEXT_SPENT_BY = [...PAGE_SPENT_BY, "setOffline", "setGeolocation", "setHTTPCredentials", "setStorageState"] as const;
const CLOCK_SPENT_BY = ["install", "setFixedTime", "setSystemTime", "pauseAt", "runFor", "fastForward"] as const;

type Listening = { eventNames(): (string | symbol)[]; listeners(event: string | symbol): unknown[]; removeListener(event: string | symbol, fn: never): unknown };

/** Every listener on `emitter` now, to remove what a test adds after it. */
function listenersOf(emitter: Listening): Map<string | symbol, Set<unknown>> {
  return new Map(emitter.eventNames().map((e) => [e, new Set(emitter.listeners(e))]));
}

function removeAddedListeners(emitter: Listening, before: Map<string | symbol, Set<unknown>>) {
  for (const event of emitter.eventNames())
    for (const fn of emitter.listeners(event)) if (!before.get(event)?.has(fn)) emitter.removeListener(event, fn as never);
}

/** Wraps `methods` on the object itself (the prototype is untouched) so a call marks the tab
 * spent; returns what takes the wrappers off again. */
function watchCalls(target: object, methods: readonly string[], spend: () => void): () => void {
  const own = target as Record<string, unknown>;
  for (const m of methods) {
    const original = own[m] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof original !== "function") continue;
    own[m] = (...args: unknown[]) => {
      spend();
      return original.apply(target, args);
    };
  }
  return () => {
    for (const m of methods) delete own[m];
  };
}

/** The context options a test asks for (the project's `use` and any test.use), without the ones
 * it leaves unset (Playwright's own defaults apply to those, as for a context of its own). The page
 * fixture applies viewport and media to the tab itself, so they are not among these. */
type ContextOptionFixtures = Pick<
  BrowserContextOptions,
  | "baseURL"
  | "userAgent"
  | "deviceScaleFactor"
  | "isMobile"
  | "hasTouch"
  | "locale"
  | "timezoneId"
  | "acceptDownloads"
  | "ignoreHTTPSErrors"
  | "javaScriptEnabled"
  | "bypassCSP"
  | "permissions"
  | "geolocation"
  | "extraHTTPHeaders"
  | "httpCredentials"
  | "offline"
  | "storageState"
  | "serviceWorkers"
>;
const definedOnly = (options: ContextOptionFixtures): BrowserContextOptions => Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));

interface Tab {
  context: BrowserContext;
  page: Page;
  /** The options it was made with, to compare with the next test's. */
  key: string;
  spent: boolean;
}

interface TabHolder {
  /** The worker's tab, a new one when there is none, the last was closed or it was made with
   * other options. */
  take(options: BrowserContextOptions): Promise<Tab>;
  /** The tab the running test took. */
  current(): Tab;
  /** Closes the tab now (a spent one: its last screenshot belongs to the test that spent it). */
  discard(): Promise<void>;
}

/** Puts the tab back as a new one would be; false when it could not (the tab is then closed). */
async function putBack(tab: Tab, pageListeners: Map<string | symbol, Set<unknown>>, contextListeners: Map<string | symbol, Set<unknown>>, baseURL?: string): Promise<boolean> {
  const { page, context } = tab;
  try {
    // Off the app first, so its timers and polls stop, to a small answer of its own origin.
    const parking = new URL("api/healthz", baseURL);
    await page.goto(parking.href, { timeout: 10_000 });
    if (new URL(page.url()).origin !== parking.origin) return false;
    removeAddedListeners(page as unknown as Listening, pageListeners);
    removeAddedListeners(context as unknown as Listening, contextListeners);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await context.unrouteAll({ behavior: "ignoreErrors" });
    for (const other of context.pages()) if (other !== page) await other.close();
    await context.clearCookies();
    await context.clearPermissions();
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    // The HTTP cache stays warm. The tests that watch what a page fetches (the chart tables loaded
    // on demand) still see every fetch: a response from the cache reaches `response` listeners
    // like one from the server (checked 2026-12-05: the doctor page's 11 scripts, both loads).
    return true;
  } catch {
    return false;
  }
}

export const test = base.extend<object, { tabs: TabHolder }>({
  tabs: [
    async ({ browser }: PlaywrightWorkerArgs, provide) => {
      let tab: Tab | undefined;
      const discard = async () => {
        await tab?.context.close().catch(() => undefined);
        tab = undefined;
      };
      await provide({
        async take(options) {
          const key = JSON.stringify(options);
          if (tab && (tab.spent || tab.page.isClosed() || tab.key !== key)) await discard();
          if (!tab) {
            const context = await browser.newContext(options);
            tab = { context, page: await context.newPage(), key, spent: false };
          }
          return tab;
        },
        current() {
          if (!tab) throw new Error("no tab: the page fixture runs after the context fixture");
          return tab;
        },
        discard,
      });
      await discard();
    },
    { scope: "worker" },
  ],

  context: async (
    { tabs, baseURL, userAgent, deviceScaleFactor, isMobile, hasTouch, locale, timezoneId, acceptDownloads, ignoreHTTPSErrors, javaScriptEnabled, bypassCSP, permissions, geolocation, extraHTTPHeaders, httpCredentials, offline, storageState, serviceWorkers },
    provide,
    testInfo,
  ) => {
    const options = definedOnly({ baseURL, userAgent, deviceScaleFactor, isMobile, hasTouch, locale, timezoneId, acceptDownloads, ignoreHTTPSErrors, javaScriptEnabled, bypassCSP, permissions, geolocation, extraHTTPHeaders, httpCredentials, offline, storageState, serviceWorkers });
    const tab = await tabs.take(options);
    const { context, page } = tab;
    const spend = () => (tab.spent = true);
    const pageListeners = listenersOf(page as unknown as Listening);
    const contextListeners = listenersOf(context as unknown as Listening);
    const unwatch = [watchCalls(page, PAGE_SPENT_BY, spend), watchCalls(context, CONTEXT_SPENT_BY, spend), watchCalls(page.clock, CLOCK_SPENT_BY, spend)];

    await provide(context);

    for (const off of unwatch) off();
    if (page.isClosed() || testInfo.status !== testInfo.expectedStatus) tab.spent = true;
    if (!tab.spent) tab.spent = !(await putBack(tab, pageListeners, contextListeners, options.baseURL));
    if (tab.spent) await tabs.discard();
  },

  page: async ({ tabs, context, viewport, colorScheme, reducedMotion, forcedColors, contrast }, provide) => {
    const { page } = tabs.current();
    if (page.context() !== context) throw new Error("the worker's tab changed inside a test");
    if (viewport) await page.setViewportSize(viewport);
    await page.emulateMedia({ media: null, colorScheme: colorScheme ?? "light", reducedMotion: reducedMotion ?? "no-preference", forcedColors: forcedColors ?? "none", contrast: contrast ?? "no-preference" });
    await provide(page);
  },
});
