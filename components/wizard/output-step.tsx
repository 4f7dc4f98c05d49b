"use client";

import Link from "next/link";
import { useMemo } from "react";
import { buildBundle, generatePlan } from "@/lib/generate";
import type { FederationPlan } from "@/lib/plan/schema";
import { statusLinkQuery } from "@/lib/plan/url";
import { buttonClass } from "@/components/ui/styles";
import { downloadFile, downloadZip } from "./download";
import { groupSteps } from "@/lib/generate/output-groups";
import { StepCard } from "./step-card";

export function OutputStep({ plan }: { plan: FederationPlan }) {
  const result = useMemo(() => {
    try {
      const generated = generatePlan(plan);
      return { generated, bundle: buildBundle(plan), groups: groupSteps(generated.steps, plan.clusters) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }, [plan]);

  if ("error" in result) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        The steps could not be generated: {result.error}. Please report this with your plan (the share link holds it, without keys).
      </p>
    );
  }
  const { generated, bundle, groups } = result;
  const zipName = `kubecost-federation-${plan.method}.zip`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-900">
        <div className="min-w-0 flex-1">
          <p className="font-semibold">{generated.title}</p>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {generated.steps.length} steps · {bundle.length} files including STEPS.md and plan.yaml (the plan for Git, without access keys). Run the steps in order; per-cluster steps are grouped by cluster, primary first.
          </p>
        </div>
        <button type="button" className={buttonClass("primary")} onClick={() => downloadZip(zipName, bundle)} disabled={generated.steps.length === 0}>
          Download all (.zip)
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={() => downloadFile(bundle.find((f) => f.path === "STEPS.md")!)} disabled={generated.steps.length === 0}>
          Download STEPS.md
        </button>
        <Link href={{ pathname: "/status", query: statusLinkQuery(plan) }} className={buttonClass("secondary")}>
          Monitor this federation
        </Link>
      </div>

      {generated.steps.length === 0 && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
          No steps were generated for this method yet: its generator is still being written. Nothing here is safe to run.
        </p>
      )}

      {groups.map((g) =>
        g.kind === "step" ? (
          <StepCard key={g.item.step.id} step={g.item.step} number={g.item.number} level={3} />
        ) : (
          <section
            key={`${g.clusterId}-${g.items[0].number}`}
            aria-labelledby={`cluster-${g.clusterId}-${g.items[0].number}`}
            data-cluster={g.clusterId}
            className="rounded-lg border border-slate-200 p-4 dark:border-slate-700"
          >
            <h3 id={`cluster-${g.clusterId}-${g.items[0].number}`} className="text-base font-semibold">
              Cluster <span className="font-mono">{g.clusterId}</span>
              {g.primary && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-medium text-sky-900 dark:bg-sky-900 dark:text-sky-100">primary</span>}
            </h3>
            <div className="mt-2 space-y-4">
              {g.items.map((s) => (
                <StepCard key={s.step.id} step={s.step} number={s.number} level={4} />
              ))}
            </div>
          </section>
        ),
      )}
    </div>
  );
}
