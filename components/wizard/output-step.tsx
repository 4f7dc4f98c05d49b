"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { buildBundle, generateOutput } from "@/lib/generate";
import type { FederationPlan } from "@/lib/plan/schema";
import { statusLinkOmitsClusters, statusLinkQuery } from "@/lib/plan/url";
import { buttonClass } from "@/components/ui/styles";
import { downloadFile, downloadZip } from "./download";
import { StepCard } from "./step-card";
import { ClusterFiles } from "./cluster-files";
import { InstallChoice, type InstallWay } from "./install-choice";
import { chartDataReady, useLoadChartData } from "@/components/charts/use-chart-data";

export function OutputStep({ plan }: { plan: FederationPlan }) {
  const [way, setWay] = useState<InstallWay>("scripts");
  const [zipping, setZipping] = useState(false);
  // Each values file's chart data arrives on demand; the bundle is built again with its schemas.
  const [chartData, setChartData] = useState(0);
  const result = useMemo(() => {
    try {
      const output = generateOutput(plan);
      return { output, bundle: buildBundle(plan, output) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }, [plan, chartData]); // eslint-disable-line react-hooks/exhaustive-deps
  useLoadChartData("error" in result ? [] : result.bundle, () => setChartData((n) => n + 1));

  if ("error" in result) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        The steps could not be generated: {result.error}. Please report this with your plan (the share link holds it, without keys).
      </p>
    );
  }
  const { output, bundle } = result;
  const { fleet, gitops } = output;
  const zipName = `kubecost-federation-${plan.method}.zip`;
  const primaryId = plan.clusters.find((c) => c.role === "primary")?.id;
  const n = plan.clusters.length;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-900">
        <div className="min-w-0 flex-1">
          <p className="font-semibold">{fleet.title}</p>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {fleet.steps.length} steps for {n.toLocaleString("en-US")} cluster{n === 1 ? "" : "s"} · {bundle.length.toLocaleString("en-US")} files including STEPS.md and plan.yaml (the plan for Git,
            without access keys). Run the steps in order; install.sh runs each cluster&apos;s part from clusters.tsv, primary first.
          </p>
        </div>
        <button
          type="button"
          className={buttonClass("primary")}
          disabled={fleet.steps.length === 0 || zipping || !chartDataReady(bundle)}
          onClick={() => {
            // A 5,000-cluster zip takes a moment: say so before the browser is busy.
            setZipping(true);
            setTimeout(() => {
              try {
                downloadZip(zipName, bundle);
              } finally {
                setZipping(false);
              }
            }, 0);
          }}
        >
          {zipping ? "Zipping…" : "Download all (.zip)"}
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={() => downloadFile(bundle.find((f) => f.path === "STEPS.md")!)} disabled={fleet.steps.length === 0}>
          Download STEPS.md
        </button>
        <Link href={{ pathname: "/status", query: statusLinkQuery(plan) }} className={buttonClass("secondary")}>
          Monitor this federation
        </Link>
        {statusLinkOmitsClusters(plan) && (
          <p className="w-full text-sm text-slate-700 dark:text-slate-300">
            The status link leaves out the list of expected clusters: {n.toLocaleString("en-US")} ids are too many for a link. The status page shows every cluster it finds; to flag missing
            ones, set FC_EXPECTED_CLUSTERS on the console (the first column of clusters.tsv).
          </p>
        )}
      </div>

      {fleet.steps.length === 0 && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
          No steps were generated for this method yet: its generator is still being written. Nothing here is safe to run.
        </p>
      )}

      <InstallChoice way={way} onChange={setWay} gitops={gitops} />

      {fleet.steps.map((step, i) => (
        <div key={step.id} className="space-y-3">
          <StepCard step={step} number={i + 1} level={3} />
          {step.stage && <ClusterFiles stage={step.stage} primaryId={primaryId} />}
        </div>
      ))}
    </div>
  );
}
