import index from "@/data/charts/index.json";
import { lineOfVersion } from "@/lib/plan/kubecost-lines";

// The one loader of chart knowledge (data/charts/<chart>/<version>/ and its index). Small parts
// (images, refusals) come from the index, synchronously; keys and types are loaded per version
// on demand (`await loadChartData(ref)`): in the browser a dynamic import of that version's JSON
// only, so no page ships every version's tables (issue 19). Node (CLI, tests) reads the files
// synchronously when first asked. A chart package the admin supplies (lib/charts/derive) is
// registered here and then wins over the shipped data for its exact version.

export type ChartName = keyof typeof index.charts;

/** A chart and version whose values a file or command targets. */
export interface ChartRef {
  chart: ChartName;
  version: string;
}

export interface ChartKeys {
  chart: string;
  tag: string;
  templatePaths: string[];
  wholesalePaths: string[];
  wholesaleExcept: Record<string, string[]> | unknown[];
  valuesPaths?: string[];
}

export type ValueType = "map" | "list" | "string" | "number" | "bool" | "null";

/** One value path a chart version refuses (fails the install on), with the chart's own message. */
export interface RefusalData {
  path: string;
  message: string;
  /** Public page of the template that fails. */
  source?: string;
  /** When the chart refuses it; absent: whenever the path is set. */
  when?: Condition;
  /** Values that, set beside it, let the chart install (`productKey.enabled` needs
   * `global.acknowledged: true`): the fix is to add them, not to drop the key. */
  needs?: { path: string; value: unknown }[];
}

/** The condition around a template's `fail`, over value paths. */
export type Condition =
  | { set: string }
  | { unset: string }
  /** `default`: what the chart assumes when the path is unset. */
  | { equals: string; value: unknown; default?: unknown }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type ImageForm = "repository-tag" | "registry-repository-tag" | "reference" | "name";
export interface ChartImage {
  path: string;
  form: ImageForm;
  image: string;
  when?: string[];
}
export interface ChartImages {
  images: ChartImage[];
  switches: Record<string, boolean>;
}
export interface ImageReplacements {
  images: Record<string, string>;
  settings?: Record<string, unknown>;
}

/** Everything known about one chart version. */
export interface VersionData {
  keys?: ChartKeys;
  types?: Record<string, ValueType>;
  refusals: RefusalData[];
  images?: ChartImages;
  replacements?: ImageReplacements;
  /** Set when the admin supplied the chart package: what the output says it was checked against. */
  supplied?: string;
}

interface IndexEntry {
  files: string[];
  images?: ChartImages;
  refusals?: RefusalData[];
  replacements?: ImageReplacements;
}
const INDEX = index.charts as unknown as Record<string, Record<string, IndexEntry>>;

const supplied = new Map<string, VersionData>();
const loaded = new Map<string, Pick<VersionData, "keys" | "types">>();
const id = (chart: string, version: string) => `${chart}@${version}`;

export const chartNames = () => Object.keys(INDEX) as ChartName[];

/** Versions we ship data for, newest first. */
export function shippedVersions(chart: string): string[] {
  return Object.keys(INDEX[chart] ?? {});
}

/** The version whose data stands in for `ref`: a supplied chart of that exact version, or the
 * exact shipped version, else the newest shipped with the same major.minor, else the verified
 * version of the Kubecost line holding it, else the newest with the same major. */
export function referenceVersionFor(ref: ChartRef): string {
  if (supplied.has(id(ref.chart, ref.version))) return ref.version;
  const versions = shippedVersions(ref.chart);
  if (versions.includes(ref.version)) return ref.version;
  const [major, minor] = ref.version.split(".");
  const line = lineOfVersion(ref.version);
  const same =
    versions.find((v) => v.split(".").slice(0, 2).join(".") === `${major}.${minor}`) ??
    (line && line.chart === ref.chart && versions.includes(line.verified) ? line.verified : undefined) ??
    versions.find((v) => v.split(".")[0] === major);
  if (!same) throw new Error(`No chart data for ${ref.chart} ${ref.version}; known: ${versions.join(", ")}`);
  return same;
}

/** The supplied chart's label ("kubecost 3.3.0 you supplied") when `ref` is checked against one. */
export function suppliedLabel(ref: ChartRef): string | undefined {
  return supplied.get(id(ref.chart, ref.version))?.supplied;
}

/** Register a chart package's data (lib/charts/derive) for its chart and version. */
export function registerSuppliedChart(chart: ChartName, version: string, data: Omit<VersionData, "supplied">): void {
  supplied.set(id(chart, version), { ...data, supplied: `${chart} ${version} you supplied` });
}

export function forgetSuppliedCharts(): void {
  supplied.clear();
}

