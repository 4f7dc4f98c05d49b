import { distance } from "fastest-levenshtein";
import type { ChartKeys } from "@/lib/charts/keys";

// "Did you mean": the key a chart version reads that an unread key is most likely a slip of.
// Two ways to be close: the whole path within a few edits (`kubecostProductConfig.clusterName`),
// or the same last segment under a parent that looks alike (`sigV4Proxy.region` and
// `global.amp.sigv4.region`: the proxy's settings moved under global.amp).

const last = (p: string) => p.slice(p.lastIndexOf(".") + 1).toLowerCase();
const parentLast = (p: string) => {
  const parts = p.toLowerCase().split(".");
  return parts.length > 1 ? parts[parts.length - 2] : "";
};

/** The closest path the chart reads, or undefined when none is close enough to be a slip. */
export function didYouMean(path: string, keys: ChartKeys): string | undefined {
  const candidates = [...keys.templatePaths, ...keys.wholesalePaths].filter((k) => k !== path);
  const p = path.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const k of candidates) {
    const d = distance(p, k.toLowerCase());
    if (d <= Math.max(2, Math.floor(p.length / 8)) && (!best || d < best.d)) best = { key: k, d };
  }
  if (best) return best.key;
  const [seg, parent] = [last(path), parentLast(path)];
  if (!parent) return undefined;
  const alike = (a: string) => a.length >= 3 && (a.includes(parent) || parent.includes(a) || distance(a, parent) <= 2);
  const same = candidates.filter((k) => last(k) === seg && alike(parentLast(k)));
  return same.sort((a, b) => distance(p, a.toLowerCase()) - distance(p, b.toLowerCase()))[0];
}
