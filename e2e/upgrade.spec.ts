import path from "node:path";
import { expect, test } from "./support/test";
import { expectAccessible } from "./support/axe";
import { cliUpgrade } from "./support/cli";
import { downloadAll, screenshot, stepsFromMarkdown } from "./support/wizard";

// The upgrade page as a team on 2.x would use it: open the plan.yaml they keep in Git, choose
// 3.x, read the steps in order; the page shows exactly what `npm run upgrade` writes.

const root = path.resolve(import.meta.dirname, "..");

// Long pages on a machine shared with other builds: the accessibility scan and the full-page
// screenshot take most of a test's time there.
const LONG_PAGE_TIMEOUT_MS = 240_000;

test("2.x Federated ETL plan.yaml to 3.x: bridge, 48 h gate, primary, agents — as the CLI writes it", async ({ page }) => {
  test.setTimeout(LONG_PAGE_TIMEOUT_MS);
  await page.goto("upgrade");
  await expect(page.getByRole("heading", { level: 1, name: "Upgrade plan" })).toBeVisible();
  await page.getByLabel("Open plan.yaml").setInputFiles(path.join(root, "examples/federated-etl.yaml"));
  await expect(page.getByRole("heading", { name: /Today: federated-etl on Kubecost 2\.8\.7, 4 clusters/ })).toBeVisible();
  const to3 = page.getByRole("radio", { name: /Kubecost 3\.x \(current\)/ });
  await expect(to3).toBeChecked();
  await expect(page.getByRole("radio", { name: /Kubecost 2\.9/ })).toBeVisible();

  const cli = await cliUpgrade(path.join(root, "examples/federated-etl.yaml"), "3.x");
  const md = stepsFromMarkdown(cli.get("STEPS.md")!);
  const shown = await page.locator("[data-step-number]").evaluateAll((els) =>
    els.map((s) => ({
      title: (s.querySelector("h3")?.textContent ?? "").replace(/^Step \d+ · /, ""),
      commands: Array.from(s.querySelectorAll("[data-kind=command] code")).map((c) => c.textContent ?? "").join("\n\n"),
    })),
  );
  expect(shown).toEqual([...md.values()].map((s) => ({ title: s.title, commands: s.commands })));
  expect(shown.map((s) => s.title)).toContain("The 48 h gate: wait until every FinOps agent has written for 48 hours");

  const zip = await downloadAll(page);
  expect(zip.name).toBe("kubecost-upgrade-etl-to-3x.zip");
  expect(Object.fromEntries(zip.files)).toEqual(Object.fromEntries(cli));

  const watch = page.getByRole("link", { name: "Watch the move on the status page" });
  expect(Object.fromEntries(new URL((await watch.getAttribute("href"))!, "http://x").searchParams)).toMatchObject({ method: "federated-storage", etlBucket: "acme-kubecost-federated", region: "us-east-1" });
  await expectAccessible(page, "upgrade-etl-3x");
  await screenshot(page, "upgrade-etl-3x");
});

test("1.108 Thanos upgrade file to 2.x: its upgradeTo picks the line; agents first, primary with ETL utils, Thanos retired", async ({ page }) => {
  test.setTimeout(LONG_PAGE_TIMEOUT_MS);
  await page.goto("upgrade");
  await page.getByLabel("Open plan.yaml").setInputFiles(path.join(root, "examples/upgrade-thanos-to-etl.yaml"));
  // upgradeTo: 2.x in the file, although 3.x is reachable too.
  await expect(page.getByRole("radio", { name: /Kubecost 2\.x/ })).toBeChecked();
  await expect(page.getByRole("radio", { name: /Kubecost 3\.x/ })).not.toBeChecked();
  // The steps appear once the target chart's data has loaded (fetched on demand).
  await expect(page.locator("[data-step-number] h3").filter({ hasText: /retire Thanos/ })).toBeVisible();
  const titles = await page.locator("[data-step-number] h3").allTextContents();
  const order = titles.map((t) => t.replace(/^Step \d+ · /, "")).filter((t) => /to Kubecost 2\.8\.7|retire Thanos/.test(t));
  // One phase moves every cluster (install.sh runs the agents, then the primary alone), then the clean-up.
  expect(order).toEqual(["Every cluster to Kubecost 2.8.7: the agents first, the primary last converting the Thanos history", "Once the UI shows the old months: turn ETL utils off and retire Thanos"]);
  // The primary's own script in that phase: its installed values merged with the ETL utils file.
  const phase = page.locator("[data-step-number]").filter({ hasText: "the agents first, the primary last converting the Thanos history" }).locator("xpath=..").locator("[data-cluster-files]");
  await phase.getByRole("list", { name: /^Clusters in step/ }).getByRole("button", { name: /^prod-use1/ }).click();
  await expect(phase.locator("[data-cluster=prod-use1]")).toContainText("Primary prod-use1 to Kubecost 2.8.7, converting the Thanos history");
  await expect(phase.locator("[data-cluster=prod-use1]")).toContainText("--values clusters/prod-use1/thanos-history.yaml");
  await expectAccessible(page, "upgrade-thanos-etl");
});

