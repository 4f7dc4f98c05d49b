"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState } from "react";
import type { ClusterVerdict, Source, Verdict } from "@/lib/health/types";
import { allClusters, DEFAULT_QUERY, queryClusters, rowKey, type ClusterQuery, type ClusterSortKey } from "@/lib/status/cluster-table";
import type { StatusResponse } from "@/lib/status/service";
import { ClusterDetails } from "./cluster-details";
import { ClusterFilters } from "./cluster-filters";
import { ClusterTable } from "./cluster-table";
import { LastChecked } from "./last-checked";
import { SourceChecks } from "./source-checks";
import { SOURCE_LABELS } from "./format";
import { SummaryCounts } from "./summary-counts";
import { NeedsAction } from "./needs-action";
import { ClusterRollupTable } from "./cluster-rollup-table";

// The only piece of /status that fetches: it polls /api/status (the same service the API and
// metrics use) and hands plain data to presentational components.

const BASE_PATH = process.env.NEXT_PUBLIC_BASE_PATH ?? "";

class LinkError extends Error {}

async function fetchStatus(targets: string, fresh: boolean, signal: AbortSignal): Promise<StatusResponse> {
  const qs = new URLSearchParams(targets);
  if (fresh) qs.set("fresh", "1");
  // Before the first report exists, the API answers with the sources done so far.
  qs.set("partial", "1");
  const res = await fetch(`${BASE_PATH}/api/status${qs.size ? `?${qs}` : ""}`, { signal, cache: "no-store" });
  const body = await res.json().catch(() => null);
  // 200 and 503 carry a report (503: the server config is invalid, body.error says why).
  if ((res.ok || res.status === 503) && body && Array.isArray(body.sources)) return body as StatusResponse;
  // Any other error is the API's envelope: { error: { code, message } } (lib/api/errors.ts).
  const message: string | undefined = body?.error?.message;
  if (res.status === 422 || res.status === 403) throw new LinkError(message ?? `The server refused the link (${res.status})`);
  throw new Error(message ?? `The status API answered ${res.status}`);
}

