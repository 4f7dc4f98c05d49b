"use client";

import { useId, useState } from "react";
import type { FederationPlan } from "@/lib/plan/schema";
import { validatePlan } from "@/lib/plan/validate";
import type { Problem } from "@/lib/problem";
import { buttonClass } from "@/components/ui/styles";

// "Open plan.yaml": a plan kept in Git (the bundle's plan.yaml) back into the wizard. The file is
// read in this tab with File.text(); nothing is uploaded.

/** A plan is a few KB; refusing large files keeps a wrong pick (a log, an image) from freezing the tab. */
const MAX_PLAN_BYTES = 1_000_000;

export interface PlanFileProblem {
  fileName: string;
  /** Set when the file could not be read as a plan at all (not YAML, too large). */
  message?: string;
  issues: Problem[];
}

type OpenResult = { ok: true; plan: FederationPlan; parsed: unknown } | { ok: false; problem: PlanFileProblem };

async function readPlanFile(file: File): Promise<OpenResult> {
  const fileName = file.name || "The file";
  if (file.size > MAX_PLAN_BYTES) {
    return { ok: false, problem: { fileName, issues: [], message: `${fileName} is ${(file.size / 1e6).toFixed(1)} MB; a plan file is a few KB. Choose the plan.yaml from a download or your Git repository.` } };
  }
  let parsed: unknown;
  try {
    // The YAML parser loads only when a file is opened: no weight on the page otherwise.
    const { parsePlanText } = await import("@/lib/plan/load");
    parsed = parsePlanText(await file.text(), fileName);
  } catch (err) {
    return { ok: false, problem: { fileName, issues: [], message: (err as Error).message } };
  }
  const result = validatePlan(parsed);
  return result.ok ? { ok: true, plan: result.value, parsed } : { ok: false, problem: { fileName, issues: result.problems } };
}

/** A file input styled as a button: the real input stays in the tab order (sr-only, not
 * display:none), so Tab + Enter/Space opens the file chooser and screen readers name it. */
/** `parsed` is the file as read, for callers that take more than the plan (the upgrade page's `upgradeTo`). */
export function OpenPlanButton({ onOpen, onProblem }: { onOpen: (plan: FederationPlan, parsed: unknown) => void; onProblem: (p: PlanFileProblem) => void }) {
  const id = useId();
  const [reading, setReading] = useState(false);

  async function choose(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = ""; // choosing the same file again (after fixing it) must fire change again
    if (!file) return;
    setReading(true);
    const result = await readPlanFile(file);
    setReading(false);
    if (result.ok) onOpen(result.plan, result.parsed);
    else onProblem(result.problem);
  }

  return (
    <span className="relative inline-flex">
      <input
        id={id}
        type="file"
        accept=".yaml,.yml,.json,application/yaml,application/json,text/yaml"
        className="peer sr-only"
        aria-describedby={`${id}-hint`}
        disabled={reading}
        onChange={(e) => void choose(e.currentTarget)}
      />
      <label
        htmlFor={id}
        className={`${buttonClass("secondary")} cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-sky-600`}
      >
        {reading ? "Reading…" : "Open plan.yaml"}
      </label>
      <span id={`${id}-hint`} className="sr-only">
        Loads a plan file (YAML or JSON) into the wizard. The file is read in this browser tab and not uploaded.
      </span>
    </span>
  );
}

/** Why an opened file was refused; the wizard's plan is unchanged. */
export function PlanFileAlert({ problem, onDismiss }: { problem: PlanFileProblem; onDismiss: () => void }) {
  return (
    <div role="alert" className="flex flex-wrap items-start gap-3 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-50">
      <div className="min-w-0 flex-1 space-y-2">
        {problem.message ? (
          <p className="font-semibold">{problem.message}</p>
        ) : (
          <>
            <p className="font-semibold">
              {problem.fileName} has {problem.issues.length === 1 ? "a problem" : `${problem.issues.length} problems`}; the wizard was not changed. Fix the file
              and open it again:
            </p>
            <ul className="list-disc space-y-1 pl-5">
              {problem.issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  <code className="font-mono">{i.path || "plan"}</code>: {i.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <button type="button" className={buttonClass("ghost", "sm")} onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
