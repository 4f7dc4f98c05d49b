"use client";

import type { GeneratedFile } from "@/lib/generate";
import { CodeBlock } from "@/components/ui/code-block";
import { buttonClass } from "@/components/ui/styles";
import { downloadFile } from "./download";

/** A generated file as the output shows it: what it is for, its text and a download button.
 * data-file names it for the e2e comparison with the CLI bundle. */
export function FileBlock({ file }: { file: GeneratedFile }) {
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
