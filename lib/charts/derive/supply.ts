import { chartNames, registerSuppliedChart, type ChartName, type ChartRef } from "../data";
import { deriveFromPackage } from ".";
import { statedRefusals } from "./fail";
import { ChartPackageError, readChartPackage } from "./package";

// Bring your own chart (issue 18): a chart package the admin drops into the page or passes with
// --chart is read where it is (the tab or the CLI) and every lint, rewrite and schema for its
// version then checks against it. Refused keys come from the chart's own `fail` messages (the
// CLI's npm run chart-data renders them with helm when it makes the shipped data).

export interface SuppliedChart {
  ref: ChartRef;
  /** What the output says: "kubecost 3.3.0 you supplied". */
  label: string;
  keys: number;
  refusals: number;
}

/** `accept`: the charts the caller checks (the doctor and the wizard: Kubecost's own). */
export function supplyChartPackage(bytes: Uint8Array, accept: readonly string[] = chartNames()): SuppliedChart {
  const chart = readChartPackage(bytes);
  const known = accept.filter((n) => (chartNames() as string[]).includes(n));
  if (!known.includes(chart.name)) {
    throw new ChartPackageError(`This is the ${chart.name} chart ${chart.version}; the console checks values of ${known.join(", ")}: drop one of those (for Kubecost: kubecost for 3.x, cost-analyzer for 2.x and older)`);
  }
  const derived = deriveFromPackage(chart);
  const refusals = statedRefusals(chart);
  const name = chart.name as ChartName;
  registerSuppliedChart(name, chart.version, { keys: derived.keys, types: derived.types, images: derived.images, refusals });
  return { ref: { chart: name, version: chart.version }, label: `${name} ${chart.version} you supplied`, keys: derived.keys.templatePaths.length, refusals: refusals.length };
}
