"use client";

import { useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { usesAmp, usesSidecarHosts, type ClusterDraft } from "@/lib/plan/defaults";
import { Field, FieldMessage } from "@/components/ui/field";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { RegionSelect } from "./region-select";
import { ClusterImport } from "./cluster-import";
import type { StepFormProps } from "./form-types";

type Editable = "id" | "displayName" | "eksClusterName" | "region" | "kubeContext" | "sidecarHost";

export function ClustersStep({ plan, edit, errorFor, touchMany }: StepFormProps & { touchMany: (paths: string[]) => void }) {
  const [moreColumns, setMoreColumns] = useState(false);
  const [query, setQuery] = useState("");
  const [onlyProblems, setOnlyProblems] = useState(false);
  const clusters = plan.clusters;
  const amp = usesAmp(plan.method);
  const sidecars = usesSidecarHosts(plan.method);
  // A row without a region gets the plan's declared one, said with its value (the generator says
  // so in STEPS.md too): never an unnamed default.
  const regionDefault = plan.storage?.region ? `Same as the bucket (${plan.storage.region})` : plan.amp?.region ? `Same as the AMP workspace (${plan.amp.region})` : "Same as the bucket";
  const setClusters = (path: string, next: ClusterDraft[]) => edit(path, { ...plan, clusters: next });
  const setField = (i: number, key: Editable, value: string) =>
    setClusters(`clusters.${i}.${key}`, clusters.map((c, j) => (j === i ? { ...c, [key]: value || (key === "id" ? "" : undefined) } : c)));
  const big = clusters.length > VIRTUAL_FROM;
  // At fleet size the rows are virtualized and found by search; small plans keep the plain list.
  const rowProblem = (i: number) => ROW_FIELDS.some((f) => errorFor(`clusters.${i}.${f}`));
  const q = query.trim().toLowerCase();
  const shown = useMemo(
    () => clusters.flatMap((c, i) => ((!q || c.id.toLowerCase().includes(q) || (c.displayName ?? "").toLowerCase().includes(q)) && (!onlyProblems || rowProblem(i)) ? [i] : [])),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rowProblem reads errorFor, which changes with the plan
    [clusters, q, onlyProblems, errorFor],
  );

  function renderRow(i: number) {
    const c = clusters[i];
    return (
      <>
        <div className="grid items-start gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-[2rem_minmax(10rem,1fr)_minmax(10rem,1fr)_auto_auto]">
          <span className="hidden pt-8 text-sm text-slate-500 lg:block" aria-hidden="true">
            {i + 1}
          </span>
          <Field id={`cluster-${i}-id`} label={<RowLabel text="Cluster id" row={i} />} error={errorFor(`clusters.${i}.id`)}>
            {(p) => <input {...p} className={`${inputClass} font-mono`} value={c.id} spellCheck={false} autoComplete="off" onChange={(e) => setField(i, "id", e.target.value.trim())} />}
          </Field>
          <Field id={`cluster-${i}-name`} label={<RowLabel text="Display name (optional)" row={i} />} error={errorFor(`clusters.${i}.displayName`)}>
            {(p) => <input {...p} className={inputClass} value={c.displayName ?? ""} onChange={(e) => setField(i, "displayName", e.target.value)} />}
          </Field>
          <label className="flex items-center gap-2 text-sm sm:pt-8">
            <input
              type="radio"
              name="primary-cluster"
              className="size-4 accent-sky-700"
              checked={c.role === "primary"}
              aria-describedby={errorFor("clusters") ? "clusters-error" : undefined}
              onChange={() => setClusters("clusters", clusters.map((x, j) => ({ ...x, role: j === i ? "primary" : "agent" })))}
            />
            Primary<span className="sr-only"> (row {i + 1})</span>
          </label>
          <div className="sm:pt-7">
            <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setClusters("clusters", clusters.filter((_, j) => j !== i))}>
              Remove<span className="sr-only"> cluster in row {i + 1}</span>
            </button>
          </div>
        </div>
        {(amp || sidecars || moreColumns) && (
          <div className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:ml-12 lg:grid-cols-3">
            {(amp || moreColumns) && (
              <Field
                id={`cluster-${i}-eks`}
                label={<RowLabel text={amp ? "EKS cluster name (for eksctl)" : "EKS cluster name"} row={i} />}
                error={errorFor(`clusters.${i}.eksClusterName`)}
              >
                {(p) => <input {...p} className={inputClass} value={c.eksClusterName ?? ""} spellCheck={false} placeholder={c.id} onChange={(e) => setField(i, "eksClusterName", e.target.value.trim())} />}
              </Field>
            )}
            {sidecars && (
              <Field id={`cluster-${i}-sidecar`} label={<RowLabel text="Sidecar gRPC host" row={i} />} error={errorFor(`clusters.${i}.sidecarHost`)}>
                {(p) => (
                  <input
                    {...p}
                    className={inputClass}
                    value={c.sidecarHost ?? ""}
                    spellCheck={false}
                    placeholder={plan.thanosDomain ? `thanos-${c.id.toLowerCase()}.${plan.thanosDomain}` : "thanos-prod-1.example.com"}
                    onChange={(e) => setField(i, "sidecarHost", e.target.value.trim())}
                  />
                )}
              </Field>
            )}
            {moreColumns && (
              <>
                <Field id={`cluster-${i}-context`} label={<RowLabel text="Kube context" row={i} />} error={errorFor(`clusters.${i}.kubeContext`)}>
                  {(p) => <input {...p} className={inputClass} value={c.kubeContext ?? ""} spellCheck={false} onChange={(e) => setField(i, "kubeContext", e.target.value.trim())} />}
                </Field>
                <Field id={`cluster-${i}-region`} label={<RowLabel text="Cluster region" row={i} />} error={errorFor(`clusters.${i}.region`)}>
                  {(p) => <RegionSelect control={p} value={c.region ?? ""} allowEmpty={regionDefault} onChange={(v) => setField(i, "region", v)} />}
                </Field>
              </>
            )}
          </div>
        )}
            </>
);
  }

  return (
<div className="space-y-5">
  {sidecars && (
    <Field
      id="thanos-domain"
      label="Domain for sidecar hosts (optional)"
      hint="Each cluster's sidecar gRPC ingress becomes thanos-<cluster id>.<domain> unless you give a host per cluster."
      error={errorFor("thanosDomain")}
      className="md:max-w-md"
    >
      {(p) => <input {...p} className={inputClass} value={plan.thanosDomain ?? ""} spellCheck={false} placeholder="example.com" onChange={(e) => edit("thanosDomain", { ...plan, thanosDomain: e.target.value.trim() || undefined })} />}
    </Field>
  )}

  <ClusterImport
    clusters={clusters}
    onImport={(next) => {
      setClusters("clusters", next);
      touchMany(next.map((_, i) => `clusters.${i}.id`));
    }}
  />

  <section aria-labelledby="clusters-heading" className="space-y-3">
    <div className="flex flex-wrap items-center gap-3">
      <h3 id="clusters-heading" className="text-base font-semibold">
        Clusters <span className="font-normal text-slate-600 dark:text-slate-400">({clusters.length})</span>
      </h3>
      <label className="ml-auto flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4 accent-sky-700" checked={moreColumns} onChange={(e) => setMoreColumns(e.target.checked)} />
        Show kube context and region{amp ? "" : ", EKS name"}
      </label>
    </div>
    <p className="text-sm text-slate-700 dark:text-slate-300">
      The id becomes the cluster_id label and the bucket folder federated/&lt;id&gt;/: keep it unique and stable. The primary runs the query side.
    </p>
    <FieldMessage id="clusters-error" message={errorFor("clusters")} />
    {big && (
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor="cluster-search" className="text-sm font-medium">
          Find a cluster
        </label>
        <input id="cluster-search" type="search" className={`${inputClass} w-auto`} value={query} spellCheck={false} onChange={(e) => setQuery(e.target.value)} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-sky-700" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
          Only rows with problems
        </label>
        <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
          Showing {shown.length.toLocaleString("en-US")} of {clusters.length.toLocaleString("en-US")}
        </span>
      </div>
    )}
    {big ? (
      <VirtualRows indices={shown} estimate={amp || sidecars || moreColumns ? 170 : 100} render={(i) => renderRow(i)} />
    ) : (
      <ol className="space-y-2">
        {clusters.map((_, i) => (
          <li key={i} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
            {renderRow(i)}
          </li>
        ))}
      </ol>
    )}
    <button
      type="button"
      className={buttonClass("secondary")}
      onClick={() => {
        setClusters("clusters", [...clusters, { id: "", role: clusters.some((c) => c.role === "primary") ? "agent" : "primary" }]);
        // Keyboard users land in the new row's id field.
        setTimeout(() => document.getElementById(`cluster-${clusters.length}-id`)?.focus(), 0);
      }}
    >
      Add a cluster
    </button>
  </section>
</div>
  );
}

