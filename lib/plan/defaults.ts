import { planWithoutSecrets, type ChartLine, type FederationPlan, type FederationPlanInput, type Method } from "./schema";
import { KUBECOST_LINES, defaultLineFor, kubecostLine } from "./kubecost-lines";
import { methodDefinition } from "./methods";

// The wizard's working copy of a plan: the schema's input type, with every field the admin can
// type present as a string (possibly empty) so the form controls stay controlled. What reaches
// the generators is always `planForMethod(draft)` validated by validatePlan.
export type PlanDraft = FederationPlanInput;
export type ClusterDraft = PlanDraft["clusters"][number];

export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_NAMESPACE = "kubecost";
export const DEFAULT_RELEASE = "kubecost";
export const DEFAULT_CHART_REPO = "https://kubecost.github.io/cost-analyzer/";
export const DEFAULT_CA_CONFIGMAP = "kubecost-ca-bundle";

// What each method needs is its registry entry's (lib/plan/methods.ts).
export const usesBucket = (m: Method) => methodDefinition(m).needs.bucket;
export const usesAmp = (m: Method) => methodDefinition(m).needs.amp;
export const usesSidecarHosts = (m: Method) => methodDefinition(m).needs.sidecarHosts;

/** The line a method must move to from `line`, or null when it runs there (lib/plan/kubecost-lines.ts). */
export function requiredChartLine(m: Method, line?: ChartLine): ChartLine | null {
  if (line && kubecostLine(line).methods.includes(m)) return null;
  return defaultLineFor(m);
}

/** A starting plan for a method: checked chart version, IRSA, empty bucket and no clusters. */
export function starterPlan(method: Method): PlanDraft {
  const line = kubecostLine(defaultLineFor(method));
  return {
    method,
    kubecost: {
      chartLine: line.id,
      chartVersion: line.verified,
      namespace: DEFAULT_NAMESPACE,
      releaseName: DEFAULT_RELEASE,
      chartRepo: line.repo,
    },
    storage: usesBucket(method) ? { bucket: "", region: DEFAULT_REGION, encryption: { type: "none" } } : undefined,
    auth: { mode: "irsa" },
    amp: usesAmp(method) ? { workspace: { mode: "create", alias: "kubecost" }, region: DEFAULT_REGION } : undefined,
    clusters: [],
  };
}

/** Switching method keeps what the admin typed (bucket, clusters, keys) and fills what the new
 * method needs. The chart line moves only when the new method cannot run on the current one. */
export function switchMethod(draft: PlanDraft | null, method: Method): PlanDraft {
  const start = starterPlan(method);
  if (!draft) return start;
  const need = requiredChartLine(method, draft.kubecost.chartLine);
  const kubecost = need ? switchChartLine(draft, need).kubecost : draft.kubecost;
  return {
    ...draft,
    method,
    kubecost,
    storage: draft.storage ?? start.storage,
    amp: draft.amp ?? (usesAmp(method) ? { ...start.amp!, region: draft.storage?.region ?? DEFAULT_REGION } : undefined),
  };
}

/** Changing the chart line moves the version (and the chart repository) along when they were
 * a line's defaults; what the admin typed stays. */
export function switchChartLine(draft: PlanDraft, line: ChartLine): PlanDraft {
  const to = kubecostLine(line);
  const known = KUBECOST_LINES.flatMap((l) => [l.verified, ...l.readable]);
  const repos = KUBECOST_LINES.map((l) => l.repo);
  const version = !draft.kubecost.chartVersion || known.includes(draft.kubecost.chartVersion) ? to.verified : draft.kubecost.chartVersion;
  const repo = !draft.kubecost.chartRepo || repos.includes(draft.kubecost.chartRepo) ? to.repo : draft.kubecost.chartRepo;
  return { ...draft, kubecost: { ...draft.kubecost, chartLine: line, chartVersion: version, chartRepo: repo } };
}

/** The plan the generators see: only the sections this method uses, empty optional fields
 * dropped (the schema treats "" as a value, the form treats it as "not set"). */
export function planForMethod(draft: PlanDraft): PlanDraft {
  const m = draft.method;
  const opt = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : s);
  const storage =
    usesBucket(m) && draft.storage
      ? {
          ...draft.storage,
          endpoint: opt(draft.storage.endpoint),
          prefix: opt(draft.storage.prefix),
        }
      : undefined;
  const auth =
    draft.auth?.mode === "access-keys"
      ? { mode: "access-keys" as const, accessKeyId: opt(draft.auth.accessKeyId), secretAccessKey: opt(draft.auth.secretAccessKey) }
      : // Without a bucket (AMP quick start) the wizard shows no bucket access: AMP always signs with IRSA.
        { mode: draft.auth?.mode === "pod-identity" && usesBucket(m) ? ("pod-identity" as const) : ("irsa" as const), roleArn: opt(draft.auth?.roleArn) };
  return dropUndefined({
    method: m,
    kubecost: { ...draft.kubecost, agentNamespace: m === "federated-storage" ? opt(draft.kubecost.agentNamespace) : undefined },
    awsAccountId: opt(draft.awsAccountId),
    storage,
    auth,
    amp: usesAmp(m) ? draft.amp : undefined,
    thanosDomain: usesSidecarHosts(m) ? opt(draft.thanosDomain) : undefined,
    clusters: draft.clusters.map((c) =>
      dropUndefined({
        id: c.id,
        role: c.role,
        displayName: opt(c.displayName),
        eksClusterName: opt(c.eksClusterName),
        region: opt(c.region),
        kubeContext: opt(c.kubeContext),
        sidecarHost: usesSidecarHosts(m) ? opt(c.sidecarHost) : undefined,
        egressCidrs: usesSidecarHosts(m) && c.egressCidrs?.length ? c.egressCidrs : undefined,
      }),
    ),
  });
}

/** A validated plan (an opened plan.yaml) as the wizard's draft. Access keys are dropped: an
 * opened file must not bring secrets into the tab's state, which the link and localStorage mirror;
 * the admin types them again on the storage step. A deep copy, so editing the draft cannot touch
 * the parsed file. planForMethod(draftFromPlan(p)) validates back to p without keys. */
export function draftFromPlan(plan: FederationPlan): PlanDraft {
  return structuredClone(dropUndefined(planWithoutSecrets(plan)));
}

/** Removes undefined-valued keys so a plan serializes the same as one written by hand. */
function dropUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = v && typeof v === "object" && !Array.isArray(v) ? dropUndefined(v as object) : v;
  }
  return out as T;
}

/** Cluster ids from pasted text: one per line, or separated by commas, semicolons or spaces. */
export function parseClusterList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Adds pasted ids as agents (the first becomes primary when none is marked yet), replacing
 * rows the admin left blank. */
export function addClusters(clusters: ClusterDraft[], ids: string[]): ClusterDraft[] {
  const kept = clusters.filter((c) => c.id.trim() !== "" || c.displayName || c.eksClusterName);
  const hasPrimary = kept.some((c) => c.role === "primary");
  const added = ids.map((id, i): ClusterDraft => ({ id, role: !hasPrimary && i === 0 ? "primary" : "agent" }));
  return [...kept, ...added];
}
