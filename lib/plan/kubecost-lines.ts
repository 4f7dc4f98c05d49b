// The Kubecost chart lines the console supports: one row per line, read by the schema, the
// generators, the doctor, the wizard and the status page. Adding a line means adding a row here
// (and its key/type data under data/charts); nothing else branches on a line name.
//
// Sources: kubecost/kubecost tags and READMEs (https://github.com/kubecost/kubecost, v2.8.7:
// "final feature release of Kubecost 2.x"; v2.9.7: "intermediate step to upgrade to 3.x";
// v3.2.1: chart renamed `kubecost`, repository https://kubecost.github.io/kubecost).

export const METHODS = ["federated-storage", "thanos-bundled", "thanos-standalone", "federated-etl", "amp", "amp-federated"] as const;
export type Method = (typeof METHODS)[number];

export const CHART_LINE_IDS = ["3.x", "2.9", "2.x", "1.x"] as const;
export type ChartLine = (typeof CHART_LINE_IDS)[number];

export interface KubecostLine {
  id: ChartLine;
  /** What the wizard shows. */
  label: string;
  /** Helm chart name inside the repository. */
  chart: "cost-analyzer" | "kubecost";
  /** Default Helm repository (an https:// repo; OCI mirrors are a plan option). */
  repo: string;
  /** AWS's public OCI location of the same chart (EKS cost-monitoring bundle). */
  awsOci: string;
  /** The version generated values are verified against (keys, types, refused keys). */
  verified: string;
  /** What the verified version was checked against, and when (its data: data/charts). */
  verifiedAgainst: string;
  /** Older versions of the line whose key data we also hold (plans on them still lint). */
  readable: readonly string[];
  /** First and last minor.patch of the line, for messages about versions we do not know. */
  versions: { min: string; max: string };
  methods: readonly Method[];
  /** Registry the line's own images come from by default. */
  imageRegistry: string;
  /** Federated storage (the FinOps agent writes the bucket): whether the chart names the
   * Secret's key itself (`global.federatedStorage.fileName`, 3.x) or fixes it at
   * federated-store.yaml (2.9.7 reads no fileName outside the agent subchart). */
  storeFileNameValue?: boolean;
  /** Whether a FinOps agent may run apart from Kubecost (a "global agent" in its own namespace):
   * 2.9.7 fails unless finopsagent.enabled=true in the Kubecost release ("kc29FailConditions"). */
  globalAgent?: boolean;
  /** One sentence on where the line stands today, shown in the wizard. */
  status: string;
  /** Public page for the line's install docs or release notes. */
  docs: string;
}

export const KUBECOST_LINES: readonly KubecostLine[] = [
  {
    id: "3.x",
    label: "Kubecost 3.x (current)",
    chart: "kubecost",
    repo: "https://kubecost.github.io/kubecost",
    awsOci: "oci://public.ecr.aws/kubecost/kubecost",
    verified: "3.2.1",
    verifiedAgainst: "kubecost/kubecost v3.2.1 (tagged 2026-06-11) with the finops-agent 1.0.20 subchart (2026-06-09); keys, types, images and refused keys derived from that package by npm run chart-data (2026-12-05)",
    readable: [],
    versions: { min: "3.0.0", max: "3.2.1" },
    methods: ["federated-storage"],
    storeFileNameValue: true,
    globalAgent: true,
    imageRegistry: "icr.io",
    status: "The current line: the FinOps agent writes each cluster's data to one bucket; no Prometheus, Thanos or AMP.",
    docs: "https://github.com/kubecost/kubecost/tree/v3.2.1",
  },
  {
    id: "2.9",
    label: "Kubecost 2.9 (bridge to 3.x)",
    chart: "cost-analyzer",
    repo: "https://kubecost.github.io/cost-analyzer/",
    awsOci: "oci://public.ecr.aws/kubecost/cost-analyzer",
    verified: "2.9.7",
    verifiedAgainst: "kubecost/kubecost v2.9.7 (tagged 2026-06-25) with the finops-agent 1.0.20 subchart",
    readable: [],
    versions: { min: "2.9.0", max: "2.9.7" },
    methods: ["federated-storage"],
    storeFileNameValue: false,
    globalAgent: false,
    imageRegistry: "icr.io",
    status: "Only a step on the way to 3.x: every agent runs 2.9 for at least 48 hours before the primary moves to 3.x.",
    docs: "https://github.com/kubecost/kubecost/tree/v2.9.7/examples",
  },
  {
    id: "2.x",
    label: "Kubecost 2.x (2.8, last 2.x feature release)",
    chart: "cost-analyzer",
    repo: "https://kubecost.github.io/cost-analyzer/",
    awsOci: "oci://public.ecr.aws/kubecost/cost-analyzer",
    verified: "2.8.7",
    verifiedAgainst: "kubecost/kubecost v2.8.7 (tagged 2026-06-16); 2.4.2 (2024-10-22) also held for plans still on it",
    readable: ["2.4.2"],
    versions: { min: "2.0.0", max: "2.8.7" },
    methods: ["federated-etl", "amp", "amp-federated", "thanos-standalone"],
    imageRegistry: "icr.io",
    status: "Maintained through 2.8.x; plan the move to 3.x through the 2.9 bridge.",
    docs: "https://github.com/kubecost/kubecost/tree/v2.8.7",
  },
  {
    id: "1.x",
    label: "Kubecost 1.108 (legacy)",
    chart: "cost-analyzer",
    repo: "https://kubecost.github.io/cost-analyzer/",
    awsOci: "oci://public.ecr.aws/kubecost/cost-analyzer",
    verified: "1.108.1",
    verifiedAgainst: "kubecost/kubecost v1.108.1 (tagged 2024-01-05)",
    readable: [],
    versions: { min: "1.108.0", max: "1.108.1" },
    methods: ["thanos-bundled", "thanos-standalone"],
    imageRegistry: "gcr.io/kubecost1",
    status: "Legacy: the last line with bundled Thanos. Existing installs should move to 2.x Federated ETL or straight to 3.x.",
    docs: "https://github.com/kubecost/kubecost/tree/v1.108.1",
  },
];

