"use client";

import { useRef, type ReactNode } from "react";
import { CopyButton } from "./copy-button";
import { selectText } from "./copy-text";

/** A command or file, shown exactly as it will be copied or downloaded. */
export function CodeBlock({
  code,
  title,
  describe,
  actions,
  maxHeight = true,
}: {
  code: string;
  /** Shown above the code: a file path, or "Command". */
  title: ReactNode;
  /** Accessible name of the code region and the copy button target, e.g. "file values.yaml". */
  describe: string;
  actions?: ReactNode;
  maxHeight?: boolean;
}) {
  const codeRef = useRef<HTMLElement>(null);
  return (
    <figure className="overflow-hidden rounded-md border border-slate-200 dark:border-slate-700">
      <figcaption className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs dark:border-slate-700 dark:bg-slate-900">
        <span className="min-w-0 flex-1 truncate font-mono text-slate-700 dark:text-slate-300">{title}</span>
        {actions}
        <CopyButton text={code} describe={describe} onFailed={() => codeRef.current && selectText(codeRef.current)} />
      </figcaption>
      <pre
        tabIndex={0}
        aria-label={describe}
        className={`overflow-auto bg-white p-3 text-[13px] leading-relaxed text-slate-900 dark:bg-slate-950 dark:text-slate-100 ${maxHeight ? "max-h-96" : ""}`}
      >
        <code ref={codeRef} data-code className="font-mono">
          {code}
        </code>
      </pre>
    </figure>
  );
}
