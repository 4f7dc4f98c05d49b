import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SourceReport } from "@/lib/health/types";
import type { Thresholds } from "@/lib/health/thresholds";
import { probeAmp } from "@/lib/probe/amp";
import { probeEtl } from "@/lib/probe/etl";
import { probeThanos } from "@/lib/probe/thanos";
import { probeAgent } from "@/lib/probe/agent";
import type { S3Usage } from "@/lib/probe/s3-client";
import { targetLabel } from "@/lib/probe/context";
import type { FullScanMode } from "@/lib/probe/thanos-scan";
import type { ProbePriority } from "@/lib/probe/probe-limit";
import type { StatusConfig } from "../config";
import type { SourceId } from "./definition";

// Each source's probe, server-only (the probes hold the server's AWS credentials, so they stay
// out of ./index.ts, which the page bundles). Typed by the registry's ids: a new source without
// a probe does not compile. lib/status/collect.ts runs them.

/** What collection hands every probe. */
export interface ProbeRun {
  now: Date;
  thresholds: Thresholds;
  expectedClusters: string[];
  abortSignal: AbortSignal;
  /** The S3 client for a bucket source's region (counting into `usage`). */
  s3(region: string): S3Client;
  usage: S3Usage;
  /** Thanos: whether to wait for the full scan, and whose slot it takes. */
  thanosScan: { fullScan?: FullScanMode; fullScanWaitMs?: number; cacheScope: string; priority?: ProbePriority };
}

export interface SourceProbe<Id extends SourceId = SourceId> {
  /** Where it looks, without secrets (the report's target), for a failed or cut-off probe. */
  target(section: NonNullable<StatusConfig[Id]>): string;
  run(section: NonNullable<StatusConfig[Id]>, run: ProbeRun): Promise<SourceReport>;
  /** Reads S3 (its requests are counted per source). */
  s3: boolean;
}

export type ProbeOverrides = { etl?: typeof probeEtl; thanos?: typeof probeThanos; amp?: typeof probeAmp; agent?: typeof probeAgent };

const bucketCtx = (t: { region: string }, r: ProbeRun) => ({ now: r.now, thresholds: r.thresholds, expectedClusters: r.expectedClusters, s3: r.s3(t.region), usage: r.usage, abortSignal: r.abortSignal });

export function sourceProbes(overrides: ProbeOverrides = {}): { [Id in SourceId]: SourceProbe<Id> } {
  return {
    etl: { s3: true, target: targetLabel, run: (t, r) => (overrides.etl ?? probeEtl)(t, bucketCtx(t, r)) },
    thanos: { s3: true, target: targetLabel, run: (t, r) => (overrides.thanos ?? probeThanos)(t, bucketCtx(t, r), r.thanosScan) },
    agent: { s3: true, target: targetLabel, run: (t, r) => (overrides.agent ?? probeAgent)(t, bucketCtx(t, r)) },
    amp: {
      s3: false,
      target: (a) => `AMP ${a.workspaceId ?? a.alias} (${a.region})`,
      run: (a, r) => (overrides.amp ?? probeAmp)(a, { now: r.now, thresholds: r.thresholds, expectedClusters: r.expectedClusters, abortSignal: r.abortSignal }),
    },
  };
}
