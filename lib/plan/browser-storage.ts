import type { PlanDraft } from "./defaults";
import { planFromSearchParams, planToSearchParams } from "./url";

// The wizard's plan survives a reload through localStorage. It is stored in the same form as the
// share link (lib/plan/url.ts), so one encoder decides what may leave memory, and access keys
// never do (issue 3 item 4).

export const WIZARD_STORAGE_KEY = "fc-wizard-plan";

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface SavedWizard {
  plan: PlanDraft;
  /** The wizard step the admin was on, e.g. "clusters". */
  step?: string;
}

function browserStore(): KeyValueStore | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled (privacy mode, sandboxed iframe)
  }
}

/** Returns false when the browser refused (quota, storage disabled); the wizard keeps working. */
export function saveWizard(saved: SavedWizard, store: KeyValueStore | undefined = browserStore()): boolean {
  if (!store) return false;
  const q = planToSearchParams(saved.plan);
  if (saved.step) q.set("step", saved.step);
  try {
    store.setItem(WIZARD_STORAGE_KEY, q.toString());
    return true;
  } catch {
    return false;
  }
}

export function loadWizard(store: KeyValueStore | undefined = browserStore()): SavedWizard | null {
  if (!store) return null;
  let text: string | null;
  try {
    text = store.getItem(WIZARD_STORAGE_KEY);
  } catch {
    return null;
  }
  if (!text) return null;
  const q = new URLSearchParams(text);
  const plan = planFromSearchParams(q);
  return plan ? { plan, step: q.get("step") ?? undefined } : null;
}

export function clearWizard(store: KeyValueStore | undefined = browserStore()): void {
  try {
    store?.removeItem(WIZARD_STORAGE_KEY);
  } catch {
    // nothing stored, nothing to clear
  }
}