test("1.108 Thanos to 3.x: the history decision comes before the first command", async ({ page }) => {
  await page.goto("upgrade");
  await page.getByLabel("Open plan.yaml").setInputFiles(path.join(root, "examples/upgrade-thanos-to-etl.yaml"));
  await page.getByRole("radio", { name: /Kubecost 3\.x/ }).check();
  const first = page.locator("[data-step-number]").first();
  await expect(first.locator("h3")).toHaveText(/Decide first: the Thanos history does not come to 3\.x/);
  await expect(first).toContainText("Kubecost 3.x cannot read Thanos blocks");
  await expect(first).toContainText("Go through 2.x instead");
  await expect(first).toContainText("Stay on 1.108 reading Thanos until its retention window has passed");
  // The only command before the choice lists what is at stake; nothing changes yet.
  const steps = await page.locator("[data-step-number]").evaluateAll((els) => els.map((s) => Array.from(s.querySelectorAll("[data-kind=command] code")).map((c) => c.textContent ?? "")));
  expect(steps[0].length).toBeGreaterThan(0);
  expect(steps[0].every((c) => /^aws s3 ls /m.test(c) && !/^(helm|kubectl|eksctl) /m.test(c))).toBe(true);
  // The upgrades themselves come later, as install.sh phases.
  expect(steps.slice(1).flat().some((c) => /^bash install\.sh --all --stage \d+/m.test(c))).toBe(true);
});

test("150 clusters from 2.x Federated ETL to 3.x: phases, not per-cluster steps, and any cluster's script a click away", async ({ page }) => {
  test.setTimeout(LONG_PAGE_TIMEOUT_MS);
  await page.goto("upgrade");
  await page.getByLabel("Open plan.yaml").setInputFiles(path.join(root, "examples/upgrade-etl-to-3x-150.yaml"));
  // The page renders the plan with its 150-cluster migration, generated in the tab: on a machine
  // shared with other builds that takes longer than the default 10 s.
  await expect(page.getByRole("heading", { name: /Today: federated-etl on Kubecost 2\.8\.7, 150 clusters/ })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("radio", { name: /Kubecost 3\.x/ })).toBeChecked();

  const cli = await cliUpgrade(path.join(root, "examples/upgrade-etl-to-3x-150.yaml"), "3.x");
  const md = [...stepsFromMarkdown(cli.get("STEPS.md")!).values()].map((s) => s.title);
  const titles = page.locator("[data-step-number] h3");
  await expect(titles).toHaveCount(md.length, { timeout: 90_000 });
  const shown = (await titles.allTextContents()).map((t) => t.replace(/^Step \d+ · /, ""));
  expect(shown).toEqual(md);
  // The phases of the 3-cluster upgrade, no more (lib/generate/upgrade/upgrade.test.ts lists them).
  expect(shown).toHaveLength(8);
  expect(shown).toContain("The 48 h gate: wait until every FinOps agent has written for 48 hours");
  // Each phase is one install.sh stage over clusters.tsv: no step names one cluster.
  await expect(page.getByText("bash install.sh --all --stage 4 --parallel 4").first()).toBeVisible();
  expect(shown.some((t) => /^(Agent|Primary) /.test(t))).toBe(false);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(40_000);

  // Responsive at this size: a cluster's gate script, found by search, is the CLI's byte for byte.
  const gate = page.locator("[data-step-number]").filter({ hasText: "The 48 h gate" }).locator("xpath=..").locator("[data-cluster-files]");
  await gate.getByLabel("Find a cluster").fill("agent-0149");
  await gate.getByRole("list", { name: /^Clusters in step/ }).getByRole("button", { name: "agent-0149" }).click();
  const script = gate.locator('[data-file="clusters/agent-0149/steps/04-01-gate.sh"] code');
  await expect(script).toContainText("bash upgrade/gate.sh agent-0149");
  expect(await script.textContent()).toBe(cli.get("clusters/agent-0149/steps/04-01-gate.sh"));

  const zip = await downloadAll(page);
  expect(zip.files.size).toBe(cli.size);
  expect(zip.files.get("STEPS.md")).toBe(cli.get("STEPS.md"));
  expect(zip.files.get("upgrade/gate.sh")).toBe(cli.get("upgrade/gate.sh"));
  await expectAccessible(page, "upgrade-etl-3x-150");
  await screenshot(page, "upgrade-etl-3x-150");
});

test("a plan with no path says what to do and changes nothing", async ({ page }) => {
  await page.goto("upgrade");
  await page.getByLabel("Open plan.yaml").setInputFiles(path.join(root, "examples/amp.yaml"));
  await expect(page.getByText(/The AMP quick start has no bucket/)).toBeVisible();
  await expect(page.locator("[data-step-number]")).toHaveCount(0);
  await expectAccessible(page, "upgrade-no-path");
});
