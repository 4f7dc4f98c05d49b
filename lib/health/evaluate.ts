import type { Thresholds } from "@/lib/health/thresholds";
import type { ClusterObservation, FreshnessThresholds } from "./observation";
import type { ClusterVerdict, Source, Verdict } from "./types";
import { SOURCE_DEFINITIONS } from "@/lib/status/sources";

// Observations + expected clusters + thresholds + now -> one verdict per cluster. Pure: the
// clock is an argument so tests can sit exactly on a threshold.
//
// Freshness rule (same for every method): lag <= laggingAfter -> healthy; lag > laggingAfter ->
// lagging; lag > staleAfter -> stale. Each source's limits, data noun and missing-cluster fix
// live in its definition (lib/status/sources/<id>.ts: pure data this floor may read); the
// default limits in lib/health/thresholds.ts.

/** A source's freshness limits from the configured thresholds. */
export function thresholdsFor(source: Source, t: Thresholds): FreshnessThresholds {
  return SOURCE_DEFINITIONS[source].freshness(t);
}

export interface EvaluateInput {
  source: Source;
  observations: ClusterObservation[];
  /** Cluster ids the admin expects; empty means "no list configured" (nobody is unexpected). */
  expectedClusters: string[];
  thresholds: FreshnessThresholds;
  now: Date;
  /** Words for where data lands, used in reasons: "upload", "block", "sample". */
  dataNoun?: string;
  /** Fix text for a cluster that is expected but absent. */
  missingFix?: (clusterId: string) => string;
  /** Set while the source cannot yet tell "absent" from "not found yet": an expected cluster not
   * observed is `checking` with this reason instead of `missing`. */
  pendingMissing?: string;
}

export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round((s / 3600) * 10) / 10} h`;
  return `${Math.round((s / 86400) * 10) / 10} d`;
}

/** Freshness verdict for a lag, exactly at a threshold counts as the better side. */
export function freshnessVerdict(lagSeconds: number, t: FreshnessThresholds): "healthy" | "lagging" | "stale" {
  if (lagSeconds > t.staleAfterSeconds) return "stale";
  if (lagSeconds > t.laggingAfterSeconds) return "lagging";
  return "healthy";
}

export function evaluateClusters(input: EvaluateInput): ClusterVerdict[] {
  const { source, observations, thresholds, now } = input;
  const noun = input.dataNoun ?? SOURCE_DEFINITIONS[source].dataNoun;
  const expected = new Set(input.expectedClusters);
  const haveList = expected.size > 0;
  const seen = new Set<string>();
  const out: ClusterVerdict[] = [];

  for (const o of observations) {
    seen.add(o.clusterId);
    const isExpected = expected.has(o.clusterId);
    const errors = (o.problems ?? []).filter((p) => p.severity === "error");
    // "lagging" problems read like notes, and also turn a healthy verdict lagging (below).
    const notes = (o.problems ?? []).filter((p) => p.severity !== "error");
    const lagging = notes.some((p) => p.severity === "lagging");
    const v: ClusterVerdict = {
      clusterId: o.clusterId,
      source,
      verdict: "healthy",
      reason: "",
      expected: isExpected,
      coverage: o.coverage,
      evidence: o.evidence,
      facts: o.facts,
    };
    const limits = o.thresholds ?? thresholds;
    const oNoun = o.dataNoun ?? noun;
    let freshness: Verdict;
    let freshReason: string;
    let freshFix: string | undefined;
    if (o.lastSeenMs === undefined) {
      freshness = "stale";
      freshReason = o.emptyReason ?? `No ${oNoun} found for this cluster.`;
      freshFix = `Check that the cluster is still running and can write to the store.`;
    } else {
      const rawLag = (now.getTime() - o.lastSeenMs) / 1000;
      const lag = Math.max(0, rawLag);
      v.lastSeen = new Date(o.lastSeenMs).toISOString();
      v.lagSeconds = Math.round(lag);
      freshness = freshnessVerdict(lag, limits);
      freshReason =
        rawLag < 0
          ? `Newest ${oNoun} is ${formatAge(-rawLag)} in the future (clock skew between the cluster and this server).`
          : `Newest ${oNoun} ${formatAge(lag)} ago`;
      if (freshness === "healthy") freshReason += rawLag < 0 ? "" : ".";
      else if (freshness === "lagging") {
        freshReason += ` (lagging after ${formatAge(limits.laggingAfterSeconds)}).`;
        freshFix = `Uploads are late: check the agent's logs for failed uploads and its memory/CPU; it turns stale after ${formatAge(limits.staleAfterSeconds)}.`;
      } else {
        freshReason += ` (stale after ${formatAge(limits.staleAfterSeconds)}).`;
        freshFix = `Uploads stopped: check that the cluster's Kubecost pods run and that its credentials can still write to the store.`;
      }
    }

    if (errors.length > 0) {
      v.verdict = "error";
      v.reason = [errors.map((e) => e.reason).join(" "), freshReason].join(" ");
      v.fix = errors.map((e) => e.fix).join(" ");
    } else if (haveList && !isExpected) {
      Object.assign(v, unexpectedJudgement(o.clusterId, freshReason));
    } else {
      v.verdict = freshness === "healthy" && lagging ? "lagging" : freshness;
      v.reason = freshReason;
      v.fix = freshFix;
    }
    // Good-looking verdicts wait for the check that could still overturn them; stale and error
    // are already true (a finding can only make them worse).
    if (o.pending && (v.verdict === "healthy" || v.verdict === "lagging" || v.verdict === "unexpected")) {
      v.reason = `${v.reason} ${o.pending}`;
      v.verdict = "checking";
    }
    if (notes.length > 0) {
      v.reason = `${v.reason} ${notes.map((n) => n.reason).join(" ")}`;
      v.fix = [v.fix, ...notes.map((n) => n.fix)].filter(Boolean).join(" ");
    }
    if (v.verdict === "healthy" && !v.fix) delete v.fix;
    out.push(v);
  }

  const missingFix = input.missingFix ?? SOURCE_DEFINITIONS[source].missingFix;
  for (const id of input.expectedClusters) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (input.pendingMissing) {
      out.push(checkingVerdict(source, id, noun, input.pendingMissing));
      continue;
    }
    out.push(missingVerdict(source, id, noun, missingFix(id)));
  }
  return sortByCluster(out);
}

/** An expected cluster the source shows nothing from. */
export function missingVerdict(source: Source, clusterId: string, noun: string, fix: string): ClusterVerdict {
  return { clusterId, source, verdict: "missing", reason: `Expected, but no ${noun} from this cluster was found.`, fix, expected: true };
}

/** An expected cluster not found yet while the source cannot tell absent from not found yet. */
export function checkingVerdict(source: Source, clusterId: string, noun: string, pending: string): ClusterVerdict {
  return { clusterId, source, verdict: "checking", reason: `Expected; no ${noun} from it found yet. ${pending}`, expected: true };
}

/** A cluster seen but not in the expected list (only when a list is configured). */
export function unexpectedJudgement(clusterId: string, freshReason: string): Pick<ClusterVerdict, "verdict" | "reason" | "fix"> {
  return {
    verdict: "unexpected",
    reason: `Not in the expected clusters. ${freshReason}`,
    fix: `Add "${clusterId}" to the expected clusters if it belongs here; otherwise a cluster uploads with a wrong or duplicated cluster id.`,
  };
}

export const sortByCluster = (v: ClusterVerdict[]) => v.sort((a, b) => (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0));
