import { defineConfig, devices } from "@playwright/test";
import { SUITE_BASE_PATH, SUITE_DIST_DIR } from "./test/support/suite-build";

// e2e runs against a production build served under a base path, so the sub-path behind an
// ingress (https://github.com/opencost/opencost/issues/2300) is exercised by every test.
// scripts/start.ts builds when needed; under `npm test` it serves the suite's one build
// (scripts/build-suite.ts), which the deploy test uses too.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3311);
export const E2E_BASE_PATH = SUITE_BASE_PATH;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // The heaviest wizard tests (five steps, each scanned for accessibility, the output compared
  // with the CLI's bundle and zip) took 53-60 s alone and up to 96 s beside another test, at load
  // average 17-25 on the 2-core machine, before the scans ran in the page (2026-12-05); now 11-15 s
  // quiet. 180 s leaves room beyond a machine that busy. The 5,000-cluster journey sets its own.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}${E2E_BASE_PATH}/`,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // Tests that share nothing but the server are spread over both workers one by one, not file by
  // file: the wizard spec alone is a third of the run, and whole files left one worker idle at the
  // end. The status spec keeps its own order (one of its tests floods the server with links), so it
  // is one job for one worker: listed first, it starts at once beside the others instead of running
  // alone at the end (2026-12-05: 130 s of one idle worker out of a 646 s run).
  projects: [
    { name: "chromium-status", use: { ...devices["Desktop Chrome"] }, testMatch: /status\.spec\.ts$/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: /status\.spec\.ts$/, fullyParallel: true },
  ],
  webServer: {
    command: `npx tsx scripts/start.ts --port ${E2E_PORT}`,
    url: `http://127.0.0.1:${E2E_PORT}${E2E_BASE_PATH}/api/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: "pipe",
    // The browser and the API tests stand for clients behind a proxy on loopback, so a test that
    // floods links names its own client in X-Forwarded-For (lib/security/client-address.ts).
    env: { BASE_PATH: E2E_BASE_PATH, NEXT_DIST_DIR: SUITE_DIST_DIR, NODE_ENV: "production", FC_TRUSTED_PROXIES: "127.0.0.1" },
  },
});
