"use client";

import { useEffect, useMemo } from "react";
import type { PlanDraft } from "@/lib/plan/defaults";
import { planFromSearchParams, planToSearchParams, shareLinkProblem } from "@/lib/plan/url";
import { isStepId, type StepId } from "./steps";

// The wizard's state in the page address, in one place (issue 16 point 6; the model is shadcn-ui
// apps/v4 `lib/search-params.ts`): which parameters the wizard reads and writes, typed, and the
// one hook that keeps the address in step with the draft. lib/plan/url.ts stays the plan's codec
// (parameter names, versions, no keys); this module adds what only the wizard has (the step) and
// the rule that a link too long to open again is not written.

/** The wizard's own parameter beside the plan's (lib/plan/url.ts PLAN_PARAMS). */
export const WIZARD_PARAMS = { step: "step" } as const;

export interface PlanUrlState {
  /** The plan the address holds (without keys), or null when it holds none or an unknown version. */
  plan: PlanDraft | null;
  /** The step the address names, or null when it names none the wizard has. */
  step: StepId | null;
}

/** Reads the wizard's state from a query string ("?v=1&m=..."), as a link opens it. */
export function parsePlanUrl(search: string | URLSearchParams): PlanUrlState {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const step = q.get(WIZARD_PARAMS.step);
  return { plan: planFromSearchParams(q), step: isStepId(step) ? step : null };
}

/** The plan's parameters and, when they are too long to open again, why. */
function planLink(plan: PlanDraft): { query: URLSearchParams; problem: string | undefined } {
  const query = planToSearchParams(plan);
  return { query, problem: shareLinkProblem(query) };
}

function searchOf(link: ReturnType<typeof planLink> | null, step: StepId | null): string {
  if (!link) return "";
  // A plan too long for a link is left out (a reload restores it from this browser's storage).
  const q = link.problem ? new URLSearchParams() : new URLSearchParams(link.query);
  if (step) q.set(WIZARD_PARAMS.step, step);
  return `?${q.toString()}`;
}

/** The address's query for a state ("" without a plan). A plan whose link would be too long to
 * open again is left out; the step stays. */
export const planUrlSearch = (state: PlanUrlState): string => searchOf(state.plan && planLink(state.plan), state.step);

/** Why the plan cannot be shared as a link (too long), or undefined when it can. */
export const planLinkProblem = (plan: PlanDraft | null): string | undefined => (plan ? planLink(plan).problem : undefined);

/** The state the page was opened with (read once, in the browser, after hydration). */
export const readPlanUrl = (): PlanUrlState => parsePlanUrl(window.location.search);

/** Keeps the address in step with the draft once `mirror` is on (after the first read, so the
 * link that opened the page is not overwritten before it is read); returns why the plan cannot be
 * shared as a link, if it cannot. The address is replaced, not pushed: Back leaves the wizard. */
export function usePlanUrlState(plan: PlanDraft | null, step: StepId, mirror: boolean): { linkProblem: string | undefined } {
  const link = useMemo(() => plan && planLink(plan), [plan]);
  const search = searchOf(link, step);
  useEffect(() => {
    if (!mirror) return;
    window.history.replaceState(null, "", search || window.location.pathname);
  }, [search, mirror]);
  return { linkProblem: link?.problem };
}
