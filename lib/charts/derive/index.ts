import type { ChartImages, ChartKeys, ValueType } from "../data";
import { deriveImages } from "./images";
import { deriveKeys } from "./keys";
import { readChartPackage, type ChartPackage } from "./package";
import { deriveTypes } from "./types";

// A chart package in, what the console knows about a chart version out: the value paths its
// templates read, the type of every default, the images its defaults pull. Pure (browser and
// Node); the keys the chart refuses need helm and come from ./helm-refusals (Node only).

export interface DerivedChart {
  name: string;
  version: string;
  keys: ChartKeys;
  types: Record<string, ValueType>;
  images: ChartImages;
}

export function deriveFromPackage(chart: ChartPackage): DerivedChart {
  return { name: chart.name, version: chart.version, keys: deriveKeys(chart), types: deriveTypes(chart), images: deriveImages(chart) };
}

export function deriveChartData(bytes: Uint8Array): DerivedChart {
  return deriveFromPackage(readChartPackage(bytes));
}

export { readChartPackage, ChartPackageError, type ChartPackage } from "./package";
