import type { PlanDraft } from "./defaults";
import { kubecostLine } from "./kubecost-lines";
import { CHART_LINE_IDS, type ChartLine } from "./schema";

// A plan that arrives from a share link or an opened file was written by someone else. The values
// that decide where code, images, data or files come from are shown to the admin, who accepts
// them before any output uses them or anything is saved (issue 15: a link once re-pointed the
// chart repository, the image mirror, the S3 endpoint and a CA file path without a word). File
// references must be bare names inside the bundle folder; other paths are refused outright.
// Values this browser already holds (accepted or typed here) are not asked about again.

export interface SourceValue {
  /** The plan field, as the wizard's messages name it. */
  path: string;
  /** What the admin sees, e.g. "Chart repository". */
  label: string;
  value: string;
  /** What the value changes, in one sentence. */
  effect: string;
}

export interface RefusedValue extends SourceValue {
  /** Why it was not taken. */
  reason: string;
}

export interface UntrustedReview {
  /** Values the admin must accept before the output appears. */
  review: SourceValue[];
  /** Values dropped from the plan, with why. */
  refused: RefusedValue[];
  /** The plan without the refused values (the review values still in it, until declined). */
  plan: PlanDraft;
}

const defaultRepo = (plan: PlanDraft) => kubecostLine(lineOf(plan)).repo;
const lineOf = (plan: PlanDraft): ChartLine => ((CHART_LINE_IDS as readonly string[]).includes(plan.kubecost.chartLine) ? plan.kubecost.chartLine : CHART_LINE_IDS[0]);

/** Every plan value that changes where code, images, data or files come from, when set. */
export function sourceValues(plan: PlanDraft): SourceValue[] {
  const out: SourceValue[] = [];
  const repo = plan.kubecost.chartRepo;
  if (repo && repo !== defaultRepo(plan)) {
    out.push({ path: "kubecost.chartRepo", label: "Chart repository", value: repo, effect: `helm installs Kubecost (code that runs in every cluster) from here instead of ${defaultRepo(plan)}` });
  }
  if (plan.kubecost.imageMirror) {
    out.push({ path: "kubecost.imageMirror", label: "Image mirror", value: plan.kubecost.imageMirror, effect: "every container image is pulled through this registry" });
  }
  if (plan.storage?.endpoint) {
    out.push({ path: "storage.endpoint", label: "S3 endpoint", value: plan.storage.endpoint, effect: "cost data is written to and read from this host instead of AWS S3" });
  }
  if (plan.storage?.internalCa?.caFile) {
    out.push({ path: "storage.internalCa.caFile", label: "CA file", value: plan.storage.internalCa.caFile, effect: "the commands read this file from your machine and mount it into the pods" });
  }
  return out;
}

/** Why a file reference from someone else is refused: it must be a bare name in the bundle folder. */
export function fileReferenceProblem(name: string): string | undefined {
  if (name.includes("/") || name.includes("\\")) return "a file from a link or an opened plan must be a bare name in the bundle folder (no '/'): copy the file there and type its name";
  if (name === ".." || name === "." || name.startsWith("~") || name.startsWith("-")) return "a file from a link or an opened plan must be a plain file name in the bundle folder";
  return undefined;
}

/** The review of a plan from a link or a file. `trusted` is what this browser already holds
 * (saved by the admin); values equal to it are not asked about again. */
export function reviewUntrustedPlan(plan: PlanDraft, trusted?: PlanDraft | null): UntrustedReview {
  const known = new Map((trusted ? sourceValues(trusted) : []).map((v) => [v.path, v.value]));
  const refused: RefusedValue[] = [];
  let out = plan;
  const review: SourceValue[] = [];
  for (const v of sourceValues(plan)) {
    const problem = v.path === "storage.internalCa.caFile" ? fileReferenceProblem(v.value) : undefined;
    if (problem) {
      refused.push({ ...v, reason: problem });
      out = withoutSourceValues(out, [v.path]);
    } else if (known.get(v.path) !== v.value) review.push(v);
  }
  return { review, refused, plan: out };
}

/** The plan with the named source values back at their defaults (the admin declined them). */
export function withoutSourceValues(plan: PlanDraft, paths: readonly string[]): PlanDraft {
  const drop = new Set(paths);
  const kubecost = { ...plan.kubecost };
  if (drop.has("kubecost.chartRepo")) kubecost.chartRepo = defaultRepo(plan);
  if (drop.has("kubecost.imageMirror")) delete kubecost.imageMirror;
  let storage = plan.storage;
  if (storage && drop.has("storage.endpoint")) {
    storage = { ...storage };
    delete storage.endpoint;
    // A CA only serves a custom endpoint (lib/plan/schema.ts).
    delete storage.internalCa;
  }
  if (storage && drop.has("storage.internalCa.caFile")) {
    storage = { ...storage };
    delete storage.internalCa;
  }
  return { ...plan, kubecost, ...(storage ? { storage } : {}) };
}