export const NEWEST_LINE: ChartLine = "3.x";

/** The other charts a plan installs, at the version their data (data/charts) was derived from:
 * one row per chart; generators read the version here. */
export const COMPANION_CHARTS = {
  /** Newest release whose chart source is reachable (prometheus-community/helm-charts tag
   * kube-prometheus-stack-88.5.3, 2026-08-21; checked again 2026-12-05): 91.x is public, but only
   * its version numbers were found, not the chart (docs/charts.md). */
  "kube-prometheus-stack": { version: "88.5.3", verifiedAgainst: "prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 (2026-08-21), the newest chart source reachable (checked 2026-12-05)" },
  "stevehipwell-thanos": { version: "1.24.1", verifiedAgainst: "stevehipwell/helm-charts thanos 1.24.1" },
  "bitnami-thanos": { version: "17.6.0", verifiedAgainst: "bitnami/charts thanos 17.6.0 (bitnami/charts@5165628)" },
  /** The plan installs the agent through the Kubecost chart's subchart, a global agent too (as
   * kubecost/kubecost's examples/agentOnly does); this is the agent chart's own newest tag, for
   * mirrors and supplied charts (docs/charts.md says why no plan installs it alone). */
  "finops-agent": { version: "1.0.25", verifiedAgainst: "kubecost/finops-agent-chart tag v1.0.25 (2026-08-07)" },
} as const;

export function kubecostLine(id: ChartLine): KubecostLine {
  const line = KUBECOST_LINES.find((l) => l.id === id);
  if (!line) throw new Error(`Unknown Kubecost chart line ${id}`);
  return line;
}

/** The lines that can run a method, newest first. */
export function linesForMethod(m: Method): KubecostLine[] {
  return KUBECOST_LINES.filter((l) => l.methods.includes(m));
}

/** The newest line a method runs on: the wizard's default when the admin picks the method. */
export function defaultLineFor(m: Method): ChartLine {
  return linesForMethod(m)[0].id;
}

