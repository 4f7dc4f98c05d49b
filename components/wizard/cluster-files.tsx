"use client";

import { useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { FleetStage } from "@/lib/generate/fleet";
import { inputClass } from "@/components/ui/styles";
import { FileBlock } from "./file-block";

/** A stage's per-cluster files (its step scripts and values): a searchable, virtualized list of
 * clusters, primary first, and the chosen cluster's files as install.sh runs them. */
export function ClusterFiles({ stage, primaryId }: { stage: FleetStage; primaryId?: string }) {
  const ids = useMemo(() => [...stage.clusterFiles.keys()], [stage]);
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(ids[0]);
  const q = query.trim().toLowerCase();
  const found = useMemo(() => (q ? ids.filter((id) => id.toLowerCase().includes(q)) : ids), [ids, q]);
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in render by design
  const v = useVirtualizer({ count: found.length, getScrollElement: () => parent.current, estimateSize: () => 32, overscan: 8 });
  const files = stage.clusterFiles.get(selected) ?? [];
  const searchId = `cluster-files-search-${stage.number}`;

  return (
    <section aria-labelledby={`cluster-files-${stage.number}`} data-cluster-files={stage.number} className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <h4 id={`cluster-files-${stage.number}`} className="text-sm font-semibold">
        Each cluster&apos;s files for this step ({ids.length.toLocaleString("en-US")} clusters)
      </h4>
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={searchId} className="text-sm">
          Find a cluster
        </label>
        <input id={searchId} type="search" className={`${inputClass} w-auto font-mono`} value={query} spellCheck={false} onChange={(e) => setQuery(e.target.value)} />
        <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {found.length.toLocaleString("en-US")} match{found.length === 1 ? "" : "es"}
        </span>
      </div>
      <div className="grid gap-3 md:grid-cols-[14rem_1fr]">
        <div ref={parent} className="h-64 overflow-auto rounded border border-slate-200 dark:border-slate-700">
          <div role="list" aria-label={`Clusters in step ${stage.number}`} className="relative w-full" style={{ height: v.getTotalSize() }}>
            {v.getVirtualItems().map((item) => {
              const id = found[item.index];
              return (
                <div key={id} role="listitem" className="absolute left-0 top-0 w-full" style={{ height: item.size, transform: `translateY(${item.start}px)` }}>
                  <button
                    type="button"
                    aria-pressed={id === selected}
                    className={`w-full truncate px-2 py-1 text-left font-mono text-sm ${id === selected ? "bg-sky-100 text-sky-950 dark:bg-sky-900 dark:text-sky-50" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
                    onClick={() => setSelected(id)}
                  >
                    {id}
                    {id === primaryId && <span className="ml-1 text-xs">(primary)</span>}
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div data-cluster={selected} className="min-w-0 space-y-3">
          <p className="text-sm">
            Files for <span className="font-mono">{selected}</span>: run them with <code className="font-mono">bash install.sh {selected} --stage {stage.number}</code>
          </p>
          {files.map((f) => (
            <FileBlock key={f.path} file={f} />
          ))}
        </div>
      </div>
    </section>
  );
}
