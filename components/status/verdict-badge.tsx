import type { CheckResult, Verdict } from "@/lib/health/types";

// Color plus a symbol plus the word: the verdict never rests on color alone (WCAG 1.4.1).
const VERDICT_STYLE: Record<Verdict, { symbol: string; className: string }> = {
  healthy: { symbol: "✓", className: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-900/40 dark:text-emerald-200" },
  lagging: { symbol: "◔", className: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-900/40 dark:text-amber-200" },
  stale: { symbol: "■", className: "bg-orange-100 text-orange-900 ring-orange-600/30 dark:bg-orange-900/40 dark:text-orange-200" },
  missing: { symbol: "?", className: "bg-rose-100 text-rose-900 ring-rose-600/30 dark:bg-rose-900/40 dark:text-rose-200" },
  unexpected: { symbol: "+", className: "bg-violet-100 text-violet-900 ring-violet-600/30 dark:bg-violet-900/40 dark:text-violet-200" },
  error: { symbol: "✕", className: "bg-red-200 text-red-950 ring-red-700/40 dark:bg-red-900/60 dark:text-red-100" },
  checking: { symbol: "…", className: "bg-slate-100 text-slate-800 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-200" },
};

const CHECK_STYLE: Record<CheckResult["status"], { symbol: string; label: string; className: string }> = {
  ok: { symbol: "✓", label: "OK", className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200" },
  warn: { symbol: "!", label: "Warning", className: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200" },
  fail: { symbol: "✕", label: "Failed", className: "bg-red-200 text-red-950 dark:bg-red-900/60 dark:text-red-100" },
};

const base = "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const s = VERDICT_STYLE[verdict];
  return (
    <span className={`${base} ${s.className}`}>
      <span aria-hidden="true">{s.symbol}</span>
      {verdict}
    </span>
  );
}

export function CheckStatusBadge({ status }: { status: CheckResult["status"] }) {
  const s = CHECK_STYLE[status];
  return (
    <span className={`${base} ring-transparent ${s.className}`}>
      <span aria-hidden="true">{s.symbol}</span>
      {s.label}
    </span>
  );
}