const parse = (v: string) => v.split(".").map(Number);
function compare(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** A release after a line's last known one that still belongs to it: any later 3.y.z for the
 * newest line (Kubecost ships faster than this table follows), a later patch for older lines. */
function newerOnLine(l: KubecostLine, version: string): boolean {
  if (compare(version, l.versions.max) <= 0) return false;
  const [a, b] = parse(version);
  const [x, y] = parse(l.versions.max);
  return l.id === NEWEST_LINE ? a === x : a === x && b === y;
}

/** The line a chart version belongs to, or undefined when no supported line holds it. */
export function lineOfVersion(version: string): KubecostLine | undefined {
  return KUBECOST_LINES.find((l) => compare(version, l.versions.min) >= 0 && (compare(version, l.versions.max) <= 0 || newerOnLine(l, version)));
}

/** What a version newer than its line's verified one is checked against, in a sentence; undefined
 * for a version the console holds data for. Never a refusal (issue 18). */
export function newerVersionNotice(version: string): string | undefined {
  const line = lineOfVersion(version);
  if (!line || compare(version, line.verified) <= 0 || versionsWithData(line).includes(version)) return undefined;
  return `Kubecost ${version} is newer than ${line.verified}, the version this console verified: keys, types and refused keys are checked against ${line.chart} ${line.verified}. Drop the ${version} chart package (helm pull ${line.chart === "kubecost" ? "kubecost/kubecost" : "kubecost/cost-analyzer"} --version ${version}) to check against it.`;
}

/** Every version we hold key data for (verified first). */
export function versionsWithData(line: KubecostLine): string[] {
  return [line.verified, ...line.readable];
}

/** The verified version nearest to a version, for "did you mean" messages. */
export function nearestVerified(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) return kubecostLine(NEWEST_LINE).verified;
  const [maj, min, pat] = parse(version);
  const score = (v: string) => {
    const [a, b, c] = parse(v);
    return Math.abs(a - maj) * 1e6 + Math.abs(b - min) * 1e3 + Math.abs(c - pat);
  };
  return [...KUBECOST_LINES].map((l) => l.verified).sort((a, b) => score(a) - score(b))[0];
}

/** Why a version is not usable on a line, or null. */
export function chartVersionProblem(line: ChartLine, version: string): string | null {
  if (!/^\d+\.\d+\.\d+$/.test(version)) return `Chart versions look like ${kubecostLine(line).verified}`;
  const own = lineOfVersion(version);
  const l = kubecostLine(line);
  if (!own) {
    return `Kubecost ${version} is not a release the console knows (lines: ${KUBECOST_LINES.map((x) => `${x.versions.min}-${x.versions.max}`).join(", ")}): the nearest verified version is ${nearestVerified(version)}`;
  }
  if (own.id !== line) return `Version ${version} is on the ${own.id} line, not ${line}: choose line ${own.id}, or version ${l.verified}`;
  return null;
}

/** Why a method cannot run on a line (with the line that can), or null. */
export function methodLineProblem(m: Method, line: ChartLine): string | null {
  const l = kubecostLine(line);
  if (l.methods.includes(m)) return null;
  const can = linesForMethod(m).map((x) => x.id);
  const reason = METHOD_LINE_REASONS[m];
  return `${reason} Choose chart line ${can.join(" or ")}, or a method ${l.label} runs: ${l.methods.map((x) => METHOD_LABELS[x]).join("; ")}`;
}

export const METHOD_LABELS: Record<Method, string> = {
  "federated-storage": "Federated storage (Kubecost 3.x FinOps agent)",
  "thanos-bundled": "Thanos (bundled with Kubecost 1.x)",
  "thanos-standalone": "Thanos standalone (kube-prometheus-stack + Thanos)",
  "federated-etl": "Federated ETL (Kubecost 2.x)",
  amp: "Amazon Managed Prometheus (quick start)",
  "amp-federated": "Amazon Managed Prometheus + ETL bucket (federated)",
};

/** Why each method is limited to its lines (kubecost/kubecost chart templates of each tag). */
const METHOD_LINE_REASONS: Record<Method, string> = {
  "federated-storage":
    "Federated storage is written by the FinOps agent, which ships with Kubecost 2.9 and 3.x; 2.8 and older upload with the cost-model (Federated ETL), 1.x with Thanos.",
  "thanos-bundled":
    "Only Kubecost 1.108 bundles Thanos: the 2.x chart fails the install when thanos.store.enabled is set, and 3.x has no Prometheus at all.",
  "thanos-standalone": "Kubecost 3.x reads no Prometheus, so a Thanos store has nothing to serve it; 2.9 requires federated storage.",
  "federated-etl":
    "Federated ETL is the Kubecost 2.x Aggregator reading federated/<cluster_id>/; 1.x has no Aggregator, and 2.9/3.x replace it with federated storage.",
  amp: "Kubecost 3.x fails the install when global.amp is set (Amazon Managed Prometheus is no longer supported), and 2.9 requires federated storage.",
  "amp-federated": "Kubecost 3.x fails the install when global.amp is set (Amazon Managed Prometheus is no longer supported), and 2.9 requires federated storage.",
};
