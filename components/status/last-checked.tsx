"use client";

import { useEffect, useState } from "react";
import { formatAge, formatTime } from "./format";

/** "Last checked 12:03:04 (8 s ago)". Ticks on its own so the table does not re-render each second. */
export function LastChecked({ at }: { at: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const id = setInterval(tick, 5_000);
    return () => clearInterval(id);
  }, [at]);
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400">
      Last checked{" "}
      <time dateTime={at} data-testid="last-checked" className="font-medium text-slate-900 dark:text-slate-100">
        {formatTime(at)}
      </time>
      {now !== null && ` (${formatAge((now - Date.parse(at)) / 1000)} ago)`}
    </p>
  );
}
