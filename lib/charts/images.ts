import { chartImageTable, imageReplacements, referenceVersionFor, type ChartImage, type ChartImages, type ChartRef } from "./data";
import { deadImageReason, formatImage, mirrored, parseImage, type ImageRef } from "./image-ref";
import { getPath, isMap, setPath } from "@/lib/values/tree";

// What a chart version pulls for given values (data/charts/<chart>/<version>/images.json: every
// image, where its values set it, and its default; replacements.json: hand-kept live copies of
// dead defaults, and the values a chart needs before it renders one), and the overrides that make it pull from live
// registries (and from a mirror, when the plan names one). Pure; shared by every generator, the
// lint in the tests and the doctor.

type Values = Record<string, unknown>;

export { parseImage, formatImage, deadImageReason, type ImageRef } from "./image-ref";
export type { ChartImage, ChartImages, ImageForm } from "./data";

/** The table of the chart version, or of the version whose data stands in for it (keys.ts); the
 * tags Kubecost derives from the chart version (`name` images) follow the real version. */
export function chartImages(ref: ChartRef): ChartImages {
  const reference = referenceVersionFor(ref);
  const table = chartImageTable(ref);
  if (!table) throw new Error(`No image data for ${ref.chart} ${ref.version}`);
  if (reference === ref.version) return table;
  // Kubecost tags its own images with the chart version: those follow the real version.
  const own = (e: ChartImage) => e.form === "name" || e.image.endsWith(`:${reference}`);
  return { ...table, images: table.images.map((e) => (own(e) ? { ...e, image: e.image.replace(reference, ref.version) } : e)) };
}

function replacementsFor(ref: ChartRef): Record<string, string> {
  const reference = referenceVersionFor(ref);
  const r = imageReplacements(ref)?.images ?? {};
  return Object.fromEntries(Object.entries(r).map(([path, image]) => [path, image.replace(`prod-${reference}`, `prod-${ref.version}`)]));
}

const get = getPath;

function enabled(table: ChartImages, image: ChartImage, values: unknown): boolean {
  return (image.when ?? []).every((p) => {
    const v = get(values, p);
    return typeof v === "boolean" ? v : table.switches[p] ?? false;
  });
}

/** The image a chart renders for one entry, from its default and the values given. */
function resolve(image: ChartImage, values: unknown, globalRegistry: string | undefined): ImageRef {
  const d = parseImage(image.image);
  const v = get(values, image.path);
  switch (image.form) {
    case "name":
      return typeof v === "string" && v ? { ...parseImage(`${v}:${d.tag}`), tag: d.tag } : d;
    case "reference":
      return typeof v === "string" && v ? parseImage(v) : d;
    case "repository-tag": {
      if (!isMap(v)) return d;
      const repo = typeof v.repository === "string" && v.repository ? parseImage(`${v.repository}:x`) : d;
      return { registry: repo.registry, repository: repo.repository, tag: typeof v.tag === "string" && v.tag ? v.tag : d.tag };
    }
    case "registry-repository-tag": {
      const m = isMap(v) ? v : {};
      const registry = (typeof m.registry === "string" && m.registry) || globalRegistry || d.registry;
      const repository = typeof m.repository === "string" && m.repository ? m.repository : d.repository;
      return { registry, repository, tag: typeof m.tag === "string" && m.tag ? m.tag : d.tag };
    }
  }
}

/** The value to write at an entry's path so the chart renders `target`. */
function overrideFor(image: ChartImage, target: ImageRef): unknown {
  switch (image.form) {
    case "name":
      if (target.tag !== parseImage(image.image).tag) throw new Error(`${image.path} cannot change its tag (${formatImage(target)})`);
      return `${target.registry}/${target.repository}`;
    case "reference":
      return formatImage(target);
    case "repository-tag":
      return { repository: `${target.registry}/${target.repository}`, tag: target.tag };
    case "registry-repository-tag":
      return { registry: target.registry, repository: target.repository, tag: target.tag };
  }
}

const globalRegistryOf = (values: unknown) => {
  const g = get(values, "global.imageRegistry");
  return typeof g === "string" && g ? g : undefined;
};

/** Images (from the table) the chart runs with these values, each with its value path. */
function tableImages(ref: ChartRef, values: unknown): { entry: ChartImage; image: ImageRef }[] {
  const table = chartImages(ref);
  return table.images.filter((e) => enabled(table, e, values)).map((entry) => ({ entry, image: resolve(entry, values, globalRegistryOf(values)) }));
}

