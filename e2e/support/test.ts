import { test as base, type BrowserContext, type BrowserContextOptions, type Page, type PlaywrightWorkerArgs, type WorkerInfo } from "@playwright/test";

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
// loses its cookies, local and session storage and permissions, its routes and the listeners the
// test added, every other page of the context, and takes the project's viewport and media again.
// What cannot be taken back (an init script, an exposed binding, extra headers, offline, a clock)
// marks the tab spent: the next test gets a new context. A retry always gets a new context, so a
// failure caused by an earlier test does not fail twice, and its trace is the retry's own.

const PAGE_SPENT_BY = ["addInitScript", "exposeBinding", "exposeFunction", "setExtraHTTPHeaders", "routeFromHAR", "routeWebSocket"] as const;
const CONTEXT_SPENT_BY = [...PAGE_SPENT_BY, "setOffline", "setGeolocation", "setHTTPCredentials"] as const;
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

/** The options of the project's `use` a context is made with (what the default context fixture
 * passes, for the options this suite's projects set). */
function contextOptions(workerInfo: WorkerInfo): BrowserContextOptions {
  const { baseURL, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, colorScheme, locale, timezoneId, acceptDownloads, ignoreHTTPSErrors } = workerInfo.project.use;
  return { baseURL, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, colorScheme, locale, timezoneId, acceptDownloads, ignoreHTTPSErrors };
}

interface Tab {
  context: BrowserContext;
  page: Page;
  spent: boolean;
}

interface TabHolder {
  /** The worker's tab, a new one when the last was spent or closed. */
  take(fresh: boolean): Promise<Tab>;
}

export const test = base.extend<object, { tabs: TabHolder }>({
  tabs: [
    async ({ browser }: PlaywrightWorkerArgs, provide, workerInfo) => {
      let tab: Tab | undefined;
      const open = async (): Promise<Tab> => {
        const context = await browser.newContext(contextOptions(workerInfo));
        return { context, page: await context.newPage(), spent: false };
      };
      await provide({
        async take(fresh) {
          if (tab && (fresh || tab.spent || tab.page.isClosed())) {
            await tab.context.close().catch(() => undefined);
            tab = undefined;
          }
          tab ??= await open();
          return tab;
        },
      });
      await tab?.context.close().catch(() => undefined);
    },
    { scope: "worker" },
  ],

  context: async ({ tabs }, provide, testInfo) => {
    const tab = await tabs.take(testInfo.retry > 0);
    const { context, page } = tab;
    const spend = () => (tab.spent = true);
    const pageListeners = listenersOf(page as unknown as Listening);
    const contextListeners = listenersOf(context as unknown as Listening);
    const unwatch = [watchCalls(page, PAGE_SPENT_BY, spend), watchCalls(context, CONTEXT_SPENT_BY, spend), watchCalls(page.clock, CLOCK_SPENT_BY, spend)];

    await provide(context);

    for (const off of unwatch) off();
    if (page.isClosed() || testInfo.status !== testInfo.expectedStatus) {
      tab.spent = true;
      return;
    }
    removeAddedListeners(page as unknown as Listening, pageListeners);
    removeAddedListeners(context as unknown as Listening, contextListeners);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await context.unrouteAll({ behavior: "ignoreErrors" });
    for (const other of context.pages()) if (other !== page) await other.close();
    await context.clearCookies();
    await context.clearPermissions();
    // Off the app to a small answer of its own origin (the health check), then that origin's
    // storage emptied: the next test starts with no saved plan, as in a new context.
    const parking = new URL("api/healthz", testInfo.project.use.baseURL);
    const parked = await page.goto(parking.href).then(
      () => new URL(page.url()).origin === parking.origin,
      () => false,
    );
    if (!parked) {
      tab.spent = true;
      return;
    }
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
  },

  page: async ({ tabs, context, viewport, colorScheme }, provide) => {
    const { page } = await tabs.take(false);
    if (page.context() !== context) throw new Error("the worker's tab changed inside a test");
    if (viewport) await page.setViewportSize(viewport);
    await page.emulateMedia({ media: null, colorScheme: colorScheme ?? "light", reducedMotion: "no-preference", forcedColors: "none" });
    await provide(page);
  },
});
