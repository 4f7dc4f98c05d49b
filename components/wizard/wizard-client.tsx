"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FederationPlan, Method } from "@/lib/plan/schema";
import { draftFromPlan, planForMethod, switchMethod, type PlanDraft } from "@/lib/plan/defaults";
import { validatePlan } from "@/lib/plan/validate";
import { clearWizard, loadWizard, saveWizard } from "@/lib/plan/browser-storage";
import { reviewUntrustedPlan, withoutSourceValues, type RefusedValue, type SourceValue } from "@/lib/plan/untrusted";
import { CopyButton } from "@/components/ui/copy-button";
import { buttonClass } from "@/components/ui/styles";
import { STEP_TITLES, isStepId, issuesByStep, stepOfPath, stepsFor, type StepId } from "./steps";
import { StepIndicator, type StepStatus } from "./step-indicator";
import { MethodStep } from "./method-step";
import { KubecostStep } from "./kubecost-step";
import { StorageStep } from "./storage-step";
import { AmpStep } from "./amp-step";
import { StepOnDemand, loadClustersStep, loadOutputStep } from "./steps-on-demand";
import { useOnDemand } from "./use-on-demand";
import { BlockedOutput } from "./blocked-output";
import { OpenPlanButton, PlanFileAlert, type PlanFileProblem } from "./open-plan";
import { UntrustedNotice } from "./untrusted-notice";
import { readPlanUrl, usePlanUrlState } from "./use-plan-url-state";

// The wizard: plan draft in memory (keys included), mirrored without keys to the URL and to
// localStorage on every change (use-plan-url-state.ts, lib/plan/browser-storage.ts). Generation happens here,
// in the browser, through the same lib/generate the CLI uses (issue 3 items 4-5). A plan from a
// link or a file that changes where code, images or data come from waits for the admin's word,
// unsaved and without output (lib/plan/untrusted.ts, issue 15).

interface Untrusted { from: string; review: SourceValue[]; refused: RefusedValue[] }

/** The review of a plan someone else wrote, or null when it asks nothing. */
function untrustedFrom(from: string, r: ReturnType<typeof reviewUntrustedPlan>): Untrusted | null {
  return r.review.length || r.refused.length ? { from, review: r.review, refused: r.refused } : null;
}

