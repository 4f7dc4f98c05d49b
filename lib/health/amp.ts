import type { Thresholds } from "@/lib/health/thresholds";
import { evaluateClusters, formatAge, thresholdsFor } from "./evaluate";
import type { ClusterObservation } from "./observation";
import type { CheckResult, ClusterVerdict } from "./types";

// AMP-specific judgement on top of the shared freshness rule (lib/health/evaluate.ts): what a
// missing, late or mislabelled cluster means for remote write to AMP, and what to do about it
//. Pure: the probe (lib/probe/amp) gathers, this decides.

/** Kubecost metrics that prove a cluster writes to the workspace, cheapest first. */
export const AMP_METRICS = ["kubecost_cluster_info", "node_total_hourly_cost"] as const;

/** How far back the freshness query looks (lib/probe/amp/freshness.ts). */
export const AMP_WINDOW = "24 h";

export interface AmpLastSeen {
  clusterId: string;
  lastSeenMs: number;
}

/** What the workspace holds over the last 24 h, before judgement. */
export interface AmpDataObservation {
  /** The configured cluster label (amp.clusterLabel, Kubecost's promClusterIDLabel). */
  label: string;
  /** The metric that answered; absent when neither metric has data in 24 h. */
  metric?: string;
  /** Clusters by the configured label. */
  clusters: AmpLastSeen[];
  /** Series without the configured label, grouped by the label they carry instead (e.g. `cluster`). */
  otherLabel?: { label: string; clusters: AmpLastSeen[] };
  /** Series with no cluster label at all. */
  unlabelled?: { series: number; lastSeenMs: number };
}

/** Why no cluster could be judged from data (workspace not ACTIVE, query denied, timeout...). */
export interface AmpFailure {
  reason: string;
  fix: string;
}

const REMOTE_WRITE_FIX =
  "check that cluster's Prometheus remote_write to the workspace (global.amp.remoteWriteService, global.amp.sigv4.region) and its logs: a 403 \"Missing Authentication Token\" or NoCredentialProviders from the sigv4 proxy means it has no credentials; the Prometheus service account needs an IRSA role (eks.amazonaws.com/role-arn) with aps:RemoteWrite (https://github.com/kubecost/kubecost/issues/3520).";

export function ampMissingFix(clusterId: string, label: string): string {
  return `No sample with ${label}="${clusterId}" in the last 24 h: ${REMOTE_WRITE_FIX} Also check that the cluster's external label is exactly ${label}="${clusterId}" (prometheus.server.global.external_labels.${label}).`;
}

const LAGGING_FIX = `Remote write from this cluster is falling behind: look for 429 throttling or 5xx in its Prometheus remote_write logs and at prometheus_remote_storage_samples_pending; ${REMOTE_WRITE_FIX}`;
const STALE_FIX = `Remote write from this cluster stopped: check that its Prometheus runs, then ${REMOTE_WRITE_FIX}`;

function wrongLabelProblem(id: string, used: string, label: string) {
  return {
    severity: "error" as const,
    reason: `Its samples carry ${used}="${id}" but no ${label} label, so Kubecost (which groups by ${label}) cannot see this cluster: the "only the primary shows up" case.`,
    fix: `On that cluster set prometheus.server.global.external_labels.${label}="${id}" (keep kubecostProductConfigs.clusterName equal). If the whole federation uses "${used}", set kubecostModel.promClusterIDLabel=${used} on the primary and amp.clusterLabel=${used} in the console instead (https://github.com/kubecost/cost-analyzer-helm-chart/blob/v2.4.2/cost-analyzer/values.yaml).`,
  };
}

export interface EvaluateAmpInput {
  data?: AmpDataObservation;
  failure?: AmpFailure;
  /** Clusters earlier probes of this workspace saw that `data` does not hold (they dropped out
   * of the 24 h window), or, on failure, every cluster earlier probes saw. */
  remembered?: AmpLastSeen[];
  expectedClusters: string[];
  thresholds: Thresholds;
  now: Date;
}

export function evaluateAmpClusters(input: EvaluateAmpInput): ClusterVerdict[] {
  const { data, failure } = input;
  const label = data?.label ?? "cluster_id";
  const observations = new Map<string, ClusterObservation>();

  const droppedOut = new Set<string>();
  if (failure || !data) {
    const f = failure ?? { reason: "The workspace was not queried.", fix: "See the AMP checks above." };
    const error = { severity: "error" as const, ...f };
    // Every cluster the page showed before, not only the expected ones: a failed query must not
    // make the unexpected ones vanish.
    for (const c of input.remembered ?? []) observations.set(c.clusterId, { clusterId: c.clusterId, lastSeenMs: c.lastSeenMs, problems: [error] });
    for (const id of input.expectedClusters) {
      if (!observations.has(id)) observations.set(id, { clusterId: id, emptyReason: "Its samples could not be read.", problems: [error] });
    }
  } else {
    const facts = (extra: Record<string, string> = {}) => ({ metric: data.metric ?? "", label, ...extra });
    for (const c of data.clusters) observations.set(c.clusterId, { clusterId: c.clusterId, lastSeenMs: c.lastSeenMs, facts: facts() });
    for (const c of data.otherLabel?.clusters ?? []) {
      const used = data.otherLabel!.label;
      const known = observations.get(c.clusterId);
      if (known) {
        // Seen under both labels: Kubecost sees it, but part of its series are mislabelled.
        known.problems = [...(known.problems ?? []), { ...wrongLabelProblem(c.clusterId, used, label), severity: "note" }];
      } else {
        observations.set(c.clusterId, {
          clusterId: c.clusterId,
          lastSeenMs: c.lastSeenMs,
          problems: [wrongLabelProblem(c.clusterId, used, label)],
          facts: facts({ foundUnderLabel: used }),
        });
      }
    }
    for (const c of input.remembered ?? []) {
      if (observations.has(c.clusterId)) continue;
      droppedOut.add(c.clusterId);
      observations.set(c.clusterId, { clusterId: c.clusterId, lastSeenMs: c.lastSeenMs, facts: facts({ window: AMP_WINDOW }) });
    }
  }

  const verdicts = evaluateClusters({
    source: "amp",
    observations: [...observations.values()],
    expectedClusters: input.expectedClusters,
    thresholds: thresholdsFor("amp", input.thresholds),
    now: input.now,
    missingFix: (id) => ampMissingFix(id, label),
  });
  for (const v of verdicts) {
    if (droppedOut.has(v.clusterId)) {
      // Stale even when not expected: it wrote here before, so it stopped, it is not a stranger.
      v.verdict = "stale";
      v.reason = `Not seen in ${AMP_WINDOW}: the AMP query looks back ${AMP_WINDOW}, and this console last saw a sample from it ${formatAge(v.lagSeconds ?? 0)} ago.`;
    }
    if (v.verdict === "lagging") v.fix = LAGGING_FIX;
    if (v.verdict === "stale") v.fix = STALE_FIX;
  }
  return verdicts;
}

