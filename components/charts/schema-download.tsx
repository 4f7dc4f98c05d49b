"use client";

import { useState } from "react";
import { kubecostChartRef, loadChartData } from "@/lib/charts/data";
import { valuesSchema, valuesSchemaName } from "@/lib/charts/schema";
import { downloadBlob } from "@/components/wizard/download";
import { buttonClass } from "@/components/ui/styles";

/** The JSON Schema of the target version's values (the one the generated bundle carries), for
 * the admin's editor: built in the tab from that version's data, fetched when asked. */
export function SchemaDownload({ version }: { version: string }) {
  const [error, setError] = useState<string | null>(null);
  const ref = kubecostChartRef(version);
  if (!ref) return null;
  async function download() {
    try {
      await loadChartData(ref!);
      downloadBlob(valuesSchemaName(ref!), new Blob([`${JSON.stringify(valuesSchema(ref!), null, 1)}\n`], { type: "application/json" }));
      setError(null);
    } catch (err) {
      setError(`The schema could not be built: ${(err as Error).message}`);
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <button type="button" className={buttonClass("secondary", "sm")} onClick={() => void download()}>
        Download the values schema for {ref.chart} {version}
      </button>
      <span className="text-slate-700 dark:text-slate-300">
        Put <code>{`# yaml-language-server: $schema=${valuesSchemaName(ref)}`}</code> at the top of your values file: VS Code flags refused keys and wrong types as you edit.
      </span>
      {error && (
        <p role="alert" className="text-red-800 dark:text-red-200">
          {error}
        </p>
      )}
    </div>
  );
}
