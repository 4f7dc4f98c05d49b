import { defineConfig, devices } from "@playwright/test";

// e2e runs against a production build served under a base path, so the sub-path behind an
// ingress (https://github.com/opencost/opencost/issues/2300) is exercised by every test. scripts/start.ts builds when needed.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3311);
export const E2E_BASE_PATH = "/console";
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
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
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `npx tsx scripts/start.ts --port ${E2E_PORT}`,
    url: `http://127.0.0.1:${E2E_PORT}${E2E_BASE_PATH}/api/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: "pipe",
    // The browser and the API tests stand for clients behind a proxy on loopback, so a test that
    // floods links names its own client in X-Forwarded-For (lib/security/client-address.ts).
    env: { BASE_PATH: E2E_BASE_PATH, NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e", NODE_ENV: "production", FC_TRUSTED_PROXIES: "127.0.0.1" },
  },
});