/** Values that make the chart pull only live images: dead defaults replaced (IMAGE_REPLACEMENTS),
 * and with a mirror every image it runs rewritten to `<mirror>/<registry>/<repository>:<tag>`.
 * `values` are the generated values the overrides will be merged into (they decide which
 * components run). Empty when nothing needs to change. */
export function imageOverrides(ref: ChartRef, values: unknown, mirror?: string): Values {
  const replacements = replacementsFor(ref);
  const out: Values = {};
  for (const { entry, image } of tableImages(ref, values)) {
    const replacement = replacements[entry.path];
    const live = replacement && deadImageReason(image) ? parseImage(replacement) : image;
    const target = mirror ? mirrored(live, mirror) : live;
    if (formatImage(target) !== formatImage(image)) setPath(out, entry.path, overrideFor(entry, target));
  }
  const settings = imageReplacements(ref)?.settings;
  return Object.keys(out).length && settings ? { ...out, ...settings } : out;
}

/** What the wizard says about a chart version whose default images no longer pull: which ones, and
 * what the generated values use instead. Undefined when every default pulls. */
export function deadDefaultsNotice(ref: ChartRef): string | undefined {
  const table = chartImages(ref);
  const dead = table.images.filter((e) => enabled(table, e, {}) && deadImageReason(parseImage(e.image)));
  if (!dead.length) return undefined;
  const replacements = replacementsFor(ref);
  const replaced = dead.filter((e) => replacements[e.path]);
  const missing = dead.filter((e) => !replacements[e.path]);
  const reasons = [...new Set(dead.map((e) => deadImageReason(parseImage(e.image))!.replace(/^[^ ]+ /, "")))];
  const parts = [`A fresh install of ${ref.chart} ${ref.version} with its defaults cannot pull ${dead.map((e) => formatImage(parseImage(e.image))).join(", ")} (${reasons.join("; ")}).`];
  if (replaced.length) parts.push(`The generated values pull ${replaced.map((e) => replacements[e.path]).join(", ")} instead; check they still pull in your network before relying on them.`);
  if (missing.length) parts.push(`No live copy is known for ${missing.map((e) => e.path).join(", ")}.`);
  return parts.join(" ");
}

/** `image:` strings the generator put anywhere in the values (sidecar containers, CR specs) that
 * the table does not cover. */
function freeImages(value: unknown, tablePaths: Set<string>, prefix = ""): ImageRef[] {
  if (Array.isArray(value)) return value.flatMap((v) => freeImages(v, tablePaths, prefix));
  if (!isMap(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    if (tablePaths.has(p)) return [];
    if (k === "image" && typeof v === "string") return [parseImage(v)];
    return freeImages(v, tablePaths, p);
  });
}

/** Every image the chart pulls with these values (defaults + values), table entries first. */
export function pulledImages(ref: ChartRef, values: unknown): ImageRef[] {
  const tablePaths = new Set(chartImages(ref).images.map((e) => e.path));
  return [...tableImages(ref, values).map((t) => t.image), ...freeImages(values, tablePaths)];
}

/** Images of plain manifests (Deployments and the like): every containers[].image. */
export const manifestImages = (manifest: unknown): ImageRef[] => freeImages(manifest, new Set());

/** One message per image these values would pull from a dead registry. Empty means clean. */
export function deadImages(ref: ChartRef, values: unknown): string[] {
  return pulledImages(ref, values).flatMap((i) => deadImageReason(i) ?? []);
}

/** The source image a mirrored reference came from (for the list of images to copy). */
export function mirrorSource(image: ImageRef, mirror: string): ImageRef | undefined {
  const slash = mirror.indexOf("/");
  const host = slash >= 0 ? mirror.slice(0, slash) : mirror;
  const path = slash >= 0 ? `${mirror.slice(slash + 1)}/` : "";
  if (image.registry !== host || !image.repository.startsWith(path)) return undefined;
  return parseImage(`${image.repository.slice(path.length)}:${image.tag}`);
}

/** A generator's own image reference (a sidecar, Envoy), through the mirror when there is one. */
export function imageThroughMirror(reference: string, mirror?: string): string {
  return mirror ? formatImage(mirrored(parseImage(reference), mirror)) : reference;
}
