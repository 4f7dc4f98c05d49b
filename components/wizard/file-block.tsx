"use client";

import type { GeneratedFile } from "@/lib/generate";
import { CodeBlock } from "@/components/ui/code-block";
import { buttonClass } from "@/components/ui/styles";
import { downloadFile } from "./download";

/** Files longer than this are offered as a download, not printed: at 5,000 clusters preflight.sh
 * is 785 KB and clusters.tsv 347 KB, text nobody reads on a page that then takes seconds to scan
 * and scroll. One line per cluster is what makes them long, and a 150-cluster fleet's stay shown. */
export const LARGE_FILE_CHARS = 100_000;

/** A generated file as the output shows it: what it is for, its text (or, when long, its size)
 * and a download button. data-file names a file shown in full for the e2e comparison with the
 * CLI bundle; data-file-download one offered as a download only (compared through the zip). */
export function FileBlock({ file, why }: { file: GeneratedFile; why?: string }) {
  if (file.content.length > LARGE_FILE_CHARS) {
    return (
      <div data-file-download={file.path} className="space-y-1">
        <p className="text-sm text-slate-700 dark:text-slate-300">{file.description}</p>
        <p className="text-sm">
          {file.path} is {Math.round(file.content.length / 1000).toLocaleString("en-US")} KB ({why ?? "one line per cluster"}): download it
          or the zip. <DownloadButton file={file} />
        </p>
      </div>
    );
  }
  return (
    <div data-file={file.path} className="space-y-1">
      <p className="text-sm text-slate-700 dark:text-slate-300">{file.description}</p>
      <CodeBlock code={file.content} title={file.path} describe={`file ${file.path}`} actions={<DownloadButton file={file} />} />
    </div>
  );
}

export function DownloadButton({ file }: { file: GeneratedFile }) {
  return (
    <button type="button" className={buttonClass("secondary", "sm")} onClick={() => downloadFile(file)} aria-label={`Download ${file.path}`}>
      Download
    </button>
  );
}
