import costAnalyzer1 from "@/data/charts/cost-analyzer-1.108.1.keys.json";
import costAnalyzer24 from "@/data/charts/cost-analyzer-2.4.2.keys.json";
import costAnalyzer28 from "@/data/charts/cost-analyzer-2.8.7.keys.json";
import costAnalyzer29 from "@/data/charts/cost-analyzer-2.9.7.keys.json";
import kubecost3 from "@/data/charts/kubecost-3.2.1.keys.json";
import stevehipwellThanos from "@/data/charts/stevehipwell-thanos-1.24.1.keys.json";
import kubePrometheusStack from "@/data/charts/kube-prometheus-stack-88.5.3.keys.json";
import bitnamiThanos from "@/data/charts/bitnami-thanos-17.6.0.keys.json";
import type { ChartRef } from "@/lib/generate/types";

// Which value paths each chart version's templates read (derived from the charts' public sources:
// github.com/kubecost/kubecost tags, prometheus-community/helm-charts, stevehipwell/helm-charts, bitnami/charts). A key is read when it equals a templatePath, or lies under a wholesalePath
// (toYaml/range/with) and not under a child that the template `omit`s (wholesaleExcept).

export interface ChartKeys {
  chart: string;
  tag: string;
  templatePaths: string[];
  wholesalePaths: string[];
  wholesaleExcept: Record<string, string[]> | unknown[];
}

/** The reference versions we hold keys for; other patch versions of a line map to these. */
const KEYS: Record<ChartRef["chart"], Record<string, ChartKeys>> = {
  "cost-analyzer": {
    "1.108.1": costAnalyzer1 as ChartKeys,
    "2.8.7": costAnalyzer28 as ChartKeys,
    "2.4.2": costAnalyzer24 as ChartKeys,
    "2.9.7": costAnalyzer29 as ChartKeys,
  },
  kubecost: { "3.2.1": kubecost3 as ChartKeys },
  "stevehipwell-thanos": { "1.24.1": stevehipwellThanos as ChartKeys },
  "kube-prometheus-stack": { "88.5.3": kubePrometheusStack as ChartKeys },
  "bitnami-thanos": { "17.6.0": bitnamiThanos as ChartKeys },
};

/** The exact version when we hold it, else the first listed with the same major.minor, else the
 * first with the same major (2.8.7 before 2.4.2: the verified 2.x version comes first). */
export function referenceVersionFor(ref: ChartRef): string {
  const versions = Object.keys(KEYS[ref.chart]);
  if (versions.includes(ref.version)) return ref.version;
  const [major, minor] = ref.version.split(".");
  const same =
    versions.find((v) => v.split(".").slice(0, 2).join(".") === `${major}.${minor}`) ?? versions.find((v) => v.split(".")[0] === major);
  if (!same) throw new Error(`No key reference for ${ref.chart} ${ref.version}; known: ${versions.join(", ")}`);
  return same;
}

export function chartKeys(ref: ChartRef): ChartKeys {
  return KEYS[ref.chart][referenceVersionFor(ref)];
}
