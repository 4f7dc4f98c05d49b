import { VERDICTS, type Source, type Verdict } from "@/lib/health/types";
import type { ClusterQuery } from "@/lib/status/cluster-table";
import { SOURCE_LABELS } from "./format";

const field =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

/** Search by id, filter by verdict and source. Controlled: the page owns the query. */
export function ClusterFilters({
  query,
  sources,
  onChange,
  shown,
  total,
}: {
  query: ClusterQuery;
  sources: Source[];
  onChange: (q: ClusterQuery) => void;
  shown: number;
  total: number;
}) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-sm">
        <span>Search cluster id</span>
        <input
          type="search"
          value={query.search}
          onChange={(e) => onChange({ ...query, search: e.target.value })}
          placeholder="e.g. prod-"
          className={`${field} w-56`}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span>Verdict</span>
        <select
          value={query.verdicts.length === 1 ? query.verdicts[0] : query.verdicts.length ? "several" : ""}
          onChange={(e) => onChange({ ...query, verdicts: e.target.value && e.target.value !== "several" ? [e.target.value as Verdict] : [] })}
          className={field}
        >
          <option value="">All verdicts</option>
          {query.verdicts.length > 1 && <option value="several">{query.verdicts.join(", ")}</option>}
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span>Source</span>
        <select
          value={query.sources[0] ?? ""}
          onChange={(e) => onChange({ ...query, sources: e.target.value ? [e.target.value as Source] : [] })}
          className={field}
        >
          <option value="">All sources</option>
          {sources.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <p className="pb-1.5 text-sm text-slate-600 dark:text-slate-400" aria-live="polite" data-testid="rows-shown">
        Showing {shown} of {total} source rows
      </p>
    </div>
  );
}