function shipped(ref: ChartRef): IndexEntry {
  const entry = INDEX[ref.chart]?.[referenceVersionFor(ref)];
  if (!entry) throw new Error(`No chart data for ${ref.chart} ${ref.version}`);
  return entry;
}

type Large = "keys" | "types";

type NodeProcess = { getBuiltinModule?: (m: string) => unknown; cwd?: () => string; env?: Record<string, string | undefined> };
const proc = () => (globalThis as { process?: NodeProcess }).process;
/** The CLI and the tests (plain Node) read the files; the Next server renders what the tab
 * renders, so it loads on demand like the tab (no hydration difference). */
const plainNode = () => typeof window === "undefined" && !proc()?.env?.NEXT_RUNTIME && typeof proc()?.getBuiltinModule === "function";

/** Node only: the version's JSON read from disk (the dynamic import is for bundles). */
function readSync(chart: string, version: string, file: Large): unknown {
  if (!plainNode()) return undefined;
  const fs = proc()!.getBuiltinModule!("node:fs") as typeof import("node:fs");
  return JSON.parse(fs.readFileSync(`${proc()!.cwd!()}/data/charts/${chart}/${version}/${file}.json`, "utf8"));
}

// Null-prototype tables: a user's path such as `toString` finds no inherited function (issue 15).
const typesOf = (t: unknown) =>
  Object.assign(Object.create(null), (t as { types: Record<string, ValueType> }).types) as Record<string, ValueType>;

/** Load a version's keys and types (a no-op once loaded or supplied). Call before the doctor,
 * the lints or a generator that reads them runs in the browser. */
export async function loadChartData(ref: ChartRef): Promise<void> {
  if (supplied.has(id(ref.chart, ref.version))) return;
  const version = referenceVersionFor(ref);
  const key = id(ref.chart, version);
  if (loaded.has(key)) return;
  const sync = readSync(ref.chart, version, "keys");
  if (sync) {
    loaded.set(key, { keys: sync as ChartKeys, types: typesOf(readSync(ref.chart, version, "types")) });
    return;
  }
  const [keys, types] = await Promise.all([
    import(`../../data/charts/${ref.chart}/${version}/keys.json`),
    import(`../../data/charts/${ref.chart}/${version}/types.json`),
  ]);
  loaded.set(key, { keys: (keys.default ?? keys) as ChartKeys, types: typesOf(types.default ?? types) });
}

/** Whether `loadChartData(ref)` has finished (always true in the CLI and the tests). */
export function chartDataLoaded(ref: ChartRef): boolean {
  if (supplied.has(id(ref.chart, ref.version))) return true;
  return loaded.has(id(ref.chart, referenceVersionFor(ref))) || plainNode();
}

function large(ref: ChartRef): Pick<VersionData, "keys" | "types"> {
  const own = supplied.get(id(ref.chart, ref.version));
  if (own) return own;
  const version = referenceVersionFor(ref);
  const key = id(ref.chart, version);
  if (!loaded.has(key)) {
    const keys = readSync(ref.chart, version, "keys");
    if (!keys) throw new Error(`Chart data for ${ref.chart} ${version} is not loaded yet: await loadChartData first`);
    loaded.set(key, { keys: keys as ChartKeys, types: typesOf(readSync(ref.chart, version, "types")) });
  }
  return loaded.get(key)!;
}

/** The value paths the chart version's templates read. */
export function chartKeys(ref: ChartRef): ChartKeys {
  const keys = large(ref).keys;
  if (!keys) throw new Error(`No key data for ${ref.chart} ${ref.version}`);
  return keys;
}

/** Every default value path's type. */
export function defaultTypes(ref: ChartRef): Readonly<Record<string, ValueType>> {
  return large(ref).types ?? {};
}

/** What the chart version refuses, with its messages. */
export function chartRefusals(ref: ChartRef): RefusalData[] {
  return supplied.get(id(ref.chart, ref.version))?.refusals ?? shipped(ref).refusals ?? [];
}

/** The images the chart version pulls (undefined when nothing is known). */
export function chartImageTable(ref: ChartRef): ChartImages | undefined {
  return supplied.get(id(ref.chart, ref.version))?.images ?? shipped(ref).images;
}

/** Hand-kept live copies of dead default images for the version. */
export function imageReplacements(ref: ChartRef): ImageReplacements | undefined {
  if (supplied.has(id(ref.chart, ref.version))) return undefined;
  return shipped(ref).replacements;
}

/** The chart a Kubecost version is installed from (by its line), when a line holds it. */
export function kubecostChartRef(version: string): ChartRef | undefined {
  const line = lineOfVersion(version);
  return line ? { chart: line.chart, version } : undefined;
}
