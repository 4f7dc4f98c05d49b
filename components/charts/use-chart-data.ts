"use client";

import { useEffect, useState } from "react";
import { chartDataLoaded, kubecostChartRef, loadChartData } from "@/lib/charts/data";

/** Loads the key and type data of the Kubecost version in use (one version's JSON, fetched when
 * first needed) and says when it is there; true at once when no version is given or it is
 * already loaded. */
export function useKubecostChartData(version: string | undefined): boolean {
  const ref = version ? kubecostChartRef(version) : undefined;
  const [, setLoadedVersion] = useState<string | undefined>();
  const ready = !ref || chartDataLoaded(ref);
  useEffect(() => {
    if (!ref || ready) return;
    let live = true;
    loadChartData(ref).then(
      () => live && setLoadedVersion(ref.version),
      () => live && setLoadedVersion(undefined),
    );
    return () => {
      live = false;
    };
  }, [ref?.chart, ref?.version, ready]); // eslint-disable-line react-hooks/exhaustive-deps
  return ready;
}
