import type { ClusterRollup, ClusterSummary } from "./rollup";

// The shapes every probe, the health evaluation, the status page and the API share.
// Data flows one way: probes -> observations -> evaluate (lib/health) -> StatusReport -> UI/API.

/** `checking`: the console cannot judge the cluster yet (a full scan it needs is still running);
 * never shown as healthy, missing or gone before it can. */
export const VERDICTS = ["healthy", "lagging", "stale", "missing", "unexpected", "error", "checking"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** `agent`: the Kubecost 2.9 / 3.x FinOps agent files (heartbeat, diagnostics) in the bucket. */
export const SOURCES = ["etl", "thanos", "amp", "agent"] as const;
export type Source = (typeof SOURCES)[number];

/** One probe check (bucket reachable, listing works, workspace ACTIVE...). A failed check
 * never blanks the rest of the report. */
export interface CheckResult {
  id: string; // stable, e.g. "etl.bucket", "thanos.blocks", "amp.workspace"
  source: Source;
  title: string;
  status: "ok" | "warn" | "fail";
  message: string; // says what was found, in the admin's words
  fix?: string; // what to do, when status is not ok
  durationMs: number;
  /** The IAM action that was denied, when AccessDenied was the cause. */
  missingAction?: string;
  /** A problem found in the data (overlaps, a corrupt meta.json, no data), not in reading it. */
  finding?: boolean;
}

/** Whether the probe could read the source: no failed check other than data findings. What
 * federation_console_source_up reports; one rule for the page, the API and the metrics. */
export function sourceReadable(checks: readonly CheckResult[]): boolean {
  return !checks.some((c) => c.status === "fail" && !c.finding);
}

/** One day of a cluster's coverage: hours (0..24) covered by uploaded data. */
export interface CoverageDay {
  day: string; // YYYY-MM-DD (UTC)
  coveredHours: number;
}

/** A file or block the details panel shows. */
export interface Evidence {
  label: string; // e.g. "allocations/1h newest" or "block 01J..."
  key?: string; // object key
  lastModified?: string; // ISO
  sizeBytes?: number;
  note?: string;
}

export interface ClusterVerdict {
  clusterId: string;
  source: Source;
  verdict: Verdict;
  reason: string; // one sentence: why this verdict
  fix?: string; // what to do (absent when healthy)
  lastSeen?: string; // ISO time of the newest data seen for this cluster
  lagSeconds?: number; // now - lastSeen
  expected: boolean; // listed in the configured expected clusters
  coverage?: CoverageDay[]; // last 7 days, oldest first
  evidence?: Evidence[];
  /** Extra figures for the details panel, e.g. { maxTimeLagSeconds, compactionLevels }. */
  facts?: Record<string, string | number | boolean>;
}

export interface SourceReport {
  source: Source;
  /** Where it looked, without secrets: "s3://bucket/prefix (us-east-1)" or "AMP ws-... (us-west-2)". */
  target: string;
  checks: CheckResult[];
  clusters: ClusterVerdict[];
  durationMs: number;
  /** S3 requests (HTTP attempts) the probe made: what watching this source costs. */
  requests?: number;
  /** Set while the source cannot yet tell an absent cluster from one not found yet: why. */
  pendingReason?: string;
}

export interface StatusReport {
  generatedAt: string; // ISO
  sources: SourceReport[];
  /** One row per cluster id over every source, worst first (lib/health/rollup.ts). */
  clusters: ClusterRollup[];
  /** Clusters (distinct ids) per rollup verdict, and the sources' failed checks. */
  summary: ClusterSummary;
}
