"use client";

import type { Method } from "@/lib/plan/schema";
import type { Problem } from "@/lib/problem";
import { buttonClass } from "@/components/ui/styles";
import { STEP_TITLES, stepOfPath, type StepId } from "./steps";

/** Shown instead of commands while the plan has problems: nothing half-valid reaches a shell. */
export function BlockedOutput({ issues, method, onGo }: { issues: Problem[]; method: Method; onGo: (s: StepId) => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-50">
      <p className="font-semibold">
        Fix {issues.length === 1 ? "this problem" : `these ${issues.length} problems`} before the commands are generated:
      </p>
      <ul className="space-y-2">
        {issues.map((i) => {
          const s = stepOfPath(i.path, method);
          return (
            <li key={`${i.path}:${i.message}`} className="flex flex-wrap items-baseline gap-2">
              <span className="min-w-0 flex-1">{i.message}</span>
              <button type="button" className={buttonClass("secondary", "sm")} onClick={() => onGo(s)}>
                Go to {STEP_TITLES[s]}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
