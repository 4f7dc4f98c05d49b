import type { CoverageDay, Evidence } from "./types";

// What a probe saw about one cluster, before any judgement. ETL, Thanos and AMP probes all
// produce these; lib/health/evaluate.ts turns them into verdicts. Kept free of S3/AMP types so
// the AMP probe (lib/health/amp.ts) can feed the same evaluation.

/** Something wrong with a cluster beyond freshness (overlap, zero-byte file, bad label...). */
export interface ClusterProblem {
  /** "error" makes the verdict `error`; "lagging" makes a healthy verdict `lagging` (never
   * improves a worse one); "note" only adds to the reason and fix. */
  severity: "error" | "lagging" | "note";
  reason: string;
  fix: string;
}

export interface ClusterObservation {
  clusterId: string;
  /** Epoch ms of the newest data seen for this cluster (upload time); absent = nothing found. */
  lastSeenMs?: number;
  /** Why nothing was found, when lastSeenMs is absent (e.g. "the prefix holds no files"). */
  emptyReason?: string;
  problems?: ClusterProblem[];
  coverage?: CoverageDay[];
  evidence?: Evidence[];
  facts?: Record<string, string | number | boolean>;
  /** Set while a check this verdict needs is still running (the Thanos full scan): what is not
   * checked yet. A verdict that would be healthy, lagging or unexpected becomes `checking`. */
  pending?: string;
  /** When the freshness comes from another signal than the source's usual one (a FinOps agent
   * with no heartbeat judged on the cost data it writes): that signal's limits and noun. */
  thresholds?: FreshnessThresholds;
  dataNoun?: string;
}

/** Freshness limits for one method, in seconds. */
export interface FreshnessThresholds {
  laggingAfterSeconds: number;
  staleAfterSeconds: number;
}
