import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectAccessible } from "./support/axe";
import { cliBundle } from "./support/cli";
import { downloadAll, expectOutputMatchesCli, expectStep, screenshot } from "./support/wizard";

// Kubecost 3.x in the wizard, as a new admin clicks it: the version step explains a line that
// cannot run the method and offers the ones that can; the 3.x output equals the CLI's.

const next = (page: Page) => page.getByRole("button", { name: "Next", exact: true }).click();

async function checkpoint(page: Page, name: string) {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

test("federated storage defaults to 3.x; a 2.x line says why and switches back with one click", async ({ page }) => {
  await page.goto("setup");
  await expectStep(page, "Method");
  await page.getByRole("radio", { name: /^Federated storage/ }).check();
  await next(page);
  await expectStep(page, "Kubecost chart");
  const line = page.getByLabel("Kubecost chart line");
  await expect(line).toHaveValue("3.x");
  await expect(page.getByLabel("Chart version")).toHaveValue("3.2.1");
  await expect(page.getByLabel("Chart source")).toHaveValue("https://kubecost.github.io/kubecost");

  await line.selectOption("2.x");
  await expect(line).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/written by the FinOps agent, which ships with Kubecost 2\.9 and 3\.x.*Choose chart line 3\.x or 2\.9/)).toBeVisible();
  await checkpoint(page, "kc3-line-problem");
  await next(page);
  await expectStep(page, "Kubecost chart");

  await page.getByRole("button", { name: "Switch to Kubecost 3.x (current)" }).click();
  await expect(line).toHaveValue("3.x");
  await expect(line).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: /^Switch to/ })).toHaveCount(0);
  await next(page);
  await expectStep(page, "Storage & access");
});

test("Kubecost 3.x federated storage output matches the CLI, file for file", async ({ page }) => {
  const plan = {
    method: "federated-storage",
    kubecost: { chartLine: "3.x", chartVersion: "3.2.1", chartRepo: "https://kubecost.github.io/kubecost" },
    storage: { bucket: "acme-kubecost-3", region: "eu-west-1" },
    clusters: [
      { id: "prod-east", role: "primary" },
      { id: "prod-west", role: "agent" },
    ],
  };
  await page.goto("setup");
  await page.getByRole("radio", { name: /^Federated storage/ }).check();
  await next(page);
  await next(page);
  await page.getByLabel("Bucket name").fill("acme-kubecost-3");
  await page.getByLabel("Bucket region").selectOption("eu-west-1");
  await next(page);
  await page.getByLabel(/Paste cluster ids/).fill("prod-east\nprod-west");
  await page.getByRole("button", { name: "Add 2 clusters" }).click();
  await page.getByRole("button", { name: "Generate commands" }).click();
  await expectStep(page, "Commands & files");

  const cli = await cliBundle(plan);
  const shown = await expectOutputMatchesCli(page, cli);
  const zip = await downloadAll(page);
  expect(zip.name).toBe("kubecost-federation-federated-storage.zip");
  expect(Object.fromEntries(zip.files)).toEqual(Object.fromEntries(cli));
  // Step 1 of the zip's STEPS.md asks for the Enterprise key file and runs the preflight, before anything changes.
  const stepsMd = zip.files.get("STEPS.md")!;
  const step1 = stepsMd.slice(stepsMd.indexOf("\n## 1. "), stepsMd.indexOf("\n## 2. "));
  expect(step1).toContain("You supply: productkey.json");
  expect(step1).toContain("Kubecost Enterprise key");
  expect(step1).toContain("bash preflight.sh --all");

  // What an admin checks first: the agent's values name its own cluster and the Secret's key.
  const agent = cli.get("clusters/prod-west/values.yaml")!;
  expect(agent).toContain("clusterId: prod-west");
  expect(agent).toContain("fileName: federated-store.yaml");
  expect(agent).toMatch(/aggregator:\n  enabled: false/);
  // Per-cluster work runs through install.sh: one "On every cluster" step, and each cluster's
  // install script in the bundle, listed in clusters.tsv.
  expect(shown.filter((s) => /^On every cluster: .*Install the FinOps agent/.test(s.title))).toHaveLength(1);
  expect(cli.get("clusters.tsv")).toMatch(/^prod-west\t/m);
  for (const id of ["prod-east", "prod-west"]) {
    expect([...cli.keys()].filter((p) => new RegExp(`^clusters/${id}/steps/\\d\\d-\\d\\d-install\\.sh$`).test(p)), id).toHaveLength(1);
  }
  await checkpoint(page, "kc3-output");
});
