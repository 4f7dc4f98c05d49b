import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectAccessible } from "./support/axe";
import { cliBundle, cliBundleOfFile } from "./support/cli";
import { downloadAll, expectOutputMatchesCli, expectStep, screenshot, shownFiles } from "./support/wizard";

// The setup wizard as a new admin uses it: click, type, generate, copy, download. Every method's
// output is compared with what `npm run generate` writes for the same plan (issue 3 Tests).

const ACCESS_KEY = "AKIAZZTESTKEY1234567";
const SECRET_KEY = "zZ9/secretTESTvalue+abcdefghijklmnopqrstu";

const next = (page: Page) => page.getByRole("button", { name: "Next", exact: true }).click();
const generate = (page: Page) => page.getByRole("button", { name: "Generate commands" }).click();

async function open(page: Page) {
  await page.goto("setup");
  await expectStep(page, "Method");
}

/** Visits a step: accessibility scan + screenshot for review. */
async function checkpoint(page: Page, name: string) {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

async function pasteClusters(page: Page, ids: string[]) {
  await page.getByLabel(/Paste cluster ids/).fill(ids.join("\n"));
  await page.getByRole("button", { name: `Add ${ids.length} cluster${ids.length === 1 ? "" : "s"}` }).click();
}

async function expectOutputAndZip(page: Page, plan: { method: string }) {
  await expectStep(page, "Commands & files");
  const cli = await cliBundle(plan);
  const shown = await expectOutputMatchesCli(page, cli);
  const zip = await downloadAll(page);
  expect(zip.name).toBe(`kubecost-federation-${plan.method}.zip`);
  expect(Object.fromEntries(zip.files)).toEqual(Object.fromEntries(cli));
  return shown;
}

test.describe("each method, filled as a new user would, matches the CLI", () => {
  test("Federated ETL with IRSA, SSE-S3 and pasted clusters", async ({ page }) => {
    const plan = {
      method: "federated-etl",
      kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
      awsAccountId: "123456789012",
      storage: { bucket: "acme-kubecost-etl", region: "eu-west-1", encryption: { type: "SSE-S3" } },
      auth: { mode: "irsa", roleArn: "arn:aws:iam::123456789012:role/kubecost-federation" },
      clusters: [
        { id: "prod-east", role: "primary" },
        { id: "prod-west", role: "agent" },
        { id: "staging", role: "agent", displayName: "Staging" },
      ],
    };
    await open(page);
    await checkpoint(page, "etl-1-method");
    await page.getByRole("radio", { name: /^Federated ETL/ }).check();
    await next(page);
    await expectStep(page, "Kubecost chart");
    await expect(page.getByLabel("Kubecost chart line")).toHaveValue("2.x");
    await checkpoint(page, "etl-2-kubecost");
    await next(page);
    await page.getByLabel("Bucket name").fill("acme-kubecost-etl");
    await page.getByLabel("Bucket region").selectOption("eu-west-1");
    await page.getByLabel("AWS account id (optional)").fill("123456789012");
    await page.getByRole("button", { name: /^Advanced/ }).click();
    await page.getByLabel("Server-side encryption").selectOption("SSE-S3");
    await page.getByLabel("IAM role ARN (optional)").fill("arn:aws:iam::123456789012:role/kubecost-federation");
    await checkpoint(page, "etl-3-storage");
    await next(page);
    await expectStep(page, "Clusters");
    await pasteClusters(page, ["prod-east", "prod-west", "staging"]);
    await page.getByLabel("Display name (optional) (row 3)").fill("Staging");
    await expect(page.getByRole("radio", { name: "Primary (row 1)" })).toBeChecked();
    await checkpoint(page, "etl-4-clusters");
    await generate(page);
    const shown = await expectOutputAndZip(page, plan);
    await checkpoint(page, "etl-5-output");

    // One file downloads on its own, byte for byte what the CLI wrote.
    const oneFile = shown.flatMap((s) => s.files)[0].path;
    const [single] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: `Download ${oneFile}` }).first().click()]);
    expect(single.suggestedFilename()).toBe(oneFile.split("/").pop());
    expect(readFileSync((await single.path())!, "utf8")).toBe((await cliBundle(plan)).get(oneFile));

    // Per-cluster work runs through install.sh; each stage lists its clusters, primary first,
    // and shows the chosen cluster's files.
    const stage = page.locator("[data-cluster-files]").last();
    await expect(stage.getByRole("listitem")).toHaveText(["prod-east(primary)", "prod-west", "staging"]);
    await stage.getByRole("button", { name: "staging" }).click();
    await expect(stage.locator("[data-cluster]")).toHaveAttribute("data-cluster", "staging");
    const stagingFiles = await stage.locator("[data-file]").evaluateAll((els) => els.map((e) => e.getAttribute("data-file")));
    expect(stagingFiles).toContain("clusters/staging/values.yaml");

    // The status link carries method, bucket, region and cluster ids, under the base path.
    const monitor = page.getByRole("link", { name: "Monitor this federation" });
    const href = await monitor.getAttribute("href");
    expect(href).toMatch(/^\/console\/status\?/);
    expect(Object.fromEntries(new URL(href!, "http://x").searchParams)).toEqual({
      method: "federated-etl",
      etlBucket: "acme-kubecost-etl",
      region: "eu-west-1",
      clusters: "prod-east,prod-west,staging",
    });
    await monitor.click();
    await expect(page).toHaveURL(/\/console\/status\?/);
  });

  test("Thanos bundled (1.x) with access keys: keys reach the files but no request", async ({ page }) => {
    const requests: string[] = [];
    page.on("request", async (r) => {
      requests.push([r.method(), r.url(), JSON.stringify(await r.allHeaders()), r.postData() ?? ""].join(" "));
    });
    const plan = {
      method: "thanos-bundled",
      kubecost: { chartLine: "1.x", chartVersion: "1.108.1" },
      storage: { bucket: "acme-thanos-blocks", region: "us-west-2" },
      auth: { mode: "access-keys", accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
      clusters: [
        { id: "hub", role: "primary" },
        { id: "spoke-1", role: "agent" },
      ],
    };
    await open(page);
    await page.getByRole("radio", { name: /^Thanos \(bundled/ }).check();
    await next(page);
    await expect(page.getByLabel("Kubecost chart line")).toHaveValue("1.x");
    await checkpoint(page, "thanos-bundled-2-kubecost");
    await next(page);
    await page.getByLabel("Bucket name").fill("acme-thanos-blocks");
    await page.getByLabel("Bucket region").selectOption("us-west-2");
    await page.getByRole("radio", { name: /Access keys in a Kubernetes Secret/ }).check();
    await expect(page.getByText(/never put in the share link, never saved in this browser's storage/)).toBeVisible();
    await page.getByLabel("Access key id").pressSequentially(ACCESS_KEY);
    await page.getByLabel("Secret access key").pressSequentially(SECRET_KEY);
    await checkpoint(page, "thanos-bundled-3-storage-keys");
    await next(page);
    await page.getByRole("button", { name: "Add a cluster" }).click();
    await page.getByLabel("Cluster id (row 1)").fill("hub");
    await page.getByRole("button", { name: "Add a cluster" }).click();
    await page.getByLabel("Cluster id (row 2)").fill("spoke-1");
    await generate(page);
    await expectOutputAndZip(page, plan);
    await checkpoint(page, "thanos-bundled-5-output");

    // The typed keys are in a generated file (so they were used) ...
    expect((await shownFiles(page)).some((f) => f.content.includes(SECRET_KEY))).toBe(true);
    // ... but in no request, not in the URL and not in localStorage.
    await page.waitForLoadState("networkidle");
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(r).not.toContain(ACCESS_KEY);
      expect(r).not.toContain(SECRET_KEY);
      expect(r).not.toContain(encodeURIComponent(SECRET_KEY));
    }
    expect(page.url()).not.toContain(ACCESS_KEY);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain(ACCESS_KEY);
    expect(stored).not.toContain("secretTESTvalue");
  });

  test("Thanos standalone with a sidecar domain and one explicit host", async ({ page }) => {
    const plan = {
      method: "thanos-standalone",
      kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
      storage: { bucket: "acme-metrics-thanos", region: "us-east-1" },
      auth: { mode: "irsa" },
      thanosDomain: "metrics.example.com",
      clusters: [
        { id: "observer", role: "primary" },
        { id: "edge-1", role: "agent", sidecarHost: "edge-1-grpc.example.net" },
      ],
    };
    await open(page);
    await page.getByRole("radio", { name: /^Thanos standalone/ }).check();
    await next(page);
    await next(page);
    await page.getByLabel("Bucket name").fill("acme-metrics-thanos");
    await next(page);
    await page.getByLabel("Domain for sidecar hosts (optional)").fill("metrics.example.com");
    await pasteClusters(page, ["observer", "edge-1"]);
    await page.getByLabel("Sidecar gRPC host (row 2)").fill("edge-1-grpc.example.net");
    await checkpoint(page, "thanos-standalone-4-clusters");
    await generate(page);
    await expectOutputAndZip(page, plan);
    await checkpoint(page, "thanos-standalone-5-output");
  });

  test("AMP quick start creating a workspace", async ({ page }) => {
    const plan = {
      method: "amp",
      kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
      awsAccountId: "123456789012",
      amp: { workspace: { mode: "create", alias: "kubecost-prod" }, region: "us-west-2" },
      auth: { mode: "irsa" },
      clusters: [
        { id: "prod-usw2", role: "primary", eksClusterName: "prod-usw2-eks" },
        { id: "dev-usw2", role: "agent", eksClusterName: "dev-eks" },
      ],
    };
    await open(page);
    await page.getByRole("radio", { name: /^Amazon Managed Prometheus \(quick start\)/ }).check();
    await next(page);
    await next(page);
    await expectStep(page, "AMP workspace");
    await page.getByLabel("AWS account id").fill("123456789012");
    await page.getByLabel("Workspace region").selectOption("us-west-2");
    await page.getByLabel("Workspace alias").fill("kubecost-prod");
    await checkpoint(page, "amp-3-workspace");
    await next(page);
    await pasteClusters(page, ["prod-usw2", "dev-usw2"]);
    await page.getByLabel("EKS cluster name (for eksctl) (row 1)").fill("prod-usw2-eks");
    await page.getByLabel("EKS cluster name (for eksctl) (row 2)").fill("dev-eks");
    await checkpoint(page, "amp-4-clusters");
    await generate(page);
    await expectOutputAndZip(page, plan);
    await checkpoint(page, "amp-5-output");
  });

  test("AMP + ETL bucket with an existing workspace", async ({ page }) => {
    const plan = {
      method: "amp-federated",
      kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
      awsAccountId: "123456789012",
      storage: { bucket: "acme-amp-etl", region: "us-east-1" },
      amp: { workspace: { mode: "existing", workspaceId: "ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789" }, region: "us-east-1" },
      auth: { mode: "irsa" },
      clusters: [
        { id: "shared", role: "primary", eksClusterName: "shared" },
        { id: "payments", role: "agent", eksClusterName: "payments" },
        { id: "search", role: "agent", eksClusterName: "search" },
      ],
    };
    await open(page);
    await page.getByRole("radio", { name: /^Amazon Managed Prometheus \+ ETL bucket/ }).check();
    await next(page);
    await next(page);
    await page.getByLabel("Bucket name").fill("acme-amp-etl");
    await next(page);
    await page.getByLabel("AWS account id").fill("123456789012");
    await page.getByRole("radio", { name: "Use an existing workspace" }).check();
    await page.getByLabel("Workspace id").fill("ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789");
    await next(page);
    await pasteClusters(page, ["shared", "payments", "search"]);
    for (const [i, id] of ["shared", "payments", "search"].entries()) await page.getByLabel(`EKS cluster name (for eksctl) (row ${i + 1})`).fill(id);
    await generate(page);
    await expectOutputAndZip(page, plan);
    const href = await page.getByRole("link", { name: "Monitor this federation" }).getAttribute("href");
    expect(Object.fromEntries(new URL(href!, "http://x").searchParams)).toMatchObject({
      method: "amp-federated",
      etlBucket: "acme-amp-etl",
      ampWorkspaceId: "ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789",
      clusters: "shared,payments,search",
    });
  });
});

test.describe("invalid input blocks the output until fixed", () => {
  test("bad bucket name", async ({ page }) => {
    await open(page);
    await page.getByRole("radio", { name: /^Federated ETL/ }).check();
    await next(page);
    await next(page);
    const bucket = page.getByLabel("Bucket name");
    await bucket.fill("Acme_Bucket");
    await expect(bucket).toHaveAttribute("aria-invalid", "true");
    const message = page.getByText("Bucket names use lowercase letters only");
    await expect(message).toBeVisible();
    expect(await bucket.getAttribute("aria-describedby")).toContain(await message.getAttribute("id"));
    await checkpoint(page, "invalid-bucket");
    await next(page);
    await expectStep(page, "Storage & access");
    await expect(bucket).toBeFocused();
    // The output step is locked; asking for it lists the problem instead of commands.
    await page.getByRole("navigation", { name: "Wizard steps" }).getByRole("button", { name: /Commands & files/ }).click();
    await expect(page.getByRole("alert").filter({ hasText: "before the commands are generated" })).toContainText("Bucket names use lowercase letters only");
    await expect(page.locator("[data-kind=command]")).toHaveCount(0);
    await page.getByRole("button", { name: "Go to Storage & access" }).first().click();
    await bucket.fill("acme-bucket");
    await expect(bucket).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Bucket names use lowercase letters only")).toHaveCount(0);
    await next(page);
    await pasteClusters(page, ["one"]);
    await generate(page);
    await expectStep(page, "Commands & files");
    await expect(page.locator("[data-kind=command]").first()).toBeVisible();
  });

  test("duplicate cluster ids are flagged as you type", async ({ page }) => {
    await open(page);
    await page.getByRole("radio", { name: /^Federated ETL/ }).check();
    await next(page);
    await next(page);
    await page.getByLabel("Bucket name").fill("acme-bucket");
    await next(page);
    await pasteClusters(page, ["prod", "dev"]);
    const second = page.getByLabel("Cluster id (row 2)");
    await second.fill("Prod");
    await expect(second).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/Cluster id "Prod" is already used by cluster #1/)).toBeVisible();
    await checkpoint(page, "invalid-duplicate-ids");
    await generate(page);
    await expectStep(page, "Clusters");
    await expect(page.locator("[data-kind=command]")).toHaveCount(0);
    await second.fill("dev");
    await expect(page.getByText(/is already used/)).toHaveCount(0);
    await generate(page);
    await expectStep(page, "Commands & files");
  });

  test("bundled Thanos on another line says why and switches back to the line that bundles it", async ({ page }) => {
    await open(page);
    await page.getByRole("radio", { name: /^Thanos \(bundled/ }).check();
    await next(page);
    const line = page.getByLabel("Kubecost chart line");
    await expect(line).toHaveValue("1.x");
    await expect(page.getByText(/This method runs on 1\.x\./)).toBeVisible();
    // 1.108's default images no longer pull: the wizard says so plainly.
    await expect(page.getByRole("status").filter({ hasText: /cannot pull gcr\.io\/kubecost1/ })).toBeVisible();
    // 2.x fails the install on thanos.store.enabled: picking it says so and offers 1.x back.
    await line.selectOption("2.x");
    await expect(line).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/Only Kubecost 1\.108 bundles Thanos.*Choose chart line 1\.x/)).toBeVisible();
    await checkpoint(page, "invalid-thanos-2x");
    await page.getByRole("button", { name: "Switch to Kubecost 1.108 (legacy)" }).click();
    await expect(line).toHaveValue("1.x");
    await next(page);
    await expectStep(page, "Storage & access");
  });

  test("a 2.4 version says its images no longer pull and offers the verified 2.8.7", async ({ page }) => {
    await open(page);
    await page.getByRole("radio", { name: /^Federated ETL/ }).check();
    await next(page);
    await page.getByLabel("Chart version").fill("2.4.2");
    const notice = page.getByRole("status").filter({ hasText: /A fresh install of cost-analyzer 2\.4\.2/ });
    await expect(notice).toContainText("public.ecr.aws/kubecost/cost-model:prod-2.4.2");
    await notice.getByRole("button", { name: /Use 2\.8\.7/ }).click();
    await expect(page.getByLabel("Chart version")).toHaveValue("2.8.7");
    await expect(notice).toHaveCount(0);
  });
});

