import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectAccessible } from "./support/axe";
import { cliBundle } from "./support/cli";
import { downloadAll, expectStep, screenshot, stepsFromMarkdown } from "./support/wizard";

// Issue 12: a fleet as a new admin brings it in. 5,000 pasted ids reach the output and the zip
// equals the CLI's bundle; a malformed CSV changes nothing; the share link says when it is too big.

const next = (page: Page) => page.getByRole("button", { name: "Next", exact: true }).click();
const generate = (page: Page) => page.getByRole("button", { name: "Generate commands" }).click();

/** Ids that look like a real fleet's (they do not compress like agent-0001...). */
function fleetIds(n: number): string[] {
  let seed = 12345;
  const rnd = () => (seed = (seed * 48271) % 2147483647);
  const teams = ["payments", "search", "data", "ml", "web", "edge"];
  const regions = ["use1", "use2", "usw2", "euw1", "euc1", "apse1"];
  return Array.from({ length: n }, (_, i) => `${teams[rnd() % teams.length]}-${regions[rnd() % regions.length]}-${(rnd() % 1e6).toString(36)}-${i}`);
}

/** Method, Kubecost (defaults kept; returns the chart version shown), storage: to the clusters. */
/** A clipboard paste into the import box, as Ctrl+V delivers it (a paste event with the text). */
async function paste(page: Page, text: string) {
  await page.getByLabel(/Paste cluster ids/).focus();
  await page.getByLabel(/Paste cluster ids/).evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function toClusters(page: Page, bucket: string): Promise<string> {
  await page.goto("setup");
  await expectStep(page, "Method");
  await page.getByRole("radio", { name: /^Federated ETL/ }).check();
  await next(page);
  const chartVersion = await page.getByLabel("Chart version").inputValue();
  await next(page);
  await page.getByLabel("Bucket name").fill(bucket);
  await next(page);
  await expectStep(page, "Clusters");
  return chartVersion;
}

test("5,000 pasted clusters: responsive steps, per-cluster files by search, zip equals the CLI's bundle", async ({ page }) => {
  test.setTimeout(300_000);
  const ids = fleetIds(5000);
  const chartVersion = await toClusters(page, "acme-fleet-5000");
  const started = Date.now();
  await paste(page, ids.join("\n"));
  await expect(page.getByLabel(/Paste cluster ids/)).toHaveValue(ids.join("\n"));
  await page.getByRole("button", { name: "Add 5000 clusters" }).click();
  await expect(page.getByRole("heading", { name: /Clusters \(5000\)/ })).toBeVisible();
  // Virtualized: a few rows in the page, not 5,000; search finds any of them.
  expect(await page.locator("[data-virtual-clusters] [role=listitem]").count()).toBeLessThan(60);
  await page.getByLabel("Find a cluster").fill(ids[4321]);
  await expect(page.getByText("Showing 1 of 5,000")).toBeVisible();
  await expect(page.getByLabel("Cluster id (row 4322)")).toHaveValue(ids[4321]);
  await page.getByLabel("Find a cluster").fill("");
  // Too many random ids for a link: said plainly, and the address bar holds no plan.
  await expect(page.getByText(/^This plan is too big for a link \(\d+ KB; links over 15 KB are refused\): download plan.yaml instead/)).toBeVisible();
  expect(page.url().length).toBeLessThan(200);
  await expectAccessible(page, "fleet-clusters");

  await generate(page);
  await expectStep(page, "Commands & files");
  const cli = await cliBundle({
    method: "federated-etl",
    kubecost: { chartLine: "2.x", chartVersion },
    storage: { bucket: "acme-fleet-5000", region: "us-east-1" },
    clusters: ids.map((id, i) => ({ id, role: i === 0 ? "primary" : "agent" })),
  });
  const steps = stepsFromMarkdown(cli.get("STEPS.md")!);
  await expect(page.getByText(`${steps.size} steps for 5,000 clusters`)).toBeVisible();
  console.log(`5,000 clusters: ${((Date.now() - started) / 1000).toFixed(1)} s from paste to output; ${steps.size} steps, ${cli.size} files`);
  expect(await page.locator("[data-step-number]").count()).toBe(steps.size);
  // Files of a line per cluster are offered as downloads, not printed (preflight.sh and clusters.tsv
  // are hundreds of KB here); the zip below holds them, byte for byte the CLI's.
  for (const long of ["preflight.sh", "clusters.tsv"]) {
    await expect(page.locator(`[data-file-download="${long}"]`)).toContainText(new RegExp(`^.*${long.replace(".", "\\.")} is [\\d,]+ KB \\(one line per cluster\\): download it or the zip\\.`));
    await expect(page.locator(`[data-file="${long}"]`)).toHaveCount(0);
  }
  // The page stays short: no block per cluster.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(30_000);
  await expectAccessible(page, "fleet-output");
  await screenshot(page, "fleet-5000-output");
  // The status link leaves the 5,000 ids out and says why.
  await expect(page.getByText(/The status link leaves out the list of expected clusters/)).toBeVisible();

  // Any cluster's step scripts by search, byte for byte the CLI's.
  const browser = page.locator("[data-cluster-files]").last();
  await browser.getByLabel("Find a cluster").fill(ids[4999]);
  await browser.getByRole("button", { name: ids[4999] }).click();
  const script = browser.locator(`[data-file="clusters/${ids[4999]}/steps/02-03-install.sh"] code`);
  await expect(script).toContainText(`--kube-context ${ids[4999]}`);
  expect(await script.textContent()).toBe(cli.get(`clusters/${ids[4999]}/steps/02-03-install.sh`));

  // GitOps: the ApplicationSet is one download (one element per cluster).
  await page.getByRole("radio", { name: "Argo CD ApplicationSet" }).check();
  await expect(page.getByText(/gitops\/argocd-applicationset\.yaml is [\d,]+ KB/)).toBeVisible();
  const [appset] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download gitops/argocd-applicationset.yaml" }).click()]);
  expect(appset.suggestedFilename()).toBe("argocd-applicationset.yaml");

  const zip = await downloadAll(page);
  expect(zip.files.size).toBe(cli.size);
  expect([...zip.files.keys()].sort()).toEqual([...cli.keys()].sort());
  for (const [p, content] of cli) if (zip.files.get(p) !== content) expect({ p, content: zip.files.get(p) }).toEqual({ p, content });
});

test("a malformed CSV shows its line and adds nothing; a good CSV and EKS JSON add their clusters", async ({ page }) => {
  await toClusters(page, "acme-fleet-csv");
  const paste = page.getByLabel(/Paste cluster ids/);
  await paste.fill('id,role,region\nprod,primary,us-east-1\n"dev,agent,us-west-2\n');
  await page.getByRole("button", { name: "Add pasted clusters" }).click();
  await expect(page.locator("#import-errors")).toContainText("Nothing was added:CSV line 3: a quoted field is never closed");
  await expect(page.getByRole("heading", { name: /Clusters \(0\)/ })).toBeVisible();

  await paste.fill("id,role,region\nprod,primary,us-east-1\ndev,agent,us-west-2\n");
  await page.getByRole("button", { name: "Add 2 clusters" }).click();
  await expect(page.getByLabel("Cluster id (row 1)")).toHaveValue("prod");
  await expect(page.getByLabel("Cluster id (row 2)")).toHaveValue("dev");

  await paste.fill(JSON.stringify({ clusters: ["search-prod", "$(reboot)"] }));
  await page.getByRole("button", { name: "Add pasted clusters" }).click();
  await expect(page.locator("#import-errors")).toContainText('Cluster 2 ("$(reboot)"): Cluster ids are letters');
  await expect(page.getByRole("heading", { name: /Clusters \(2\)/ })).toBeVisible();
  await paste.fill(JSON.stringify({ clusters: ["search-prod"] }));
  // list-clusters names no region: the import asks for it instead of defaulting.
  await page.getByRole("button", { name: "Add 1 cluster" }).click();
  await expect(page.locator("#import-errors")).toContainText("1 cluster has no region in what was pasted (search-prod)");
  await page.getByLabel("Region for the pasted clusters without one").fill("eu-west-1");
  await page.getByRole("button", { name: "Add 1 cluster" }).click();
  await expect(page.getByLabel("Cluster id (row 3)")).toHaveValue("search-prod");
  await expectAccessible(page, "fleet-import");
});

test("a 1,000-cluster plan fits a compact share link that reopens with every cluster", async ({ page, context }) => {
  test.setTimeout(120_000);
  const ids = Array.from({ length: 1000 }, (_, i) => `agent-${String(i).padStart(4, "0")}`);
  await toClusters(page, "acme-fleet-link");
  await paste(page, ids.join("\n"));
  await page.getByRole("button", { name: "Add 1000 clusters" }).click();
  await expect(page.getByRole("heading", { name: /Clusters \(1000\)/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy share link" })).toBeVisible();
  const url = page.url();
  expect(url.length).toBeLessThan(3000);
  expect(new URL(url).searchParams.has("cz")).toBe(true);
  const other = await context.newPage();
  await other.addInitScript(() => localStorage.clear());
  await other.goto(url);
  await expectStep(other, "Clusters");
  await expect(other.getByRole("heading", { name: /Clusters \(1000\)/ })).toBeVisible();
  await other.getByLabel("Find a cluster").fill("agent-0999");
  await expect(other.getByLabel("Cluster id (row 1000)")).toHaveValue("agent-0999");
});
