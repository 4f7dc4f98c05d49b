import { describe, expect, it } from "vitest";
import { clearWizard, loadWizard, saveWizard, WIZARD_STORAGE_KEY } from "./browser-storage";
import { starterPlan, type PlanDraft } from "./defaults";

class MemoryStore {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

const plan: PlanDraft = {
  ...starterPlan("thanos-bundled"),
  storage: { bucket: "acme-thanos", region: "us-west-2", encryption: { type: "SSE-S3" } },
  auth: { mode: "access-keys", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  clusters: [{ id: "east", role: "primary" }],
};

describe("wizard persistence", () => {
  it("restores the plan and step, without the access keys", () => {
    const store = new MemoryStore();
    expect(saveWizard({ plan, step: "clusters" }, store)).toBe(true);
    const raw = store.data.get(WIZARD_STORAGE_KEY)!;
    expect(raw).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(raw).not.toContain("wJalrXUtnFEMI");
    expect(loadWizard(store)).toEqual({ plan: { ...plan, auth: { mode: "access-keys" } }, step: "clusters" });
  });

  it("clears, and survives a browser that refuses storage", () => {
    const store = new MemoryStore();
    saveWizard({ plan }, store);
    clearWizard(store);
    expect(loadWizard(store)).toBeNull();
    const refusing = { getItem: () => { throw new Error("SecurityError"); }, setItem: () => { throw new Error("QuotaExceededError"); }, removeItem: () => {} };
    expect(saveWizard({ plan }, refusing)).toBe(false);
    expect(loadWizard(refusing)).toBeNull();
    expect(loadWizard(undefined)).toBeNull();
  });

  it("ignores garbage under its key", () => {
    const store = new MemoryStore();
    store.setItem(WIZARD_STORAGE_KEY, "{not a plan");
    expect(loadWizard(store)).toBeNull();
  });
});
