import { SOURCES, type Source } from "@/lib/health/types";
import { KUBECOST_LINES, METHODS, METHOD_LABELS, type ChartLine, type Method } from "./kubecost-lines";

export type { Method } from "./kubecost-lines";

// One entry per method: what the wizard shows, the lines it runs on, what the plan must give, the
// status sources that watch it and the wizard's steps. A Record<Method, ...>, so a new method in
// METHODS does not compile until its entry is written here (and its generator in
// lib/generate/methods.ts). The status link (lib/plan/url.ts), the console's chart values
// (lib/deploy/console-values.ts) and the status page's link parser (lib/status/request-targets.ts)
// all read `sources` from here, so they cannot disagree about what watches a method.

/** The status page's data sources (lib/status builds a probe for each). */
// The status sources' ids are the health layer's (lib/health/types.ts SOURCES): one list.
export const SOURCE_IDS = SOURCES;
export type SourceId = Source;

/** The wizard's steps (components/wizard/steps.ts titles them). */
export type WizardStepId = "method" | "kubecost" | "storage" | "amp" | "clusters" | "output";

export interface MethodDefinition {
  id: Method;
  label: string;
  /** Chart lines the method runs on (read from lib/plan/kubecost-lines.ts, never written here). */
  lines: readonly ChartLine[];
  /** What the plan must give for this method. */
  needs: { bucket: boolean; amp: boolean; sidecarHosts: boolean };
  /** The status sources that watch a federation of this method, in the link's order. */
  sources: readonly SourceId[];
  /** Which bucket parameter of the status link the plan's bucket fills. */
  bucketSource?: "etl" | "thanos";
  wizardSteps: readonly WizardStepId[];
}

const linesOf = (m: Method): ChartLine[] => KUBECOST_LINES.filter((l) => l.methods.includes(m)).map((l) => l.id);

const entry = (id: Method, d: Omit<MethodDefinition, "id" | "label" | "lines" | "wizardSteps">): MethodDefinition => ({
  id,
  label: METHOD_LABELS[id],
  lines: linesOf(id),
  ...d,
  wizardSteps: ["method", "kubecost", ...(d.needs.bucket ? (["storage"] as const) : []), ...(d.needs.amp ? (["amp"] as const) : []), "clusters", "output"],
});

const noSidecars = { sidecarHosts: false };

export const METHOD_DEFINITIONS: Record<Method, MethodDefinition> = {
  // The FinOps agent writes the ETL folders the 2.8+ primaries read ("The 3.0 agent uses a metrics
  // format that is compatible with Kubecost 2.8+",
  // https://github.com/kubecost/kubecost/blob/v2.9.7/examples/README.md) and its own heartbeats.
  "federated-storage": entry("federated-storage", { needs: { bucket: true, amp: false, ...noSidecars }, sources: ["etl", "agent"], bucketSource: "etl" }),
  "thanos-bundled": entry("thanos-bundled", { needs: { bucket: true, amp: false, ...noSidecars }, sources: ["thanos"], bucketSource: "thanos" }),
  "thanos-standalone": entry("thanos-standalone", { needs: { bucket: true, amp: false, sidecarHosts: true }, sources: ["thanos"], bucketSource: "thanos" }),
  "federated-etl": entry("federated-etl", { needs: { bucket: true, amp: false, ...noSidecars }, sources: ["etl"], bucketSource: "etl" }),
  amp: entry("amp", { needs: { bucket: false, amp: true, ...noSidecars }, sources: ["amp"] }),
  "amp-federated": entry("amp-federated", { needs: { bucket: true, amp: true, ...noSidecars }, sources: ["amp", "etl"], bucketSource: "etl" }),
};

export const methodDefinition = (m: Method): MethodDefinition => METHOD_DEFINITIONS[m];

/** The status sources watching a method. */
export const sourcesOf = (m: Method): readonly SourceId[] => METHOD_DEFINITIONS[m].sources;

/** What a status link's `method` parameter may name: a source itself, or a method (its sources). */
export function sourcesOfLinkMethod(name: string): readonly SourceId[] | undefined {
  if ((SOURCE_IDS as readonly string[]).includes(name)) return [name as SourceId];
  if ((METHODS as readonly string[]).includes(name)) return sourcesOf(name as Method);
  return undefined;
}
export const LINK_METHOD_NAMES: readonly string[] = [...SOURCE_IDS, ...METHODS];
