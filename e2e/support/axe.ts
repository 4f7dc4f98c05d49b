import AxeBuilder from "@axe-core/playwright";
import axe from "axe-core";
import { expect, type Page } from "@playwright/test";

// Accessibility scans for every spec: every rule axe runs by default, the violations in full.
// Measured on the wizard's output page on the shared 2-core machine (2026-12-05): the default run
// (axe.runPartial in each frame, then axe.finishRun in a new blank page that loads axe again) took
// 4.4-6.2 s per scan; legacy mode (axe.run in the page itself) 1.9-2.8 s, with the same rules and
// the same violations, passes and incomplete results (what it gives up is cross-origin frames, and
// no page of the console has a frame); asking for the violations only (axe then keeps one example
// of each rule that passed, not every node with its selector) 1.2-1.4 s, the violations the same.
// On /status: 2.4-7.6 s and 1.4-2.3 s.

// axe-core's 0.5 MB evaluated once per document: the wizard's steps are one document, and each
// scan would otherwise evaluate it twice (AxeBuilder injects before it checks for frames).
const AXE_ONCE_PER_DOCUMENT = `if (!window.axe) {\n${axe.source}\n}`;

/** An axe scan of the page as it is now: every rule axe runs by default, every violating node. */
export function axeScan(page: Page): AxeBuilder {
  // @axe-core/playwright types against the top-level playwright-core, @playwright/test ships its
  // own copy: same runtime object, two type declarations.
  const builderPage = page as unknown as ConstructorParameters<typeof AxeBuilder>[0]["page"];
  return new AxeBuilder({ page: builderPage, axeSource: AXE_ONCE_PER_DOCUMENT }).setLegacyMode().options({ resultTypes: ["violations"] });
}

/** No serious or critical axe violations on the page as it is now. */
export async function expectAccessible(page: Page, where: string) {
  const results = await axeScan(page).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ where, rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  expect(bad).toEqual([]);
}
