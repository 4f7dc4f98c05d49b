"use client";

import Link from "next/link";
import dynamic from "next/dynamic";
import { useMemo, useState } from "react";
import type { FederationPlan } from "@/lib/plan/schema";
import { kubecostLine, type ChartLine } from "@/lib/plan/kubecost-lines";
import { upgradePathProblem, upgradeRequest, upgradeTargetSchema, upgradeTargets } from "@/lib/plan/upgrade";
import { planForMethod } from "@/lib/plan/defaults";
import { validatePlan } from "@/lib/plan/validate";
import { loadWizard } from "@/lib/plan/browser-storage";
import { statusLinkQuery } from "@/lib/plan/url";
import { buttonClass } from "@/components/ui/styles";
import { OpenPlanButton, PlanFileAlert, type PlanFileProblem } from "./open-plan";
import { StepCard } from "./step-card";
import { downloadFile, downloadZip } from "./download";
import { chartDataReady, useKubecostChartData, useLoadChartData } from "@/components/charts/use-chart-data";
import { useUpgradePlanner, type UpgradePlanner } from "./use-upgrade-planner";

// /upgrade: today's plan (an opened plan.yaml, or the setup wizard's plan in this browser) and the
// line to move to; the ordered migration from lib/generate/upgrade, generated in the tab.

// Each phase's per-cluster scripts (a virtualized list of clusters): loaded once a phase shows.
const ClusterFiles = dynamic(() => import("./cluster-files").then((m) => m.ClusterFiles), { loading: () => <p className="text-sm">Loading each cluster&apos;s files…</p> });

type UpgradeResult =
  | { ok: false; error: string }
  | { ok: true; generated: ReturnType<UpgradePlanner["generateUpgrade"]>; bundle: ReturnType<UpgradePlanner["buildUpgradeBundle"]>; target: FederationPlan };

export function UpgradeClient() {
  const [from, setFrom] = useState<FederationPlan | null>(null);
  const [to, setTo] = useState<ChartLine | null>(null);
  const [problem, setProblem] = useState<PlanFileProblem | null>(null);
  const [noSaved, setNoSaved] = useState(false);

  /** An upgrade file's `upgradeTo` picks the target; otherwise the newest line the setup can reach. */
  function use(plan: FederationPlan, parsed?: unknown) {
    const asked = upgradeTargetSchema.safeParse((parsed as { upgradeTo?: unknown } | null)?.upgradeTo);
    const targets = upgradeTargets(plan);
    setFrom(plan);
    setProblem(null);
    setNoSaved(false);
    setTo(asked.success && targets.includes(asked.data.chartLine) ? asked.data.chartLine : (targets.at(-1) ?? null));
  }

  function useWizardPlan() {
    const saved = loadWizard();
    const r = saved ? validatePlan(planForMethod(saved.plan)) : null;
    if (r?.ok) use(r.value);
    else setNoSaved(true);
  }

  // The target version's key/type data arrives on demand (the migration notes which keys it refuses).
  const dataReady = useKubecostChartData(to ? kubecostLine(to).verified : undefined);
  const [chartData, setChartData] = useState(0);
  // The planner itself loads once a plan is open (use-upgrade-planner.ts).
  const { module: planner, error: plannerError } = useUpgradePlanner(!!from);
  const result = useMemo((): UpgradeResult | null => {
    if (plannerError) return { ok: false, error: `The upgrade planner could not be loaded (${plannerError}). Reload the page and open the plan again.` };
    if (!from || !to || !dataReady || !planner) return null;
    const r = upgradeRequest(from, { chartLine: to });
    if (!r.ok) return { ok: false, error: r.problems[0].message };
    // Phases, not per-cluster steps: each run of per-cluster work is one install.sh stage.
    const generated = planner.generateUpgrade(r.value);
    return { ok: true, generated, bundle: planner.buildUpgradeBundle(r.value, generated), target: planner.planOnLine(from, to, r.value.to.chartVersion) };
  }, [from, to, dataReady, planner, plannerError, chartData]); // eslint-disable-line react-hooks/exhaustive-deps
  // Every version the values files target (the 2.9 bridge too): the zip then carries their schemas, as the CLI writes it.
  useLoadChartData(result?.ok ? result.bundle : [], () => setChartData((n) => n + 1));

  const targets = from ? upgradeTargets(from) : [];
  return (
    // break-words is inherited: long key paths and URLs in step notes wrap instead of widening a phone's page.
    <div className="min-w-0 space-y-6 break-words">
      <h1 className="text-2xl font-semibold">Upgrade plan</h1>
      <p className="max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Start from the setup you run today: open its plan.yaml (from a download or Git), or take the plan from the setup wizard in this browser. Choose
        the line to move to; the steps come in the order to run them, each with the check that it worked. Everything runs in this tab.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <OpenPlanButton onOpen={use} onProblem={setProblem} />
        <button type="button" className={buttonClass("secondary")} onClick={useWizardPlan}>
          Use the setup wizard&apos;s plan
        </button>
      </div>
      {problem && <PlanFileAlert problem={problem} onDismiss={() => setProblem(null)} />}
      {noSaved && (
        <p role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-50">
          This browser holds no complete plan from the setup wizard: <Link className="underline" href="/setup">finish it there</Link>, or open a plan.yaml.
        </p>
      )}
      {from && (
        <section aria-labelledby="upgrade-from" className="min-w-0 space-y-3">
          <h2 id="upgrade-from" className="text-xl font-semibold break-words">
            Today: {from.method} on Kubecost {from.kubecost.chartVersion}, {from.clusters.length} cluster{from.clusters.length === 1 ? "" : "s"}
          </h2>
          {targets.length === 0 ? (
            <p role="alert" className="text-sm">{upgradePathProblem(from, "3.x")}</p>
          ) : (
            <fieldset>
              <legend className="mb-2 text-sm font-medium">Move to</legend>
              <div className="flex flex-wrap gap-3">
                {targets.map((t) => (
                  <label key={t} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 dark:border-slate-700 dark:has-[:checked]:bg-sky-950/40">
                    <input type="radio" name="upgrade-target" checked={to === t} onChange={() => setTo(t)} className="accent-sky-700" />
                    {kubecostLine(t).label} ({kubecostLine(t).verified})
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </section>
      )}
      {result && !result.ok && <p role="alert" className="text-sm text-red-800 dark:text-red-200">{result.error}</p>}
      {result?.ok && (
        <section aria-labelledby="upgrade-steps" className="min-w-0 space-y-4">
          <div className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-900">
            <h2 id="upgrade-steps" className="min-w-0 flex-1 font-semibold">
              {result.generated.title}
            </h2>
            <button type="button" className={buttonClass("primary")} disabled={!chartDataReady(result.bundle)} onClick={() => downloadZip(`kubecost-${result.generated.method}.zip`, result.bundle)}>
              Download all (.zip)
            </button>
            <button type="button" className={buttonClass("secondary")} onClick={() => downloadFile(result.bundle.find((f) => f.path === "STEPS.md")!)}>
              Download STEPS.md
            </button>
            <Link href={{ pathname: "/status", query: statusLinkQuery(result.target) }} className={buttonClass("secondary")}>
              Watch the move on the status page
            </Link>
          </div>
          {result.generated.steps.map((s, i) => (
            <div key={s.id} className="space-y-3">
              <StepCard step={s} number={i + 1} level={3} />
              {s.stage && <ClusterFiles stage={s.stage} primaryId={result.target.clusters.find((c) => c.role === "primary")?.id} />}
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
