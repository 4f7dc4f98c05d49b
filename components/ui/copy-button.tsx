"use client";

import { useEffect, useRef, useState } from "react";
import { copyText } from "./copy-text";
import { buttonClass } from "./styles";

type CopyState = "idle" | "copied" | "failed";

/** A copy button that reports the outcome in words (and to screen readers). */
export function CopyButton({
  text,
  label = "Copy",
  describe,
  onFailed,
  className = "",
  size = "sm",
}: {
  text: string | (() => string);
  label?: string;
  /** What is copied, for the accessible name: "Copy command 3". */
  describe?: string;
  onFailed?: () => void;
  className?: string;
  size?: "sm" | "md";
}) {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    const ok = await copyText(typeof text === "function" ? text() : text);
    setState(ok ? "copied" : "failed");
    if (!ok) onFailed?.();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), ok ? 2000 : 8000);
  }

  return (
    <span className={`inline-flex items-center gap-2 ${className}`}>
      <button type="button" onClick={copy} className={buttonClass("secondary", size)} aria-label={describe ? `${label} ${describe}` : undefined}>
        {label}
      </button>
      <span role="status" aria-live="polite" className={state === "failed" ? "text-xs text-red-700 dark:text-red-400" : "text-xs text-emerald-700 dark:text-emerald-400"}>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: the text is selected, press Ctrl+C (⌘C)" : ""}
      </span>
    </span>
  );
}
