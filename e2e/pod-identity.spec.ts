import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectAccessible } from "./support/axe";
import { cliBundle } from "./support/cli";
import { downloadAll, expectOutputMatchesCli, expectStep } from "./support/wizard";

// EKS Pod Identity in the wizard, as a new admin picks it: offered with a line on what it is and
// AWS's page, the choice survives the share link, the zip equals the CLI's, and a Thanos method
// says why it is not offered.

const next = (page: Page) => page.getByRole("button", { name: "Next", exact: true }).click();
const DOCS = "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html";

test("federated storage with EKS Pod Identity: explained, kept in the link, output equals the CLI", async ({ page }) => {
  const plan = {
    method: "federated-storage",
    kubecost: { chartLine: "3.x", chartVersion: "3.2.1", chartRepo: "https://kubecost.github.io/kubecost" },
    awsAccountId: "123456789012",
    storage: { bucket: "acme-kubecost-pods", region: "us-west-2" },
    auth: { mode: "pod-identity" },
    clusters: [
      { id: "prod-west", role: "primary" },
      { id: "prod-east", role: "agent" },
    ],
  };
  await page.goto("setup");
  await page.getByRole("radio", { name: /^Federated storage/ }).check();
  await next(page);
  await next(page);
  await expectStep(page, "Storage & access");
  await page.getByLabel("Bucket name").fill("acme-kubecost-pods");
  await page.getByLabel("Bucket region").selectOption("us-west-2");
  await page.getByLabel("AWS account id (optional)").fill("123456789012");
  const pods = page.getByRole("radio", { name: /^EKS Pod Identity/ });
  await expect(pods).toBeEnabled();
  await pods.check();
  await expect(page.getByRole("link", { name: "How EKS Pod Identity works" })).toHaveAttribute("href", DOCS);
  await expect(page.getByText(/installs the eks-pod-identity-agent add-on on each cluster/)).toBeVisible();
  await expectAccessible(page, "pod-identity-storage");
  await expect(page).toHaveURL(/[?&]auth=pod(&|$)/);

  // The share link reopens the same choice.
  await page.goto(page.url());
  await expect(page.getByRole("radio", { name: /^EKS Pod Identity/ })).toBeChecked();

  await next(page);
  await page.getByLabel(/Paste cluster ids/).fill("prod-west\nprod-east");
  await page.getByRole("button", { name: "Add 2 clusters" }).click();
  await page.getByRole("button", { name: "Generate commands" }).click();
  await expectStep(page, "Commands & files");
  const cli = await cliBundle(plan);
  await expectOutputMatchesCli(page, cli);
  const zip = await downloadAll(page);
  expect(Object.fromEntries(zip.files)).toEqual(Object.fromEntries(cli));
  expect(cli.get("iam/pod-identity-trust-policy.json")).toContain("pods.eks.amazonaws.com");
  expect(cli.get("clusters/prod-east/values.yaml")).not.toContain("eks.amazonaws.com/role-arn");
});

test("a Thanos method says why EKS Pod Identity is not offered", async ({ page }) => {
  await page.goto("setup");
  await page.getByRole("radio", { name: /^Thanos standalone/ }).check();
  await next(page);
  await next(page);
  await expectStep(page, "Storage & access");
  await expect(page.getByRole("radio", { name: /^EKS Pod Identity/ })).toBeDisabled();
  await expect(page.getByText(/Not offered for this method: .*minio-go\/issues\/2003/)).toBeVisible();
});
