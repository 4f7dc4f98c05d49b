import { expect, test } from "./support/test";
import { ROUTE_BUDGET_KIB, ROUTE_TOTAL_HELD_AT_KIB, routeSizes } from "../scripts/bench-routes";
import { packFixtureChart } from "../lib/charts/fixtures/pack";
import { SUITE_DIST_DIR } from "../test/support/suite-build";

// Light pages (issue 19): the chart key/type tables (hundreds of kilobytes per version) are not
// in any page's first load; the doctor fetches the one version it checks against when asked.
// Sizes come from the build the e2e run serves (scripts/start.ts builds it), so they are exact.

// The build the e2e server runs (test/support/suite-build.ts).
const distDir = SUITE_DIST_DIR;

test("every route's own first-load JS is within its budget, and the whole first load within what it was", () => {
  // The budget is on what the app loads; the framework (433 KiB, the same on every route) is
  // held with the totals (scripts/bench-routes.ts says why the total cannot be met).
  for (const r of routeSizes(distDir)) {
    expect(r.ownKib, `${r.route}: ${r.ownKib} KiB of its own JS (framework ${r.frameworkKib} KiB) over ${ROUTE_BUDGET_KIB[r.route]} KiB`).toBeLessThanOrEqual(ROUTE_BUDGET_KIB[r.route]);
    expect(r.totalKib, `${r.route}: ${r.totalKib} KiB in all (framework ${r.frameworkKib} KiB) over the ${ROUTE_TOTAL_HELD_AT_KIB[r.route]} KiB it was held at`).toBeLessThanOrEqual(ROUTE_TOTAL_HELD_AT_KIB[r.route]);
  }
});

test("the doctor loads no chart key table up front, and only the target version's when it checks", async ({ page }) => {
  const tables: string[] = [];
  page.on("response", async (r) => {
    if (!r.url().endsWith(".js")) return;
    const body = await r.text().catch(() => "");
    // A key table's data (`templatePaths:[` / `"templatePaths":[`), not the lint code that reads it.
    if (/templatePaths"?:\[/.test(body)) tables.push(/"tag":"([^"]+)"/.exec(body)?.[1] ?? r.url());
  });
  await page.goto("doctor");
  await expect(page.getByRole("button", { name: "Check" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(tables).toEqual([]);
  await page.getByLabel("File", { exact: true }).fill("global:\n  clusterId: prod-east\nkubecostModel:\n  etlBucketConfigSecret: x\n");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText(/kubecostModel\.etlBucketConfigSecret: Kubecost 3\.2\.1 fails the install/)).toBeVisible();
  // The table names the chart version it was derived from (npm run chart-data).
  await expect.poll(() => tables).toEqual(["3.2.1"]);
});

test("a chart package dropped into the doctor: the checks run against it, and the page says so", async ({ page }) => {
  // The hand-written chart (lib/charts/fixtures/demo-chart) packed as kubecost 3.3.0 in this test.
  const base64 = Buffer.from(packFixtureChart("kubecost")).toString("base64");
  await page.goto("doctor");
  const zone = page.getByRole("region", { name: "Chart package drop zone" });
  const dataTransfer = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], "kubecost-3.3.0.tgz", { type: "application/gzip" }));
    return dt;
  }, base64);
  await zone.dispatchEvent("drop", { dataTransfer });
  await expect(page.getByLabel("Target Kubecost version")).toHaveValue("3.3.0");
  await expect(page.getByRole("status").filter({ hasText: "Checked against kubecost 3.3.0 you supplied." })).toBeVisible();
  await page.getByLabel("File", { exact: true }).fill("global:\n  clusterId: prod-east\nfrontend:\n  nodeSelector:\n    disk: ssd\nkubecostModel:\n  etlBucketConfigSecret: x\n");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText(/kubecostModel\.etlBucketConfigSecret: Kubecost 3\.3\.0 fails the install: `\.Values\.kubecostModel` is no longer supported/)).toBeVisible();
  await expect(page.getByText("frontend.nodeSelector.disk: Kubecost 3.3.0 does not read this key: helm accepts it and nothing changes")).toBeVisible();
});

test("a file that is no chart package is named, and the target stays", async ({ page }) => {
  await page.goto("doctor");
  await page.getByLabel("Choose a chart package").setInputFiles({ name: "values.yaml", mimeType: "text/yaml", buffer: Buffer.from("global: {}\n") });
  await expect(page.getByRole("alert").filter({ hasText: "values.yaml: Not a gzip file" })).toBeVisible();
  await expect(page.getByLabel("Target Kubecost version")).toHaveValue("3.2.1");
});
