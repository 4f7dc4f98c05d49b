import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { expect, type Download, type Page } from "@playwright/test";

// Helpers for e2e/wizard.spec.ts: what the wizard shows and downloads, and screenshots. What the
// CLI writes is in ./cli.ts, accessibility scans in ./axe.ts.

const root = path.resolve(import.meta.dirname, "../..");
export const SCREENSHOT_DIR = path.join(root, "test-results", "wizard-screens");

/** STEPS.md -> step number -> { title, commands: the text of its ```bash fence }. */
export function stepsFromMarkdown(md: string): Map<number, { title: string; commands: string }> {
  const out = new Map<number, { title: string; commands: string }>();
  let current: { title: string; lines: string[]; n: number } | undefined;
  let inFence = false;
  const flush = () => current && out.set(current.n, { title: current.title, commands: current.lines.join("\n") });
  for (const line of md.split("\n")) {
    const heading = !inFence && /^## (\d+)\. (.*)$/.exec(line);
    if (heading) {
      flush();
      current = { n: Number(heading[1]), title: heading[2], lines: [] };
    } else if (!inFence && line === "```bash") inFence = true;
    else if (inFence && line === "```") inFence = false;
    else if (inFence && current) current.lines.push(line);
  }
  flush();
  return out;
}

export interface ShownStep {
  n: number;
  title: string;
  commands: string[];
  files: { path: string; content: string }[];
  cluster: string | null;
}

/** Every step on the output page, read from the DOM exactly as the copy buttons copy it. */
export async function shownSteps(page: Page): Promise<ShownStep[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("[data-step-number]")).map((s) => ({
      n: Number(s.dataset.stepNumber),
      title: (s.querySelector("h3, h4")?.textContent ?? "").replace(/^Step \d+ · /, ""),
      commands: Array.from(s.querySelectorAll("[data-kind=command] code")).map((c) => c.textContent ?? ""),
      files: Array.from(s.querySelectorAll<HTMLElement>("[data-file]")).map((f) => ({ path: f.dataset.file!, content: f.querySelector("code")?.textContent ?? "" })),
      cluster: s.closest<HTMLElement>("[data-cluster]")?.dataset.cluster ?? null,
    })),
  );
}

/** The shown output equals the CLI's: same steps and titles, each step's commands equal its
 * STEPS.md fence, each shown file (in a step, in a stage's per-cluster browser, in the GitOps
 * choice) equals the file the CLI wrote. Per-cluster files show one cluster at a time, so the
 * other clusters' files, and the GitOps file not chosen, are compared through the zip. */
export async function expectOutputMatchesCli(page: Page, cli: Map<string, string>) {
  const shown = await shownSteps(page);
  const fromMd = stepsFromMarkdown(cli.get("STEPS.md")!);
  expect(shown.length).toBeGreaterThan(2);
  expect(shown.map((s) => s.n).sort((a, b) => a - b)).toEqual([...fromMd.keys()]);
  for (const s of shown) {
    const md = fromMd.get(s.n)!;
    expect({ step: s.n, title: s.title }).toEqual({ step: s.n, title: md.title });
    expect({ step: s.n, commands: s.commands.join("\n\n") }).toEqual({ step: s.n, commands: md.commands });
  }
  const files = await shownFiles(page);
  for (const f of files) expect({ path: f.path, content: f.content }).toEqual({ path: f.path, content: cli.get(f.path) });
  // Files too long to print are offered as a download on the page; their text is compared through the zip.
  const offered = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>("[data-file-download]")).map((f) => f.dataset.fileDownload!));
  const shownPaths = new Set([...files.map((f) => f.path), ...offered]);
  // STEPS.md, plan.yaml and the values schemas are bundle-only; per-cluster, GitOps and note files are reachable
  // by choice (another cluster, another install way) and compared through the zip.
  const byChoice = (p: string) => /^(clusters\/|gitops\/|helmfile\.yaml|notes\/|schemas\/)/.test(p) || p === "STEPS.md" || p === "plan.yaml";
  expect([...cli.keys()].filter((p) => !byChoice(p) && !shownPaths.has(p))).toEqual([]);
  for (const p of shownPaths) expect(cli.has(p), p).toBe(true);
  return shown;
}

/** Every file shown on the output page (steps, per-cluster browser, GitOps choice). */
export async function shownFiles(page: Page): Promise<{ path: string; content: string }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("[data-file]")).map((f) => ({ path: f.dataset.file!, content: f.querySelector("code")?.textContent ?? "" })),
  );
}

export async function readZip(download: Download): Promise<Map<string, string>> {
  const bytes = readFileSync((await download.path())!);
  const entries = unzipSync(new Uint8Array(bytes));
  return new Map(Object.entries(entries).map(([p, data]) => [p, strFromU8(data)]));
}

export async function downloadAll(page: Page): Promise<{ name: string; files: Map<string, string> }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download all (.zip)" }).click()]);
  return { name: download.suggestedFilename(), files: await readZip(download) };
}

/** Screenshots for a person to review (they assert nothing): written with E2E_SCREENSHOTS=1, so
 * `npm test` does not pay for some 60 full-page captures. A failing test keeps its own anyway
 * (playwright.config.ts). */
export async function screenshot(page: Page, name: string) {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  // Long pages (the output) are hard to review whole: keep the first screen too.
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.top.png`) });
}

/** The step heading, e.g. "3. Storage & access". */
export async function expectStep(page: Page, title: string) {
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^\\d\\. ${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) })).toBeVisible();
  // The clusters and output steps load their code on demand (components/wizard/steps-on-demand.tsx).
  await expect(page.locator('#wizard-step [aria-busy="true"]')).toHaveCount(0);
}
