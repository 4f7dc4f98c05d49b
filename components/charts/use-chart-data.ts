"use client";

import { useEffect, useState } from "react";
import { chartDataLoaded, kubecostChartRef, loadChartData, type ChartRef } from "@/lib/charts/data";

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

const loadedOrUnknown = (r: ChartRef) => {
  try {
    return chartDataLoaded(r);
  } catch {
    return true; // no data for it: nothing to wait for
  }
};

/** Whether every chart version the files target has its data (the bundle then carries their
 * schemas, exactly as the CLI writes it). */
export const chartDataReady = (files: readonly { chartValues?: ChartRef }[]) => files.every((f) => !f.chartValues || loadedOrUnknown(f.chartValues));

/** Loads the key/type data of every chart version the files target (values files carry
 * `chartValues`), then calls `onLoaded` once, so a bundle built again includes their schemas. */
export function useLoadChartData(files: readonly { chartValues?: ChartRef }[], onLoaded: () => void): void {
  const missing = [...new Map(files.flatMap((f) => (f.chartValues && !loadedOrUnknown(f.chartValues) ? [[`${f.chartValues.chart}@${f.chartValues.version}`, f.chartValues] as const] : []))).values()];
  const key = missing.map((r) => `${r.chart}@${r.version}`).join(",");
  useEffect(() => {
    if (!missing.length) return;
    let live = true;
    Promise.all(missing.map((r) => loadChartData(r))).then(
      () => live && onLoaded(),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
}
