"use client";

import type { RefusedValue, SourceValue } from "@/lib/plan/untrusted";
import { buttonClass } from "@/components/ui/styles";

/** Values a link or an opened plan set that change where code, images or data come from
 * (lib/plan/untrusted.ts): the output waits until the admin accepts or declines them. */
export function UntrustedNotice({ from, review, refused, onAccept, onDecline }: { from: string; review: SourceValue[]; refused: RefusedValue[]; onAccept: () => void; onDecline: () => void }) {
  return (
    <section
      role="alert"
      aria-labelledby="untrusted-heading"
      className="space-y-3 rounded-md border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-50"
    >
      <h2 id="untrusted-heading" className="font-semibold">
        {from} changes where code, images or data come from
      </h2>
      {review.length > 0 && (
        <>
          <p>Check each value before you use it: whoever wrote the {from.toLowerCase()} chose them. Nothing is generated or saved in this browser until you decide.</p>
          <ul className="space-y-2" aria-label="Values to check">
            {review.map((v) => (
              <li key={v.path} data-path={v.path}>
                <span className="font-medium">{v.label}:</span> <code className="break-all rounded bg-amber-100 px-1 dark:bg-amber-900">{v.value}</code>
                <span className="block text-amber-900 dark:text-amber-200">{v.effect}.</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {refused.length > 0 && (
        <ul className="space-y-2" aria-label="Values not taken">
          {refused.map((v) => (
            <li key={v.path} data-path={v.path}>
              <span className="font-medium">{v.label} not taken:</span> <code className="break-all rounded bg-amber-100 px-1 dark:bg-amber-900">{v.value}</code>
              <span className="block text-amber-900 dark:text-amber-200">{v.reason}.</span>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        {review.length > 0 ? (
          <>
            <button type="button" className={buttonClass("primary")} onClick={onAccept}>
              Use these values
            </button>
            <button type="button" className={buttonClass("secondary")} onClick={onDecline}>
              Use the defaults instead
            </button>
          </>
        ) : (
          <button type="button" className={buttonClass("secondary")} onClick={onAccept}>
            Understood
          </button>
        )}
      </div>
    </section>
  );
}