export function WizardClient() {
  const [ready, setReady] = useState(false);
  const [plan, setPlan] = useState<PlanDraft | null>(null);
  const [step, setStep] = useState<StepId>("method");
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [revealed, setRevealed] = useState<ReadonlySet<StepId>>(new Set());
  const [confirmReset, setConfirmReset] = useState(false);
  const [fileProblem, setFileProblem] = useState<PlanFileProblem | null>(null);
  const [untrusted, setUntrusted] = useState<Untrusted | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  // Restore once, after hydration: a link wins over what this browser saved.
  useEffect(() => {
    const link = readPlanUrl();
    const review = link.plan ? reviewUntrustedPlan(link.plan, loadWizard()?.plan) : null;
    const fromLink = review?.plan ?? null;
    const saved = fromLink ? null : loadWizard();
    const restored = fromLink ?? saved?.plan ?? null;
    const wanted = fromLink ? link.step : saved?.step;
    const steps = stepsFor(restored?.method);
    const at = isStepId(wanted) && steps.includes(wanted) ? wanted : restored ? "kubecost" : "method";
    /* eslint-disable react-hooks/set-state-in-effect -- browser-only state (URL, localStorage) read once after hydration */
    setPlan(restored);
    if (review) setUntrusted(untrustedFrom("This link", review));
    setStep(at);
    // Steps before the one restored to were filled already: show their messages.
    setRevealed(new Set(steps.slice(0, steps.indexOf(at))));
    setReady(true);
    /* eslint-enable react-hooks/set-state-in-effect */
  }, []);

  // Mirror to the URL and localStorage (never keys: both go through planToSearchParams).
  const { linkProblem } = usePlanUrlState(plan, step, ready);
  useEffect(() => {
    if (!ready) return;
    // Never saved before the admin accepted what a link or file set (issue 15).
    if (plan && !untrusted) saveWizard({ plan, step });
    else if (!plan) clearWizard();
  }, [plan, step, ready, untrusted]);

  useEffect(() => {
    if (moved.current) headingRef.current?.focus({ preventScroll: false });
  }, [step]);

  const method = plan?.method;
  const validation = useMemo(() => (plan ? validatePlan(planForMethod(plan)) : null), [plan]);
  const issues = useMemo(() => (validation && !validation.ok ? validation.problems : []), [validation]);
  const issueByPath = useMemo(() => {
    const m = new Map<string, string>();
    for (const i of issues) if (!m.has(i.path)) m.set(i.path, i.message);
    return m;
  }, [issues]);
  const byStep = useMemo(() => (method ? issuesByStep(issues, method) : new Map()), [issues, method]);

  const isShown = useCallback(
    (path: string) => {
      if (!method) return false;
      if (revealed.has(stepOfPath(path, method)) || touched.has(path)) return true;
      if (path === "method") return touched.has("kubecost.chartLine");
      return false;
    },
    [method, revealed, touched],
  );
  const errorFor = useCallback((path: string) => (isShown(path) ? issueByPath.get(path) : undefined), [isShown, issueByPath]);

  const touch = useCallback((paths: string[]) => setTouched((t) => new Set([...t, ...paths])), []);
  const edit = useCallback(
    (path: string, next: PlanDraft) => {
      setPlan(next);
      touch([path]);
    },
    [touch],
  );

  const steps = stepsFor(method);
  // The heaviest steps load once the admin is one step from them (or a link opens on them).
  const near = (id: StepId) => step === id || steps[steps.indexOf(step) + 1] === id;
  const clustersCode = useOnDemand(loadClustersStep, near("clusters"));
  const outputCode = useOnDemand(loadOutputStep, near("output"));
  const go = (to: StepId) => {
    moved.current = true;
    setStep(to);
  };

  /** Moves on, or stays and shows this step's messages (focusing the first) when it has problems. */
  function next() {
    if (!plan || !method) return;
    const here = byStep.get(step) ?? [];
    if (here.length > 0) {
      revealAndFocus([step]);
      return;
    }
    const to = steps[steps.indexOf(step) + 1];
    if (to === "output" && issues.length > 0) {
      const first = steps.find((s) => (byStep.get(s) ?? []).length > 0)!;
      setRevealed(new Set(steps));
      go(first);
      return;
    }
    if (to) go(to);
  }

  function revealAndFocus(ids: StepId[]) {
    setRevealed((r) => new Set([...r, ...ids]));
    setTimeout(() => document.querySelector<HTMLElement>('#wizard-step [aria-invalid="true"]')?.focus(), 0);
  }

  function goTo(to: StepId) {
    if (to === "output" && issues.length > 0) {
      setRevealed(new Set(steps));
    }
    go(to);
  }

  function chooseMethod(m: Method, advance = false) {
    setPlan((p) => switchMethod(p, m));
    touch(["method"]);
    if (advance) go("kubecost");
  }

  /** An opened plan file replaces the draft; the mirror effect above then writes it (without
   * keys) to the URL and localStorage, as for any edit. */
  function openPlan(opened: FederationPlan) {
    const review = reviewUntrustedPlan(draftFromPlan(opened), loadWizard()?.plan);
    setPlan(review.plan);
    setUntrusted(untrustedFrom("The opened plan", review));
    setTouched(new Set());
    setRevealed(new Set(stepsFor(opened.method)));
    setConfirmReset(false);
    setFileProblem(null);
    go("output");
  }

  function decideUntrusted(accept: boolean) {
    if (!accept && untrusted) setPlan((p) => p && withoutSourceValues(p, untrusted.review.map((v) => v.path)));
    setUntrusted(null);
  }

  function reset() {
    setPlan(null);
    setUntrusted(null);
    setTouched(new Set());
    setRevealed(new Set());
    setConfirmReset(false);
    clearWizard();
    go("method");
  }

  const statuses: StepStatus[] = steps.map((id) => {
    const problems = id === "output" ? 0 : (byStep.get(id) ?? []).filter((i: { path: string }) => isShown(i.path)).length;
    return { id, problems, blocked: id === "output" && issues.length > 0, reachable: !!plan || id === "method" };
  });
  const stepIndex = steps.indexOf(step);
  const isLast = step === "output";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Setup wizard</h1>
        <div className="ml-auto flex min-h-9 flex-wrap items-center gap-2">
          {ready && <OpenPlanButton onOpen={openPlan} onProblem={setFileProblem} />}
          {plan && (
            <>
              {linkProblem ? (
                <p role="status" className="max-w-md text-sm text-slate-700 dark:text-slate-300">
                  {linkProblem}
                </p>
              ) : (
                <CopyButton text={() => window.location.href} label="Copy share link" size="md" />
              )}
              {confirmReset ? (
                <span className="inline-flex items-center gap-2">
                  <button type="button" className={buttonClass("danger")} onClick={reset}>
                    Clear everything
                  </button>
                  <button type="button" className={buttonClass("ghost")} onClick={() => setConfirmReset(false)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button type="button" className={buttonClass("secondary")} onClick={() => setConfirmReset(true)}>
                  Reset
                </button>
              )}
            </>
          )}
        </div>
      </div>
      <p className="max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Describe your federation; the wizard generates every command and file in the order to run them, checked against the chart version you
        choose. Everything runs in this browser tab. The page address holds the plan (without access keys), so the link reproduces it.
      </p>
      {fileProblem && <PlanFileAlert problem={fileProblem} onDismiss={() => setFileProblem(null)} />}
      {ready && untrusted && <UntrustedNotice {...untrusted} onAccept={() => decideUntrusted(true)} onDecline={() => decideUntrusted(false)} />}

      {!ready ? (
        <div className="min-h-[32rem]" aria-busy="true">
          <p className="text-sm text-slate-600 dark:text-slate-400">Loading the wizard…</p>
        </div>
      ) : (
        <div className="grid min-h-[32rem] grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
          <StepIndicator steps={statuses} current={step} onGo={goTo} />
          <div id="wizard-step" className="min-w-0 space-y-5">
            <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold">
              {stepIndex + 1}. {STEP_TITLES[step]}
            </h2>
            {step === "method" && <MethodStep method={method} onChoose={chooseMethod} />}
            {plan && step === "kubecost" && <KubecostStep plan={plan} edit={edit} errorFor={errorFor} />}
            {plan && step === "storage" && <StorageStep plan={plan} edit={edit} errorFor={errorFor} />}
            {plan && step === "amp" && <AmpStep plan={plan} edit={edit} errorFor={errorFor} />}
            {plan && step === "clusters" && (
              <StepOnDemand loaded={clustersCode}>{({ ClustersStep }) => <ClustersStep plan={plan} edit={edit} errorFor={errorFor} touchMany={touch} />}</StepOnDemand>
            )}
            {plan && step === "output" &&
              (untrusted ? (
                <p className="text-sm text-slate-700 dark:text-slate-300">The commands appear once you decide on the values above.</p>
              ) : validation?.ok ? (
                <StepOnDemand loaded={outputCode}>{({ OutputStep }) => <OutputStep plan={validation.value} />}</StepOnDemand>
              ) : (
                <BlockedOutput issues={issues} method={plan.method} onGo={(s) => goTo(s)} />
              ))}

            <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
              {stepIndex > 0 && (
                <button type="button" className={buttonClass("secondary")} onClick={() => go(steps[stepIndex - 1])}>
                  Back
                </button>
              )}
              {!isLast && (
                <button type="button" className={`${buttonClass("primary")} ml-auto`} onClick={next} disabled={!plan}>
                  {steps[stepIndex + 1] === "output" ? "Generate commands" : "Next"}
                </button>
              )}
              {!plan && <span className="text-sm text-slate-600 dark:text-slate-400">Choose a method to continue.</span>}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
