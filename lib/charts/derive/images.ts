import type { ChartImage, ChartImages } from "../data";
import type { ChartPackage } from "./package";

// The images a chart's defaults pull, one entry per image key: a map with registry/repository/tag
// (registry-repository-tag), repository/tag (repository-tag, registry inside the repository), or
// a string under an `image`-named key (reference when it carries a tag; name when the chart adds
// its appVersion). An empty tag is the (sub)chart's appVersion, as charts default it. The switch
// of an image is the `enabled` beside it or above it, and the subchart's condition.

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const IMAGE_KEY = /(^image$|Image$|^imageNameAndVersion$|^fullImageName$)/;

function enabledSwitches(values: Values, path: string[]): string[] {
  const out: string[] = [];
  for (let i = path.length - 1; i >= 1; i--) {
    let node: unknown = values;
    for (const k of path.slice(0, i)) node = isMap(node) ? node[k] : undefined;
    if (isMap(node) && typeof node.enabled === "boolean") {
      out.unshift(`${path.slice(0, i).join(".")}.enabled`);
      break;
    }
  }
  return out;
}

function collect(values: Values, prefix: string[], appVersion: string, root: Values, out: { image: ChartImage; switches: string[] }[]): void {
  // An empty registry falls back to global.imageRegistry, as the charts' image helpers do.
  const globalRegistry = str(get(root, "global.imageRegistry"));
  for (const [k, v] of Object.entries(values)) {
    const path = [...prefix, k];
    const dotted = path.join(".");
    if (isMap(v) && typeof v.repository === "string" && v.repository && ("tag" in v || "registry" in v)) {
      const tag = str(v.tag) || appVersion;
      const digestless = tag || "latest";
      const image: ChartImage =
        "registry" in v
          ? { path: dotted, form: "registry-repository-tag", image: `${str(v.registry) || globalRegistry || "docker.io"}/${v.repository}:${digestless}` }
          : { path: dotted, form: "repository-tag", image: `${v.repository}:${digestless}` };
      out.push({ image, switches: enabledSwitches(root, path) });
    } else if (typeof v === "string" && v && IMAGE_KEY.test(k) && /^[\w.-]+(:\d+)?\/[\w./-]+(:[\w.-]+)?$/.test(v)) {
      const tagged = /:[\w.-]+$/.test(v.split("/").pop() ?? "");
      const sibling = str(values[`${k}Version`] ?? values[`${k}Tag`]);
      const image: ChartImage = tagged ? { path: dotted, form: "reference", image: v } : { path: dotted, form: "name", image: `${v}:${sibling || appVersion || "latest"}` };
      out.push({ image, switches: enabledSwitches(root, path) });
    } else if (isMap(v)) collect(v, path, appVersion, root, out);
  }
}

/** An image with no `enabled` beside it may sit in a template that renders only behind one
 * (`{{- if .Values.httpRoute.enabled }}` heading tests/httproute-test.yaml): that is its switch. */
function templateSwitch(chart: ChartPackage, path: string): string[] {
  const reads = chart.templates.filter((t) => t.text.includes(`.Values.${path}`));
  const heads = reads.map((t) => /^\s*\{\{-?\s*if\s+\.Values\.([\w.]+\.enabled)\s*-?\}\}/.exec(t.text)?.[1]);
  return reads.length && heads.every((h) => h && h === heads[0]) && typeof get(chart.values, heads[0]!) === "boolean" ? [heads[0]!] : [];
}

const get = (values: Values, path: string): unknown => path.split(".").reduce<unknown>((o, k) => (isMap(o) ? o[k] : undefined), values);

export function deriveImages(chart: ChartPackage): ChartImages {
  const found: { image: ChartImage; switches: string[] }[] = [];
  collect(chart.values, [], chart.appVersion ?? "", chart.values, found);
  const switches: Record<string, boolean> = {};
  const subDefaults = new Map<string, unknown>();
  for (const sub of chart.subcharts) {
    const own: { image: ChartImage; switches: string[] }[] = [];
    collect(sub.values, [], sub.appVersion ?? "", sub.values, own);
    // helm hands a subchart the parent's `global`: global.* keys stay global.
    const at = (p: string) => (p.startsWith("global.") ? p : `${sub.key}.${p}`);
    for (const o of own) {
      const path = at(o.image.path);
      if (found.some((f) => f.image.path === path)) continue;
      const when = [...(sub.condition ? [sub.condition] : []), ...o.switches.map(at)];
      found.push({ image: { ...o.image, path }, switches: when });
      for (const s of o.switches) subDefaults.set(at(s), get(sub.values, s));
    }
  }
  for (const f of found) if (!f.switches.length) f.switches = templateSwitch(chart, f.image.path);
  const images = found.map(({ image, switches: when }) => {
    for (const w of when) {
      const v = get(chart.values, w) ?? subDefaults.get(w);
      switches[w] = typeof v === "boolean" ? v : true;
    }
    return when.length ? { ...image, when } : image;
  });
  return { images, switches };
}
