import { gunzipSync, strFromU8 } from "fflate";
import { parseTar } from "nanotar";
import { parse } from "yaml";

// A Helm chart package (what `helm pull` or `helm package` writes: a gzipped tar of
// <name>/Chart.yaml, values.yaml, templates/..., charts/<subchart>/ or charts/<subchart>.tgz),
// read in the browser tab or in Node. Pure: bytes in, files out.

export interface ChartPackage {
  name: string;
  version: string;
  appVersion?: string;
  values: Record<string, unknown>;
  /** Every template and helper (templates/**), path inside the chart. */
  templates: { path: string; text: string }[];
  subcharts: Subchart[];
  /** A library chart (Bitnami's `common`): helpers only, run in the calling chart's context. */
  library?: boolean;
}

/** A subchart with the key its values live under (its alias or name) and its switch. */
export interface Subchart extends ChartPackage {
  key: string;
  condition?: string;
}

export class ChartPackageError extends Error {}

const MAX_BYTES = 20 * 1024 * 1024;

export function readChartPackage(bytes: Uint8Array): ChartPackage {
  if (bytes.length > MAX_BYTES) throw new ChartPackageError("The file is larger than 20 MB: a chart package (.tgz from helm pull) is a few hundred kilobytes");
  let tar: Uint8Array;
  try {
    tar = gunzipSync(bytes);
  } catch {
    throw new ChartPackageError("Not a gzip file: give the .tgz that `helm pull <repo>/<chart> --version <x>` or `helm package` writes");
  }
  const files = new Map<string, Uint8Array>();
  try {
    for (const f of parseTar(tar)) if (f.data && (f.type === "file" || f.type === undefined)) files.set(f.name.replace(/^\.\//, ""), f.data);
  } catch {
    throw new ChartPackageError("The gzip file holds no tar archive: give a Helm chart package (.tgz)");
  }
  const chartYaml = [...files.keys()].filter((p) => /^[^/]+\/Chart\.yaml$/.test(p));
  if (chartYaml.length !== 1) throw new ChartPackageError("No <chart>/Chart.yaml at the top of the archive: this is not a Helm chart package");
  return chartAt(files, chartYaml[0].slice(0, -"Chart.yaml".length));
}

function yamlMap(text: string | undefined, what: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (err) {
    throw new ChartPackageError(`${what} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}

interface Dependency { name: string; alias?: string; condition?: string }

function chartAt(files: Map<string, Uint8Array>, root: string): ChartPackage {
  const text = (p: string) => (files.has(root + p) ? strFromU8(files.get(root + p)!) : undefined);
  const meta = yamlMap(text("Chart.yaml"), `${root}Chart.yaml`);
  if (typeof meta.name !== "string" || meta.version === undefined) throw new ChartPackageError(`${root}Chart.yaml has no name or version`);
  const templates = [...files.keys()]
    .filter((p) => p.startsWith(`${root}templates/`) && /\.(ya?ml|tpl|txt)$/.test(p))
    .sort()
    .map((p) => ({ path: p.slice(root.length), text: strFromU8(files.get(p)!) }));
  const deps = (Array.isArray(meta.dependencies) ? meta.dependencies : []) as Dependency[];
  const subcharts: Subchart[] = [];
  const seen = new Set<string>();
  for (const p of [...files.keys()].sort()) {
    const m = new RegExp(`^${escape(root)}charts/([^/]+)/Chart\\.yaml$`).exec(p) ?? new RegExp(`^${escape(root)}charts/([^/]+)\\.tgz$`).exec(p);
    if (!m || seen.has(m[1])) continue;
    seen.add(m[1]);
    const sub = p.endsWith(".tgz") ? readChartPackage(files.get(p)!) : chartAt(files, `${root}charts/${m[1]}/`);
    for (const dep of deps.filter((d) => d.name === sub.name)) subcharts.push({ ...sub, key: dep.alias ?? dep.name, condition: dep.condition?.split(",")[0].trim() });
    if (!deps.some((d) => d.name === sub.name)) subcharts.push({ ...sub, key: sub.name });
  }
  return {
    name: meta.name,
    version: String(meta.version),
    appVersion: meta.appVersion === undefined ? undefined : String(meta.appVersion),
    values: yamlMap(text("values.yaml"), `${root}values.yaml`),
    templates,
    subcharts,
    ...(meta.type === "library" ? { library: true } : {}),
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
