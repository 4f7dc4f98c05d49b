import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import type { StatusResponse } from "../lib/status/service";
import { bigStatusReport } from "./support/status-fixture";
import { DEMO_ETL_VERDICTS } from "../lib/demo/seed-etl";
import { DEMO_AGENT_VERDICTS } from "../lib/demo/seed-agent";
import { axeScan } from "./support/axe";

// The /status dashboard on the demo federation that `npm start` seeds in-process
// (lib/demo/seed-etl.ts demoEtlObjects): prod-east-1 and prod-west-2 healthy, staging-1 lagging
// (5 h), dev-3 stale (2 d), analytics-2 with a zero-byte file (error), sandbox-x not expected
// (unexpected), prod-eu-1 expected but never uploaded (missing).

const SHOTS = "test-results/status";

/** Screenshots for a person to review (they assert nothing): written with E2E_SCREENSHOTS=1, as
 * the wizard's are (e2e/support/wizard.ts). A failing test keeps its own anyway. */
async function reviewShot(page: Page, name: string, fullPage = false) {
  if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

async function openStatus(page: Page, query = "") {
  await page.goto(`status${query}`);
  await expect(page.getByRole("heading", { name: "Federation status", level: 1 })).toBeVisible();
  await expect(page.getByTestId("last-checked")).toBeVisible({ timeout: 30_000 });
}

const clusterRow = (page: Page, id: string, source = "etl") => page.locator(`tr[data-cluster="${id}"][data-source="${source}"]`);

/** The table is virtualized, so a row exists only when scrolled into view: search for it as a
 * user would, then return its row. */
async function findCluster(page: Page, id: string, source = "etl") {
  await page.getByLabel("Search cluster id").fill(id);
  const row = clusterRow(page, id, source);
  await expect(row).toBeVisible();
  return row;
}

async function apiStatus(page: Page, query = ""): Promise<StatusResponse> {
  const res = await page.request.get(`api/status${query}`);
  expect(res.status()).toBe(200);
  return res.json();
}

test.describe("status dashboard on the demo data", () => {
  test("loads and shows the same counts as /api/status", async ({ page }) => {
    const api = await apiStatus(page);
    await openStatus(page);
    // The summary counts clusters: distinct ids over every source, not per-source rows.
    const ids = new Set(api.sources.flatMap((s) => s.clusters.map((c) => c.clusterId)));
    expect(api.summary.total).toBe(ids.size);
    expect(api.sources.flatMap((s) => s.clusters).length).toBeGreaterThan(ids.size);
    await expect(page.getByTestId("count-total")).toHaveText(String(ids.size));
    for (const v of ["healthy", "lagging", "stale", "missing", "unexpected", "error", "checking"] as const) {
      await expect(page.getByTestId(`count-${v}`)).toHaveText(String(api.summary[v]));
    }
    await expect(page.getByRole("heading", { name: "Federated ETL" })).toBeVisible();
    // The demo has all three sources (issue 4 item 8, issue 5 item 3): each gets its section.
    expect(api.sources.map((s) => s.source).sort()).toEqual(["agent", "amp", "etl", "thanos"]);
    await expect(page.getByRole("heading", { name: "Thanos bucket" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Amazon Managed Prometheus" })).toBeVisible();
    await page.getByLabel("Source").selectOption("amp");
    await expect(page.locator('tr[data-source="amp"]').first()).toBeVisible();
    await expect(page.locator('tr[data-source="etl"]')).toHaveCount(0);
    await page.getByLabel("Source").selectOption("");
    await reviewShot(page, "dashboard", true);
    // The demo's ETL verdicts, as the health evaluation gives them (one fixture: lib/demo/seed-etl.ts).
    for (const [id, verdict] of Object.entries(DEMO_ETL_VERDICTS)) {
      await expect(await findCluster(page, id)).toContainText(verdict);
    }
  });

  test("shows the Kubecost 2.9 / 3.x agent fleet: verdicts, readiness for a 3.x primary and the version matrix", async ({ page }) => {
    await openStatus(page);
    const agent = page.locator('section[data-source="agent"]');
    await expect(agent.getByRole("heading", { name: "FinOps agent (Kubecost 2.9 / 3.x)" })).toBeVisible();
    await expect(agent.locator('[data-check="agent.versions"]')).toContainText("2 versions across 8 agents");
    // 20 h of heartbeats when the server seeded the demo; the age moves on while the suite runs.
    await expect(agent.locator('[data-check="agent.readiness"]')).toContainText(/prod-west-2 \(20(?:\.\d)? h\)/);
    await expect(agent).toContainText(/\d+ S3 requests/);
    for (const [id, verdict] of Object.entries(DEMO_AGENT_VERDICTS)) {
      await expect(await findCluster(page, id, "agent")).toContainText(verdict);
    }
    (await findCluster(page, "shared-id", "agent")).click();
    await expect(page.getByRole("dialog")).toContainText("Two agents write under this cluster id");
  });

  test("the needs-action list comes first, worst cluster on top, each with what is wrong and what to do", async ({ page }) => {
    const api = await apiStatus(page);
    await openStatus(page);
    const list = page.getByTestId("needs-action");
    await expect(list).toBeVisible();
    const worst = api.clusters[0];
    expect(worst.verdict).toBe("error");
    const first = list.locator("li").first();
    await expect(first).toHaveAttribute("data-cluster", worst.clusterId);
    // The reason's age ("Newest sample 45 s ago") moves on between the API's answer and the page's.
    const escaped = `What is wrong: ${worst.reason}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await expect(first).toContainText(new RegExp(escaped.replace(/\d+(?:\\\.\d+)? (s|min|h|d) ago/g, "\\d+(?:\\.\\d+)? \\w+ ago")));
    await expect(first).toContainText(`What to do: ${worst.fix}`);
    // Ordered by severity: no entry is worse than the one before it.
    const order = ["error", "missing", "stale", "lagging", "unexpected"];
    const verdicts = await list.locator("li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-verdict") ?? ""));
    expect(verdicts.length).toBe(api.clusters.filter((c) => c.needsAction).length > 8 ? 8 : api.clusters.filter((c) => c.needsAction).length);
    expect([...verdicts].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(verdicts);
    // The list sits above the summary counts and the checks.
    const listBox = (await list.boundingBox())!;
    expect(listBox.y).toBeLessThan((await page.getByTestId("count-total").boundingBox())!.y);
  });

  test("/api/status has the per-cluster rollup: worst verdict, each source's verdict, the fix to do first", async ({ page }) => {
    const api = await apiStatus(page);
    const west = api.clusters.find((c) => c.clusterId === "prod-west-2")!;
    expect(west).toMatchObject({ verdict: "error", needsAction: true, sources: { etl: "healthy", thanos: "error", agent: "error" } });
    expect(west.fix?.length).toBeGreaterThan(20);
    // The write test the agent left behind is an agent error with the permission, untruncated.
    const agentRow = api.sources.find((s) => s.source === "agent")!.clusters.find((c) => c.clusterId === "prod-west-2")!;
    expect(agentRow.fix).toContain("Grant s3:DeleteObject on this bucket to the agent's role");
    expect(agentRow.fix).toContain("panics at its next start");
    // A heartbeat-less agent and a 2.x cluster are judged on their data, never missing.
    const agentOf = (id: string) => api.sources.find((s) => s.source === "agent")!.clusters.find((c) => c.clusterId === id)!;
    expect(agentOf("ops-5")).toMatchObject({ verdict: "healthy", facts: { freshnessSignal: "kubemodel objects" } });
    expect(agentOf("legacy-4")).toMatchObject({ verdict: "healthy", facts: { freshnessSignal: "Federated ETL files" } });
    expect(agentOf("batch-7").verdict).toBe("stale");
    expect(api.summary.total).toBe(api.clusters.length);
  });

  test("a summary count filters the cluster table and scrolls to it", async ({ page }) => {
    const api = await apiStatus(page);
    await openStatus(page);
    await page.getByRole("button", { name: /stale clusters?: show only these/ }).click();
    const heading = page.getByRole("heading", { name: "Clusters", exact: true });
    await expect(heading).toBeInViewport();
    const rows = page.locator("tr[data-rollup-cluster]");
    await expect(rows).toHaveCount(api.summary.stale);
    for (const row of await rows.all()) await expect(row).toHaveAttribute("data-verdict", "stale");
    await expect(page.getByTestId("rollup-shown")).toContainText(`Showing ${api.summary.stale} stale of ${api.summary.total} clusters`);
    // The fix is in the row, not only in a dialog.
    const dev3 = page.locator('tr[data-rollup-cluster="dev-3"]');
    await expect(dev3).toContainText(api.clusters.find((c) => c.clusterId === "dev-3")!.fix!);
    await page.getByRole("button", { name: /stale clusters?: remove filter/ }).click();
    await expect(rows).toHaveCount(api.summary.total);
  });

  test("filters the per-source rows by verdict and source", async ({ page }) => {
    await openStatus(page);
    const api = await apiStatus(page);
    await page.getByLabel("Source").selectOption("etl");
    await page.getByLabel("Verdict").selectOption("missing");
    const etlMissing = api.sources.find((s) => s.source === "etl")!.clusters.filter((c) => c.verdict === "missing").length;
    const rowsTotal = api.sources.flatMap((s) => s.clusters).length;
    await expect(page.getByTestId("rows-shown")).toContainText(`Showing ${etlMissing} of ${rowsTotal} source rows`);
    await expect(clusterRow(page, "prod-eu-1")).toBeVisible();
    await expect(clusterRow(page, "prod-east-1")).toHaveCount(0);
    for (const row of await page.locator("tbody tr[data-cluster]").all()) {
      await expect(row).toHaveAttribute("data-source", "etl");
      await expect(row).toContainText("missing");
    }
    await page.getByLabel("Verdict").selectOption("");
    await expect(page.getByLabel("Verdict")).toHaveValue("");
  });

  test("searches by cluster id", async ({ page }) => {
    await openStatus(page);
    await page.getByLabel("Search cluster id").fill("PROD-");
    await expect(clusterRow(page, "prod-east-1")).toBeVisible();
    await expect(clusterRow(page, "dev-3")).toHaveCount(0);
    const ids = await page.locator("tbody tr[data-cluster]").evaluateAll((trs) => trs.map((t) => t.getAttribute("data-cluster")));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/prod-/);
    await expect(page.getByTestId("rows-shown")).toContainText(`Showing ${ids.length} of`);
    await page.getByLabel("Search cluster id").fill("no-such-cluster");
    await expect(page.getByText("No clusters match the filters.")).toBeVisible();
  });

  test("opens details with the keyboard and closes with Escape", async ({ page }) => {
    await openStatus(page);
    await findCluster(page, "dev-3");
    const opener = page.getByRole("button", { name: "Details for dev-3 (Federated ETL)" });
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "dev-3" });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator("header")).toContainText("stale");
    await expect(dialog.getByText("What to do:")).toBeVisible();
    await expect(dialog.getByRole("heading", { name: "Newest files" })).toBeVisible();
    await expect(dialog.locator("text=federated/dev-3/").first()).toBeVisible();
    // Coverage chart: 7 bars with an accessible summary.
    const chart = dialog.getByRole("img", { name: /Coverage, last 7 days/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator("rect")).toHaveCount(14);
    await reviewShot(page, "details");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();

    // A click on the row opens it too.
    await (await findCluster(page, "prod-eu-1")).locator("td").nth(2).click();
    await expect(page.getByRole("dialog", { name: "prod-eu-1" }).getByText(/Expected, but no/)).toBeVisible();
    await page.getByRole("button", { name: "Close" }).click();
    await expect(page.getByRole("dialog")).toBeHidden();
  });

  test("manual refresh probes again and updates last checked", async ({ page }) => {
    await openStatus(page);
    const before = await page.getByTestId("last-checked").getAttribute("datetime");
    await page.waitForTimeout(1_200); // a forced refresh reuses a report younger than 1 s
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(page.getByTestId("last-checked")).not.toHaveAttribute("datetime", before!);
    const after = await page.getByTestId("last-checked").getAttribute("datetime");
    expect(Date.parse(after!)).toBeGreaterThan(Date.parse(before!));
  });

  test("refreshes by itself at the interval the report names", async ({ page }) => {
    const stamps: string[] = [];
    await page.route("**/api/status**", (route) => {
      const report = { ...bigStatusReport(5), refreshSeconds: 5 };
      stamps.push(report.generatedAt);
      return route.fulfill({ json: report });
    });
    await openStatus(page);
    const first = await page.getByTestId("last-checked").getAttribute("datetime");
    // The report asks for 5 s; without it the page would wait the default 60 s. 30 s tells the two
    // apart with room for a busy machine.
    await expect(page.getByTestId("last-checked")).not.toHaveAttribute("datetime", first!, { timeout: 30_000 });
    expect(stamps.length).toBeGreaterThanOrEqual(2);
  });

  test("shows a progress state while probing", async ({ page }) => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/api/status**", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("status");
    await expect(page.getByRole("status").getByText("Probing the buckets…")).toBeVisible();
    await expect(page.getByRole("progressbar", { name: "Probing" })).toBeVisible();
    release();
    await expect(page.getByTestId("last-checked")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("progressbar")).toHaveCount(0);
  });

  test("a wizard link to a bucket that does not exist fails that check and still renders", async ({ page }) => {
    await openStatus(page, "?etlBucket=no-such-demo-bucket&method=federated-etl&clusters=prod-east-1,prod-eu-1");
    await expect(page.getByText(/Showing the targets from your link/)).toBeVisible();
    const etl = page.locator('section[data-source="etl"]');
    await expect(etl.getByText("s3://no-such-demo-bucket", { exact: false })).toBeVisible();
    const failed = etl.locator("li", { has: page.getByText("Failed") }).first();
    await expect(failed).toBeVisible();
    await expect(failed).toContainText("no-such-demo-bucket");
    await expect(failed.getByText("Fix:")).toBeVisible();
    await expect(page.getByTestId("count-failed-checks")).not.toHaveText("0");
    // Only the linked method is shown, and the page still works.
    await expect(page.getByRole("heading", { name: "Thanos bucket" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Clusters", exact: true })).toBeVisible();
    await reviewShot(page, "error-state", true);
  });

  test("a malformed wizard link says which parameter is wrong", async ({ page }) => {
    await page.goto("status?etlBucket=Bad_Bucket&region=us-east-1");
    const alert = page.getByRole("alert").filter({ hasText: "This link cannot be shown" });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("etlBucket: Bucket names use lowercase letters only");
    await expect(page.getByRole("link", { name: "Show the server's configured targets" })).toBeVisible();
  });

  test("shows an invalid server config field by field", async ({ page }) => {
    // The body lib/status/service.ts returns with 503 when the config does not validate.
    const body: StatusResponse = {
      generatedAt: new Date().toISOString(),
      refreshSeconds: 60,
      sources: [],
      clusters: [],
      summary: { healthy: 0, lagging: 0, stale: 0, missing: 0, unexpected: 0, error: 0, checking: 0, total: 0, failedChecks: 0 },
      error: {
        code: "config_invalid",
        title: "The status configuration is not valid",
        message: "- etl.region: Invalid input. Fix: set FC_ETL_REGION.",
        problems: [{ path: "etl.region", message: "Invalid input: expected string, received undefined", fix: "Fix: set FC_ETL_REGION." }],
      },
    };
    await page.route("**/api/status**", (route) => route.fulfill({ status: 503, json: body }));
    await page.goto("status");
    const alert = page.getByRole("alert").filter({ hasText: "The status configuration is not valid" });
    await expect(alert).toContainText("etl.region");
    await expect(alert).toContainText("Fix: set FC_ETL_REGION.");
    await expect(page.getByRole("button", { name: "Refresh" })).toBeVisible();
  });

  test("has no serious or critical accessibility violations, light and dark, with details open", async ({ page }) => {
    // Two axe runs of a long page: slow on a busy machine.
    test.slow();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await openStatus(page);
      const results = await axeScan(page).analyze();
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), scheme).toEqual([]);
      await reviewShot(page, `dashboard-${scheme}`, true);
    }
    await findCluster(page, "dev-3");
    await page.getByRole("button", { name: "Details for dev-3 (Federated ETL)" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    const dialogScan = await axeScan(page).include("dialog").analyze();
    expect(dialogScan.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  test("works at a phone width", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openStatus(page);
    await findCluster(page, "dev-3");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await reviewShot(page, "narrow", true);
  });
});

test.describe("machine interfaces on the demo data", () => {
  test("/api/status answers 422 with a readable message for a bad link", async ({ request }) => {
    const res = await request.get("api/status?region=mars-1&s3Endpoint=http://169.254.169.254/");
    expect(res.status()).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_query");
    expect(body.error.message).toContain('region: "mars-1" is not an AWS region code');
    expect(body.error.message).toContain("Unknown query parameter(s) s3Endpoint");
    expect(body.error.problems).toContainEqual({ path: "region", message: expect.stringContaining("is not an AWS region code") });
  });

  test("/api/metrics exposes the same verdicts in Prometheus text format", async ({ request }) => {
    const status: StatusResponse = await (await request.get("api/status")).json();
    const res = await request.get("api/metrics");
    expect(res.headers()["content-type"]).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/^federation_console_status_ok 1$/m);
    for (const c of status.sources.flatMap((s) => s.clusters)) {
      expect(text).toContain(`federation_console_cluster_verdict{source="${c.source}",cluster_id="${c.clusterId}",verdict="${c.verdict}"`);
    }
    expect(text).toMatch(/^federation_console_cluster_last_seen_timestamp_seconds\{source="etl",cluster_id="prod-east-1"\} \d+/m);
    for (const source of ["etl", "thanos", "amp"]) expect(text).toMatch(new RegExp(`^federation_console_source_up\\{source="${source}"\\} [01]$`, "m"));
  });

  test("a flood of links leaves the server's own status answering, and every 503 says when to retry", async ({ request }) => {
    await request.get("api/status"); // the server's own report exists
    // One client after the other (not all at once, so the other worker's link tests never meet a
    // full queue): past its budget of new link probes it is refused; the service test
    // (lib/status/service.test.ts) covers the concurrent flood and the reserved slot.
    const flood = [];
    for (let i = 0; i < 24; i++) flood.push(await request.get(`api/status?etlBucket=flood-${i}-bucket&method=etl`, { headers: { "X-Forwarded-For": "203.0.113.9" } }));
    const refused = flood.filter((r) => r.status() === 503);
    expect(refused.length).toBe(4);
    expect((await refused[0].json()).error).toMatchObject({ code: "rate_limited", title: "Too many links from this client" });
    for (const r of refused) expect(Number(r.headers()["retry-after"])).toBeGreaterThan(0);
    const own = await request.get("api/status");
    expect(own.status()).toBe(200);
    expect((await own.json()).error).toBeUndefined();
    expect(await (await request.get("api/metrics")).text()).toMatch(/^federation_console_status_ok 1$/m);
  });

  test("/api/status never names the demo's stand-in endpoints", async ({ request }) => {
    // Every demo backend listens on 127.0.0.1; the report must say "the configured endpoint".
    for (const query of ["", "?ampWorkspaceId=ws-0de00000-0000-4000-8000-000000000002&method=amp"]) {
      const res = await request.get(`api/status${query}`);
      expect(res.status()).toBe(200);
      const text = await res.text();
      expect(text).toContain('"sources"');
      expect(text).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
    }
  });
});

test.describe("dashboard at 1,000 clusters", () => {
  /** The CPU time (thread time, ms) of each main-thread task of the page's renderer while `act`
   * runs, from a Chromium trace. Unlike a long task's wall time it does not grow while other
   * processes hold the cores: at load average 13 a 90 ms task was seen as a 345 ms long task. */
  async function rendererTaskCpuMs(browser: Browser, page: Page, act: () => Promise<void>): Promise<number[]> {
    await browser.startTracing(page, { categories: ["toplevel", "disabled-by-default-devtools.timeline"] });
    let trace: Buffer;
    try {
      await act();
    } finally {
      trace = await browser.stopTracing();
    }
    type TraceEvent = { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } };
    const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const main = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
    const tasks = events.filter((e) => e.ph === "X" && e.name === "RunTask" && main.has(`${e.pid}:${e.tid}`));
    expect(tasks.length).toBeGreaterThan(0);
    return tasks.map((e) => (e.tdur ?? 0) / 1000);
  }

  test("renders a window of rows and filters, sorts and scrolls without long stalls", async ({ page, browser }) => {
    const report = bigStatusReport(1000);
    await page.route("**/api/status**", (route) => route.fulfill({ json: report }));
    await page.goto("status");
    await expect(page.getByTestId("rows-shown")).toHaveText("Showing 1000 of 1000 source rows");
    // Virtualized: a screenful of rows in the DOM, not a thousand.
    const domRows = await page.locator("tbody tr[data-cluster]").count();
    expect(domRows).toBeLessThan(60);

    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ entryTypes: ["longtask"] });
    });
    let t = Date.now();
    let sortMs = 0;
    let scrollMs = 0;
    const searchTasks = await rendererTaskCpuMs(browser, page, async () => {
      await page.getByLabel("Search cluster id").fill("cluster-09");
      await expect(page.getByTestId("rows-shown")).toHaveText("Showing 100 of 1000 source rows");
    });
    const searchMs = Date.now() - t;
    const sortAndScrollTasks = await rendererTaskCpuMs(browser, page, async () => {
      await page.getByLabel("Search cluster id").fill("");
      t = Date.now();
      await page.getByRole("button", { name: "Cluster", exact: true }).click();
      await page.getByRole("button", { name: "Cluster", exact: true }).click();
      await expect(page.locator("tbody tr[data-cluster]").first()).toHaveAttribute("data-cluster", "cluster-0999");
      sortMs = Date.now() - t;
      t = Date.now();
      const scroller = page.getByTestId("cluster-scroll");
      for (let i = 1; i <= 10; i++) await scroller.evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), i / 10);
      await expect(page.locator('tr[data-cluster="cluster-0000"]')).toBeVisible();
      scrollMs = Date.now() - t;
    });
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    // Wall times and long tasks are printed (they grow with the machine's load); the assertions
    // are on the renderer's CPU time: no task over 200 ms, the whole search under 1.5 s.
    const searchCpuMs = Math.round(searchTasks.reduce((a, b) => a + b, 0));
    const worstTaskCpuMs = Math.round(Math.max(...searchTasks, ...sortAndScrollTasks));
    const measured = { domRows, searchMs, sortMs, scrollMs, longTasks: longTasks.length, worstLongTaskMs: Math.max(0, ...longTasks), searchCpuMs, worstTaskCpuMs };
    test.info().annotations.push({ type: "measure", description: JSON.stringify(measured) });
    console.log(`1,000 rows: ${JSON.stringify(measured)}`);
    expect(worstTaskCpuMs).toBeLessThan(200);
    expect(searchCpuMs).toBeLessThan(1_500);
    await reviewShot(page, "1000-rows");
  });
});