test.describe("state", () => {
  async function fillEtlWithKeys(page: Page) {
    await open(page);
    await page.getByRole("radio", { name: /^Federated ETL/ }).check();
    await next(page);
    await page.getByLabel("Namespace").fill("cost");
    await next(page);
    await page.getByLabel("Bucket name").fill("acme-shared-link");
    await page.getByLabel("Bucket region").selectOption("ap-southeast-2");
    await page.getByRole("radio", { name: /Access keys in a Kubernetes Secret/ }).check();
    await page.getByLabel("Access key id").fill(ACCESS_KEY);
    await page.getByLabel("Secret access key").fill(SECRET_KEY);
    await next(page);
    await pasteClusters(page, ["syd-1", "syd-2"]);
    await page.getByRole("radio", { name: "Primary (row 2)" }).check();
  }

  async function expectRestored(page: Page) {
    await expectStep(page, "Clusters");
    await expect(page.getByLabel("Cluster id (row 1)")).toHaveValue("syd-1");
    await expect(page.getByLabel("Cluster id (row 2)")).toHaveValue("syd-2");
    await expect(page.getByRole("radio", { name: "Primary (row 2)" })).toBeChecked();
    await page.getByRole("button", { name: "Back" }).click();
    await expect(page.getByLabel("Bucket name")).toHaveValue("acme-shared-link");
    await expect(page.getByLabel("Bucket region")).toHaveValue("ap-southeast-2");
    await expect(page.getByRole("radio", { name: /Access keys in a Kubernetes Secret/ })).toBeChecked();
    await expect(page.getByLabel("Access key id")).toHaveValue("");
    await expect(page.getByLabel("Secret access key")).toHaveValue("");
    await page.getByRole("button", { name: "Back" }).click();
    await expect(page.getByLabel("Namespace")).toHaveValue("cost");
  }

  test("the share link restores the plan without secrets", async ({ page, context, browser }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await fillEtlWithKeys(page);
    await page.getByRole("button", { name: "Copy share link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain("/console/setup?");
    expect(link).not.toContain(ACCESS_KEY);
    expect(link).not.toContain("secretTESTvalue");

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(link);
    await expectRestored(other);
    await fresh.close();
  });

  test("a reload restores the plan from localStorage; Reset clears link and storage", async ({ page }) => {
    await fillEtlWithKeys(page);
    await page.goto("setup"); // no query: only localStorage can restore it
    await expectRestored(page);
    await page.getByRole("button", { name: "Reset" }).click();
    await page.getByRole("button", { name: "Clear everything" }).click();
    await expectStep(page, "Method");
    expect(new URL(page.url()).search).toBe("");
    expect(await page.evaluate(() => localStorage.getItem("fc-wizard-plan"))).toBeNull();
    await page.reload();
    await expectStep(page, "Method");
    await expect(page.getByRole("radio", { name: /^Federated ETL/ })).not.toBeChecked();
  });
});

test.describe("copy", () => {
  // What these prove is the copy buttons, not the walk (the method tests above click through): a
  // share link opens the output in one navigation.
  async function toOutput(page: Page) {
    await page.goto("setup?v=1&m=federated-etl&b=acme-copy&c=a~p&c=b~a&step=output");
    await expectStep(page, "Commands & files");
  }

  test("puts the exact command text on the clipboard", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await toOutput(page);
    const block = page.locator("[data-kind=command]").nth(1);
    const text = await block.locator("code").textContent();
    await block.getByRole("button", { name: /^Copy command/ }).click();
    await expect(block.getByRole("status")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  });

  test("works without navigator.clipboard (plain-HTTP host) and says so when copying fails", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    // A plain-HTTP internal host has no navigator.clipboard: the textarea fallback must copy.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true }));
    await toOutput(page);
    const file = page.locator("[data-file]").first();
    const text = await file.locator("code").textContent();
    await file.getByRole("button", { name: /^Copy file/ }).click();
    await expect(file.getByRole("status")).toHaveText("Copied");
    const reader = await context.newPage();
    await reader.goto("setup");
    expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(text);
    await reader.close();

    // Both ways refused: the button says so and selects the text for Ctrl+C.
    await page.evaluate(() => (document.execCommand = () => false));
    const command = page.locator("[data-kind=command]").first();
    await command.getByRole("button", { name: /^Copy command/ }).click();
    await expect(command.getByRole("status")).toContainText("Copy failed");
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(await command.locator("code").textContent());
  });
});

test("narrow screens (390px) and dark mode stay usable", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await open(page);
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await noSideScroll()).toBe(true);
  await checkpoint(page, "narrow-dark-1-method");
  await page.getByRole("radio", { name: /^Federated ETL/ }).check();
  await next(page);
  await next(page);
  await page.getByLabel("Bucket name").fill("acme-narrow");
  expect(await noSideScroll()).toBe(true);
  await checkpoint(page, "narrow-dark-3-storage");
  await next(page);
  await pasteClusters(page, ["alpha", "beta"]);
  expect(await noSideScroll()).toBe(true);
  await checkpoint(page, "narrow-dark-4-clusters");
  await generate(page);
  await expectStep(page, "Commands & files");
  expect(await noSideScroll()).toBe(true);
  await checkpoint(page, "narrow-dark-5-output");
});