const VIRTUAL_FROM = 50;
const ROW_FIELDS = ["id", "displayName", "eksClusterName", "region", "kubeContext", "sidecarHost"];

/** Only the rows in view are in the page, so 5,000 clusters stay responsive. */
function VirtualRows({ indices, estimate, render }: { indices: number[]; estimate: number; render: (i: number) => React.ReactNode }) {
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions React Compiler cannot memoize; this component opts out
  const v = useVirtualizer({ count: indices.length, getScrollElement: () => parent.current, estimateSize: () => estimate, overscan: 4 });
  return (
<div ref={parent} className="h-[70vh] overflow-auto rounded-md border border-slate-200 dark:border-slate-700" data-virtual-clusters>
  <div role="list" aria-label="Clusters" className="relative w-full" style={{ height: v.getTotalSize() }}>
    {v.getVirtualItems().map((item) => (
      <div
        key={indices[item.index]}
        role="listitem"
        data-index={item.index}
        ref={v.measureElement}
        className="absolute left-0 top-0 w-full border-b border-slate-200 p-3 dark:border-slate-700"
        style={{ transform: `translateY(${item.start}px)` }}
      >
        {render(indices[item.index])}
      </div>
    ))}
  </div>
</div>
  );
}

/** "Cluster id" visibly; "Cluster id (row 3)" to screen readers and tests. */
function RowLabel({ text, row }: { text: string; row: number }) {
  return (
<>
  {text}
  <span className="sr-only"> (row {row + 1})</span>
</>
  );
}
