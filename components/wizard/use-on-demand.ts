"use client";

import { useEffect, useState } from "react";

// Code a page needs only on one path (the wizard's output step, the upgrade planner) is loaded by
// a dynamic import when the admin gets there, so it is not in the page's first load (issue 19:
// first-load JS per route within budget). One loader, one promise: every caller shares it, and a
// failed load can be tried again.

export type OnDemand<T> = { module: T; error?: undefined } | { module?: undefined; error?: string };

const loads = new Map<() => Promise<unknown>, Promise<unknown>>();
const loaded = new Map<() => Promise<unknown>, unknown>();

function start<T>(load: () => Promise<T>): Promise<T> {
  let p = loads.get(load) as Promise<T> | undefined;
  if (!p) {
    p = load().then(
      (m) => {
        loaded.set(load, m);
        return m;
      },
      (err: unknown) => {
        loads.delete(load); // the next ask tries again (a network blip, a new deploy)
        throw err;
      },
    );
    loads.set(load, p);
  }
  return p;
}

/** The module `load` imports, once `wanted` (undefined while it loads, `error` if it failed).
 * `load` must be a stable function (declared at module level). */
export function useOnDemand<T>(load: () => Promise<T>, wanted: boolean): OnDemand<T> {
  const [, setDone] = useState(0);
  const [error, setError] = useState<string>();
  const have = loaded.get(load) as T | undefined;
  useEffect(() => {
    if (!wanted || have !== undefined) return;
    let live = true;
    start(load).then(
      () => live && setDone((n) => n + 1),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [load, wanted, have]);
  if (have !== undefined) return { module: have };
  return { error: wanted ? error : undefined };
}