test("help me choose recommends with reasons and can be used", async ({ page }) => {
  await open(page);
  await page.getByRole("button", { name: "Help me choose" }).click();
  await page.getByLabel("How many clusters?").fill("150");
  await page.getByRole("radio", { name: "2.x", exact: true }).check();
  await page.getByLabel("We prefer AWS-managed services over running our own").check();
  await expect(page.getByTestId("recommended-method")).toHaveText("Amazon Managed Prometheus + ETL bucket (federated)");
  await expect(page.getByText(/beyond the quick start's 100/)).toBeVisible();
  await checkpoint(page, "help-me-choose");
  await page.getByRole("button", { name: /^Use Amazon Managed Prometheus \+ ETL bucket/ }).click();
  await expectStep(page, "Kubecost chart");
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page.getByRole("radio", { name: /^Amazon Managed Prometheus \+ ETL bucket/ })).toBeChecked();
});

test("keyboard only: choose a method and move on", async ({ page }) => {
  await open(page);
  const radio = page.getByRole("radio", { name: /^Federated ETL/ });
  await radio.focus();
  await page.keyboard.press("Space");
  await expect(radio).toBeChecked();
  await page.getByRole("button", { name: "Next", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expectStep(page, "Kubecost chart");
  await expect(page.getByRole("heading", { level: 2, name: /Kubecost chart/ })).toBeFocused();
});

test("10-cluster ETL federation: empty page to zip in a few interactions", async ({ page }) => {
  const ids = Array.from({ length: 10 }, (_, i) => `prod-${String(i + 1).padStart(2, "0")}`);
  const started = Date.now();
  let interactions = 0;
  const act = async (p: Promise<unknown>) => {
    interactions++;
    await p;
  };
  await open(page);
  await act(page.getByRole("radio", { name: /^Federated ETL/ }).check());
  await act(next(page));
  await act(next(page));
  await act(page.getByLabel("Bucket name").fill("acme-ten-clusters"));
  await act(next(page));
  await act(page.getByLabel(/Paste cluster ids/).fill(ids.join("\n")));
  await act(page.getByRole("button", { name: "Add 10 clusters" }).click());
  await act(generate(page));
  const zip = await downloadAll(page);
  interactions++;
  const seconds = (Date.now() - started) / 1000;
  console.log(`10-cluster ETL: ${interactions} interactions, ${seconds.toFixed(1)} s from empty page to zip`);
  expect(interactions).toBeLessThanOrEqual(10);
  const cli = await cliBundle({
    method: "federated-etl",
    kubecost: { chartLine: "2.x", chartVersion: "2.8.7" },
    storage: { bucket: "acme-ten-clusters", region: "us-east-1" },
    clusters: ids.map((id, i) => ({ id, role: i === 0 ? "primary" : "agent" })),
  });
  expect(Object.fromEntries(zip.files)).toEqual(Object.fromEntries(cli));
  for (const id of ids) expect(zip.files.get("STEPS.md")).toContain(id);
});

test.describe("open plan.yaml", () => {
  test("a bundle's plan.yaml opens to the same commands and zip; a broken file changes nothing", async ({ page }) => {
    const { dir, files: cli } = await cliBundleOfFile(path.resolve(import.meta.dirname, "../examples/federated-etl.yaml"));
    expect(cli.get("plan.yaml")).toContain("bucket: acme-kubecost-federated");
    await open(page);
    const opener = page.getByLabel("Open plan.yaml");
    await opener.setInputFiles(path.join(dir, "plan.yaml"));

    await expectStep(page, "Commands & files");
    await expectOutputMatchesCli(page, cli);
    const zip = await downloadAll(page);
    expect(zip.name).toBe("kubecost-federation-federated-etl.zip");
    expect(Object.fromEntries(zip.files)).toEqual(Object.fromEntries(cli));
    // Same state path as any edit: the link and localStorage now hold the opened plan.
    const url = new URL(page.url());
    expect(url.searchParams.get("b")).toBe("acme-kubecost-federated");
    expect(url.searchParams.getAll("c")).toHaveLength(4);
    expect(await page.evaluate(() => localStorage.getItem("fc-wizard-plan"))).toContain("b=acme-kubecost-federated");
    // Scanned below with the alert over it: the same output, one scan.
    await screenshot(page, "open-plan-1-opened");

    // A bad bucket name: the problem is listed with its field path, the opened plan stays.
    const broken = path.join(dir, "broken-plan.yaml");
    writeFileSync(broken, cli.get("plan.yaml")!.replace("bucket: acme-kubecost-federated", "bucket: Acme_Bucket"));
    // Keyboard: the control is a real, focusable file input named "Open plan.yaml".
    await opener.focus();
    await expect(opener).toBeFocused();
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
    await chooser.setFiles(broken);
    const alert = page.getByRole("alert").filter({ hasText: "broken-plan.yaml" });
    await expect(alert).toContainText("the wizard was not changed");
    await expect(alert).toContainText("storage.bucket: Bucket names use lowercase letters only");
    await checkpoint(page, "open-plan-2-broken");
    await expectOutputMatchesCli(page, cli);
    expect(page.url()).toBe(url.toString());
    await alert.getByRole("button", { name: "Dismiss" }).click();
    await expect(alert).toHaveCount(0);

    // Not YAML at all: says so, still nothing changes.
    await opener.setInputFiles({ name: "notes.yaml", mimeType: "text/yaml", buffer: Buffer.from("method: [unclosed\n  - : :\n") });
    await expect(page.getByRole("alert").filter({ hasText: "notes.yaml is not valid YAML or JSON" })).toBeVisible();
    await expectOutputMatchesCli(page, cli);
    expect(page.url()).toBe(url.toString());
  });
});
