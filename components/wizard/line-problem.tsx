"use client";

import { METHOD_LABELS, type ChartLine, type Method } from "@/lib/plan/schema";
import { linesForMethod, methodLineProblem } from "@/lib/plan/kubecost-lines";
import { buttonClass } from "@/components/ui/styles";

/** On the chart step, under the line's message (lib/plan's methodLineProblem, shown on the
 * field): one button per line that runs the method. Nothing changes until the admin clicks. */
export function LineProblem({ method, line, onSwitch }: { method: Method; line: ChartLine; onSwitch: (to: ChartLine) => void }) {
  if (!methodLineProblem(method, line)) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 md:col-span-2 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-50">
      <span>{METHOD_LABELS[method]} runs on:</span>
      {linesForMethod(method).map((l) => (
        <button key={l.id} type="button" className={buttonClass("primary", "sm")} onClick={() => onSwitch(l.id)}>
          Switch to {l.label}
        </button>
      ))}
    </div>
  );
}