export function StatusPageClient({ targets }: { targets: Record<string, string> }) {
  const targetQs = new URLSearchParams(targets).toString();
  const freshNext = useRef(false);
  const query = useQuery({
    queryKey: ["status", targetQs],
    queryFn: ({ signal }) => {
      const fresh = freshNext.current;
      freshNext.current = false;
      return fetchStatus(targetQs, fresh, signal);
    },
    // A partial report (some sources still probing) is completed a second later.
    refetchInterval: (q) => (q.state.data?.partial ? 1_000 : (q.state.data?.refreshSeconds ?? 60) * 1000),
    retry: (count, err) => !(err instanceof LinkError) && count < 1,
  });
  const [tableQuery, setTableQuery] = useState<ClusterQuery>(DEFAULT_QUERY);
  // The summary counts filter the one-row-per-cluster table by its rollup verdict.
  const [rollupVerdicts, setRollupVerdicts] = useState<Verdict[]>([]);
  const [openKey, setOpenKey] = useState<string | null>(null);

  const report = query.data;
  const clusters = useMemo(() => (report ? allClusters(report) : []), [report]);
  const rows = useMemo(() => queryClusters([...clusters], tableQuery), [clusters, tableQuery]);
  // Stable props, so typing in the per-source search does not re-render the cluster table.
  const reportSources = useMemo(() => (report?.sources ?? []).map((s) => s.source), [report]);
  const openSourceRow = useCallback((clusterId: string, source: Source) => setOpenKey(rowKey({ clusterId, source })), []);
  const rollupRows = useMemo(() => (report?.clusters ?? []).filter((c) => rollupVerdicts.length === 0 || rollupVerdicts.includes(c.verdict)), [report, rollupVerdicts]);
  // Look the open cluster up by key so an auto-refresh updates the panel instead of closing it.
  const open = openKey ? (clusters.find((c) => rowKey(c) === openKey) ?? null) : null;

  const refresh = () => {
    if (query.isFetching) return;
    freshNext.current = true;
    void query.refetch();
  };
  // A count filters the cluster table and brings it into view (it sits below the checks).
  const toggleVerdict = (v: Verdict) => {
    setRollupVerdicts((vs) => (vs.includes(v) ? vs.filter((x) => x !== v) : [...vs, v]));
    requestAnimationFrame(() => document.getElementById("clusters-heading")?.scrollIntoView({ block: "start" }));
  };
  const sortBy = (key: ClusterSortKey) =>
    setTableQuery((q) => ({ ...q, sort: key, descending: q.sort === key ? !q.descending : false }));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Federation status</h1>
          {report && <LastChecked at={report.generatedAt} />}
        </div>
        <div className="flex items-center gap-3">
          <div role="status" aria-live="polite" className="flex items-center gap-2 text-sm">
            {query.isFetching && (
              <>
                <progress aria-label="Probing" className="h-2 w-24 accent-sky-600" />
                <span>{report ? "Refreshing…" : "Probing the buckets…"}</span>
              </>
            )}
          </div>
          <button
            type="button"
            onClick={refresh}
            aria-disabled={query.isFetching}
            className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 aria-disabled:opacity-60 dark:bg-sky-700 dark:hover:bg-sky-600"
          >
            Refresh
          </button>
        </div>
      </div>

      {targetQs && (
        <p className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950/50">
          Showing the targets from your link ({Object.entries(targets).map(([k, v]) => `${k}=${v}`).join(", ")}).{" "}
          <Link href="/status" className="font-medium underline">
            Show the server&apos;s configured targets
          </Link>
        </p>
      )}

      {query.error && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm dark:border-red-800 dark:bg-red-950/50">
          <p className="font-semibold">{query.error instanceof LinkError ? "This link cannot be shown" : "Could not load the status"}</p>
          <p className="mt-1 whitespace-pre-line">{query.error.message}</p>
        </div>
      )}

      {report?.warnings?.map((w) => (
        <p key={w} role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/50">
          {w}
        </p>
      ))}

      {report?.error && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm dark:border-red-800 dark:bg-red-950/50">
          <p className="font-semibold">{report.error.title}</p>
          {report.error.problems?.length ? (
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {report.error.problems.map((p, i) => (
                <li key={i}>
                  {p.path && <code className="font-mono">{p.path}</code>} {p.message}. {p.fix}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 whitespace-pre-line">{report.error.message}</p>
          )}
        </div>
      )}

      {!report && query.isPending && (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm dark:border-slate-700">
          Reading the buckets and the AMP workspace…
        </p>
      )}

      {report?.pendingSources?.length ? (
        <p role="status" className="rounded-md border border-dashed border-slate-300 p-3 text-sm dark:border-slate-700" data-testid="pending-sources">
          Still probing: {report.pendingSources.map((s) => SOURCE_LABELS[s]).join(", ")}… ({report.summary.checking} cluster{report.summary.checking === 1 ? "" : "s"} checking until
          then)
        </p>
      ) : null}

      {report && !report.error && !report.partial && report.sources.length === 0 && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950/50">
          Nothing to probe for this selection: the server has no target for the chosen method. Add the bucket to the link
          (etlBucket=… or thanosBucket=…) or remove method=….
        </p>
      )}

      {report && !report.error && (
        <>
          <NeedsAction clusters={report.clusters} />
          <SummaryCounts summary={report.summary} active={rollupVerdicts} onToggle={toggleVerdict} />
          <section aria-labelledby="checks-heading" className="space-y-3">
            <h2 id="checks-heading" className="text-lg font-semibold">
              Checks
            </h2>
            <div className="grid grid-cols-1 gap-3 lg:grid-cols-3">
              {report.sources.map((s) => (
                <SourceChecks key={s.source} report={s} />
              ))}
            </div>
          </section>
          <section aria-labelledby="clusters-heading" className="scroll-mt-4 space-y-3" data-testid="cluster-rollup">
            <h2 id="clusters-heading" className="scroll-mt-4 text-lg font-semibold">
              Clusters
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite" data-testid="rollup-shown">
              {rollupVerdicts.length ? `Showing ${rollupRows.length} ${rollupVerdicts.join(" or ")} of ${report.clusters.length} clusters` : `All ${report.clusters.length} clusters`}
              {rollupVerdicts.length > 0 && (
                <>
                  {" "}
                  <button type="button" onClick={() => setRollupVerdicts([])} className="font-medium text-sky-800 underline dark:text-sky-300">
                    Show all
                  </button>
                </>
              )}
            </p>
            <ClusterRollupTable rows={rollupRows} sources={reportSources} onOpen={openSourceRow} />
          </section>
          <section aria-labelledby="source-rows-heading" className="space-y-3">
            <h2 id="source-rows-heading" className="text-lg font-semibold">
              Details per bucket and workspace
            </h2>
            <ClusterFilters
              query={tableQuery}
              sources={report.sources.map((s) => s.source)}
              onChange={setTableQuery}
              shown={rows.length}
              total={clusters.length}
            />
            <ClusterTable rows={rows} query={tableQuery} onSort={sortBy} onOpen={(c: ClusterVerdict) => setOpenKey(rowKey(c))} />
          </section>
        </>
      )}
      <ClusterDetails cluster={open} onClose={() => setOpenKey(null)} />
    </div>
  );
}