/** "amp.label": does the data carry the cluster label Kubecost groups by? */
export function ampLabelCheck(data: AmpDataObservation, now: Date, durationMs: number): CheckResult {
  const base = { id: "amp.label", source: "amp" as const, title: `Cluster label "${data.label}"`, durationMs };
  if (!data.metric) {
    return { ...base, status: "warn", message: "Not checked: no Kubecost metric in the workspace in the last 24 h." };
  }
  const other = data.otherLabel;
  const parts: string[] = [];
  if (other && other.clusters.length > 0) {
    const ids = other.clusters.map((c) => `${other.label}="${c.clusterId}"`).join(", ");
    parts.push(`${other.clusters.length} cluster(s) write ${data.metric} with label "${other.label}" instead of "${data.label}": ${ids}.`);
  }
  if (data.unlabelled) {
    parts.push(`${data.unlabelled.series} series of ${data.metric} carry no cluster label at all (newest ${formatAge((now.getTime() - data.unlabelled.lastSeenMs) / 1000)} ago).`);
  }
  if (parts.length === 0) {
    return { ...base, status: "ok", message: `Every ${data.metric} series carries "${data.label}" (${data.clusters.length} cluster(s)).` };
  }
  const usedInstead = other?.label;
  return {
    ...base,
    status: data.clusters.length === 0 ? "fail" : "warn",
    finding: true,
    message: `${data.clusters.length === 0 ? `No series carries "${data.label}": Kubecost will show no cluster from AMP. ` : ""}${parts.join(" ")}`,
    fix: usedInstead
      ? `Set prometheus.server.global.external_labels.${data.label}=<cluster id> on those clusters, or if every cluster uses "${usedInstead}", set kubecostModel.promClusterIDLabel=${usedInstead} and amp.clusterLabel=${usedInstead} (https://github.com/kubecost/cost-analyzer-helm-chart/blob/v2.4.2/cost-analyzer/values.yaml).`
      : `Give every cluster's Prometheus the external label ${data.label}=<cluster id> (prometheus.server.global.external_labels.${data.label}) so remote-written series say which cluster they come from.`,
  };
}

/** "amp.data": did the one per-cluster query answer, and from which metric. */
export function ampDataCheck(data: AmpDataObservation, queries: number, durationMs: number): CheckResult {
  const base = { id: "amp.data", source: "amp" as const, title: "Kubecost metrics in the workspace", durationMs };
  const how = `(${queries} quer${queries === 1 ? "y" : "ies"}, last 24 h)`;
  if (!data.metric) {
    return {
      ...base,
      status: "warn",
      message: `Neither ${AMP_METRICS.join(" nor ")} has a sample in the last 24 h ${how}.`,
      fix: `No cluster writes Kubecost metrics here: on every cluster enable global.amp.enabled with global.amp.remoteWriteService pointing at this workspace; ${REMOTE_WRITE_FIX}`,
    };
  }
  const total = data.clusters.length + (data.otherLabel?.clusters.length ?? 0);
  if (data.metric !== AMP_METRICS[0]) {
    return {
      ...base,
      status: "warn",
      message: `${AMP_METRICS[0]} is absent; read ${data.metric} instead: ${total} cluster(s) ${how}.`,
      fix: `Kubecost emits ${AMP_METRICS[0]} from its cost-model; if it is missing, check that the Prometheus scrape job for the cost-model keeps it (no metric_relabel drop).`,
    };
  }
  return { ...base, status: "ok", message: `Read ${data.metric}: ${total} cluster(s) ${how}.` };
}

/** Clusters cannot be judged when the workspace is not serving (statusCode: https://docs.aws.amazon.com/prometheus/latest/APIReference/API_WorkspaceStatus.html). */
export function workspaceFailure(statusCode: string | undefined, workspaceId: string): AmpFailure | undefined {
  if (!statusCode || statusCode === "ACTIVE" || statusCode === "UPDATING") return undefined;
  return {
    reason: `The AMP workspace ${workspaceId} is ${statusCode}, so no cluster's samples can be read.`,
    fix: statusCode === "CREATING" ? "Wait until the workspace is ACTIVE." : "Point Kubecost and the console at an ACTIVE workspace.",
  };
}
