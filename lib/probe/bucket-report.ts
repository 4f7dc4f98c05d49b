import "server-only";
import type { CheckResult, Source, SourceReport } from "@/lib/health/types";
import type { ClusterObservation } from "@/lib/health/observation";
import { evaluateClusters, thresholdsFor } from "@/lib/health/evaluate";
import { targetLabel, type ProbeContext } from "./context";
import { regionRedirectCheck } from "./s3-errors";
import type { BucketTarget } from "./targets";

/** A bucket probe's report: the region-redirect warning first (the SDK followed it), then the
 * checks, and the observations judged against the expected clusters. */
export function bucketSourceReport(source: Source, target: BucketTarget, ctx: ProbeContext, checks: CheckResult[], observations: ClusterObservation[], startedMs: number): SourceReport {
  const redirect = ctx.usage?.regionRedirects[target.bucket];
  if (redirect && redirect !== target.region) checks.unshift(regionRedirectCheck(source, target.bucket, target.region, redirect));
  return {
    source,
    target: targetLabel(target),
    checks,
    clusters: evaluateClusters({ source, observations, expectedClusters: ctx.expectedClusters, thresholds: thresholdsFor(source, ctx.thresholds), now: ctx.now }),
    durationMs: Date.now() - startedMs,
  };
}
