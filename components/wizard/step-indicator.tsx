"use client";

import { useEffect, useRef } from "react";
import { STEP_TITLES, type StepId } from "./steps";

export interface StepStatus {
  id: StepId;
  /** Problems shown to the admin in this step (0 when none or not yet revealed). */
  problems: number;
  /** Output only: blocked until the plan is valid. */
  blocked?: boolean;
  reachable: boolean;
}

/** The wizard's steps: where you are, what has problems, and whether the output is unlocked. */
export function StepIndicator({ steps, current, onGo }: { steps: StepStatus[]; current: StepId; onGo: (id: StepId) => void }) {
  const list = useRef<HTMLOListElement>(null);
  // On narrow screens the steps scroll sideways: keep the current one in view (without moving the page).
  useEffect(() => {
    const ol = list.current;
    const active = ol?.querySelector<HTMLElement>('[aria-current="step"]');
    if (ol && active && ol.scrollWidth > ol.clientWidth) ol.scrollLeft = active.offsetLeft - ol.offsetLeft - 8;
  }, [current]);
  return (
    <nav aria-label="Wizard steps" className="min-w-0 lg:sticky lg:top-4 lg:self-start">
      <ol ref={list} className="flex gap-2 overflow-x-auto pb-1 lg:flex-col lg:overflow-visible">
        {steps.map((s, i) => {
          const isCurrent = s.id === current;
          const state = s.blocked ? "locked until the plan is valid" : s.problems > 0 ? `${s.problems} problem${s.problems === 1 ? "" : "s"}` : "";
          return (
            <li key={s.id} className="shrink-0">
              <button
                type="button"
                onClick={() => onGo(s.id)}
                disabled={!s.reachable}
                aria-current={isCurrent ? "step" : undefined}
                className={`flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm disabled:cursor-not-allowed disabled:opacity-50 ${
                  isCurrent ? "bg-sky-100 font-semibold text-sky-950 dark:bg-sky-900/60 dark:text-sky-50" : "hover:bg-slate-100 dark:hover:bg-slate-800"
                }`}
              >
                <span
                  aria-hidden="true"
                  className={`inline-flex size-6 shrink-0 items-center justify-center rounded-full border text-xs ${
                    s.problems > 0 ? "border-red-600 text-red-700 dark:border-red-400 dark:text-red-300" : "border-slate-400 dark:border-slate-500"
                  }`}
                >
                  {s.problems > 0 ? "!" : i + 1}
                </span>
                <span>
                  {STEP_TITLES[s.id]}
                  {state && <span className={`block text-xs font-normal ${s.problems > 0 ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}`}>{state}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
