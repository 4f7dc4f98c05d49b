"use client";

import { useMemo, useState } from "react";
import { IMPORT_FORMAT_LABELS, clustersWithoutRegion, detectFormat, importClusters, mergeImported, withRegion, type ImportFormat } from "@/lib/plan/cluster-import";
import { isAwsRegion } from "@/lib/plan/aws";
import type { ClusterDraft } from "@/lib/plan/defaults";
import { buttonClass, inputClass } from "@/components/ui/styles";

const FORMATS = Object.keys(IMPORT_FORMAT_LABELS) as ImportFormat[];
const LARGE_PASTE = 10_000;

/** Paste or open a file: a list of ids, a CSV, `aws eks list-clusters` JSON or
 * `kubectl config get-contexts -o name`. A bad row shows its line and adds nothing. */
export function ClusterImport({ clusters, onImport }: { clusters: ClusterDraft[]; onImport: (next: ClusterDraft[]) => void }) {
  const [text, setText] = useState("");
  const [format, setFormat] = useState<ImportFormat | "auto">("auto");
  const [errors, setErrors] = useState<string[]>([]);
  const [fileName, setFileName] = useState<string>();
  const chosen = format === "auto" ? detectFormat(text) : format;
  const preview = useMemo(() => (text.trim() ? importClusters(text, chosen) : null), [text, chosen]);
  const count = preview?.ok ? preview.value.clusters.length : 0;
  // Nothing pasted said where these run (aws eks list-clusters names no region): asked, never defaulted.
  const unplaced = preview?.ok ? clustersWithoutRegion(preview.value.clusters) : [];
  const [region, setRegion] = useState("");

  function add() {
    if (!preview) return;
    if (!preview.ok) {
      setErrors(preview.problems.map((p) => p.message));
      return;
    }
    if (unplaced.length && !isAwsRegion(region.trim())) {
      setErrors([`${unplaced.length} cluster${unplaced.length === 1 ? " has" : "s have"} no region in what was pasted (${unplaced.slice(0, 5).join(", ")}${unplaced.length > 5 ? ", ..." : ""}): type their AWS region (for example us-east-1), or paste aws eks describe-cluster output, a CSV with a region column or context names that carry it`]);
      return;
    }
    const merged = mergeImported(clusters, unplaced.length ? withRegion(preview.value.clusters, region.trim()) : preview.value.clusters);
    if (!merged.ok) {
      setErrors(merged.problems.map((p) => p.message));
      return;
    }
    setErrors([]);
    setText("");
    setRegion("");
    setFileName(undefined);
    onImport(merged.value);
  }

  return (
    <section aria-labelledby="paste-heading" className="rounded-md border border-slate-200 p-4 dark:border-slate-700">
      <h3 id="paste-heading" className="text-base font-semibold">
        Add many at once
      </h3>
      <label htmlFor="paste-clusters" className="mt-1 block text-sm text-slate-700 dark:text-slate-300">
        Paste cluster ids (one per line, or separated by commas or spaces), a CSV with a header row, the JSON of <code>aws eks list-clusters</code> or the
        output of <code>kubectl config get-contexts -o name</code>. The first becomes the primary if none is marked.
      </label>
      <textarea
        id="paste-clusters"
        rows={3}
        className={`${inputClass} mt-2 font-mono`}
        value={text}
        spellCheck={false}
        aria-describedby={errors.length ? "import-errors" : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setErrors([]);
        }}
        onPaste={(e) => {
          // Chromium inserts a pasted 5,000-line text into a textarea line by line (about a minute);
          // setting the value at once takes milliseconds.
          const pasted = e.clipboardData.getData("text");
          if (pasted.length < LARGE_PASTE) return;
          e.preventDefault();
          const el = e.currentTarget;
          setText(el.value.slice(0, el.selectionStart) + pasted + el.value.slice(el.selectionEnd));
          setErrors([]);
        }}
      />
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <label className="text-sm">
          <span className="mr-2">Format</span>
          <select className={`${inputClass} inline-block w-auto`} value={format} onChange={(e) => setFormat(e.target.value as ImportFormat | "auto")}>
            <option value="auto">Detect{text.trim() ? ` (${IMPORT_FORMAT_LABELS[detectFormat(text)].split(" (")[0]})` : ""}</option>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {IMPORT_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mr-2">Or open a file</span>
          <input
            type="file"
            accept=".csv,.json,.txt,text/plain,text/csv,application/json"
            className="text-sm"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setFileName(file.name);
              setText(await file.text());
              setErrors([]);
              e.target.value = "";
            }}
          />
        </label>
        {fileName && <span className="text-sm text-slate-600 dark:text-slate-400">Read {fileName}</span>}
      </div>
      {unplaced.length > 0 && (
        <label className="mt-2 block text-sm">
          <span className="mr-2">
            Region of the {unplaced.length} cluster{unplaced.length === 1 ? "" : "s"} the paste does not place
          </span>
          <input className={`${inputClass} inline-block w-40`} value={region} placeholder="us-east-1" onChange={(e) => setRegion(e.target.value)} aria-label="Region for the pasted clusters without one" />
        </label>
      )}
      <button type="button" className={`${buttonClass("secondary")} mt-2`} onClick={add} disabled={!preview}>
        {count > 0 ? `Add ${count} cluster${count === 1 ? "" : "s"}` : "Add pasted clusters"}
      </button>
      {errors.length > 0 && (
        <div id="import-errors" role="alert" className="mt-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="font-medium">Nothing was added:</p>
          <ul className="mt-1 list-disc pl-5">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
