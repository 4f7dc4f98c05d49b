import type { ChartRef } from "@/lib/charts/data";
import { chartImages, parseImage } from "@/lib/charts/images";
import type { KubecostLine } from "@/lib/plan/kubecost-lines";
import { getAt, type Values } from "./tree";

// Image settings across lines. 2.x sets Kubecost's images as `registry/repository` strings
// (kubecostFrontend.image) or repository+tag maps; 3.x reads registry, repository and tag apart
// (frontend.image.registry ...). A file that pulls from its own registry (a mirror, AWS's public
// ECR copies) must keep pulling from it: the setting moves whole, registry and tag with it.

/** Where 3.x reads what 2.x set (the cost-model image runs the 3.x aggregator and cloud cost);
 * forecasting.fullImageName is read by both. */
const TO_3X: Record<string, string[]> = {
  "kubecostFrontend.image": ["frontend.image"],
  "kubecostModel.image": ["aggregator.image", "cloudCost.image"],
  "forecasting.image": ["forecasting.image"],
  "networkCosts.image": ["networkCosts.image"],
  "clusterController.image": ["clusterController.image"],
};

interface UserImage { registry: string; repository: string; tag?: string }

/** The image a setting names, in whatever form the file gives it; the tag only when pinned. */
function userImage(v: unknown): UserImage | undefined {
  if (typeof v === "string" && v) {
    const ref = parseImage(v);
    const pinned = v.lastIndexOf(":") > v.lastIndexOf("/");
    return { registry: ref.registry, repository: ref.repository, ...(pinned ? { tag: ref.tag } : {}) };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const m = v as Values;
  if (typeof m.repository !== "string" || !m.repository) return undefined;
  const ref = typeof m.registry === "string" && m.registry ? { registry: m.registry, repository: m.repository } : parseImage(`${m.repository}:x`);
  return { registry: ref.registry, repository: ref.repository, ...(typeof m.tag === "string" && m.tag ? { tag: m.tag } : {}) };
}

export interface ImageMove { from: string; to: string; value: UserImage }

/** The image settings of a file moved to where the target line reads them (3.x only: older
 * lines share the chart and its paths). */
export function imageMoves(values: Values, line: KubecostLine): ImageMove[] {
  if (line.id !== "3.x") return [];
  return Object.entries(TO_3X).flatMap(([from, tos]) => {
    const image = userImage(getAt(values, from.split(".")));
    return image ? tos.map((to) => ({ from, to, value: image })) : [];
  });
}

/** Image paths whose leaves the image moves replace. */
export const imageSources = (line: KubecostLine) => (line.id === "3.x" ? Object.keys(TO_3X) : []);

const numbers = (tag: string) => (/(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag) ?? []).slice(1).map((n) => Number(n ?? 0));

/** -1 when tag a is an older version than b; undefined when either is not a version. */
function compareTags(a: string, b: string): number | undefined {
  const [x, y] = [numbers(a), numbers(b)];
  if (!x.length || !y.length) return undefined;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return Math.sign(x[i] - y[i]);
  return 0;
}

export interface OldPin { path: string; tag: string; defaultTag: string; message: string }

/** Tags the values pin that are older than the ones the target chart ships. */
export function oldPins(target: ChartRef, values: Values): OldPin[] {
  return chartImages(target).images.flatMap((entry) => {
    // 3.x also takes a whole reference beside the parts (forecasting.fullImageName).
    const full = getAt(values, entry.path.replace(/\.image$/, ".fullImageName").split("."));
    const pinned = userImage(typeof full === "string" && full ? full : getAt(values, entry.path.split(".")));
    const def = parseImage(entry.image);
    if (!pinned?.tag || entry.form === "name") return [];
    if (compareTags(pinned.tag, def.tag) !== -1) return [];
    return [{
      path: entry.path,
      tag: pinned.tag,
      defaultTag: def.tag,
      message: `${entry.path} pins ${pinned.tag}, older than ${def.tag}, the tag ${target.chart} ${target.version} ships: the chart was not tested with it. Drop the tag (or copy ${def.repository}:${def.tag} to your registry)`,
    }];
  });
}
