import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import { VERDICTS, type Source, type SourceReport, type StatusReport, type Verdict } from "@/lib/health/types";
import { probeAmp } from "@/lib/probe/amp";
import { probeEtl } from "@/lib/probe/etl";
import { probeThanos } from "@/lib/probe/thanos";
import { createS3Client, newS3Usage, type S3Usage } from "@/lib/probe/s3-client";
import type { FullScanMode } from "@/lib/probe/thanos-scan";
import { targetLabel } from "@/lib/probe/context";
import type { StatusConfig } from "./config";

// Runs every configured probe at once and merges their reports. A source that throws becomes a
// failed check in its own report: the promise never rejects, so one broken bucket never blanks
// the page.

export interface CollectOptions {
  now?: Date;
  /** Use this client for both buckets (tests); otherwise one per bucket region. */
  s3?: S3Client;
  /** Receives S3 request counts (bench, metrics). */
  usage?: { etl?: S3Usage; thanos?: S3Usage };
  thanosFullScan?: FullScanMode;
  fullScanWaitMs?: number;
  /** Whole-probe budget per source (default 60 s); requests still running are aborted. */
  sourceTimeoutMs?: number;
}

export async function collectStatus(config: StatusConfig, opts: CollectOptions = {}): Promise<StatusReport> {
  const now = opts.now ?? new Date();
  // A source's own expected list wins over the global one: clusters expected in the AMP
  // workspace are not "missing" from an ETL bucket they never wrote to.
  const base = { now, thresholds: config.thresholds };
  const expected = (own?: string[]) => ({ expectedClusters: own ?? config.expectedClusters });
  const jobs: Array<Promise<SourceReport>> = [];

  if (config.etl) {
    const target = config.etl;
    const usage = opts.usage?.etl ?? newS3Usage();
    jobs.push(
      guarded("etl", targetLabel(target), opts, (abortSignal) =>
        probeEtl(target, { ...base, ...expected(target.expectedClusters), s3: opts.s3 ?? createS3Client(config, target.region, { usage }), usage, abortSignal }),
      ),
    );
  }
  if (config.thanos) {
    const target = config.thanos;
    const usage = opts.usage?.thanos ?? newS3Usage();
    jobs.push(
      guarded("thanos", targetLabel(target), opts, (abortSignal) =>
        probeThanos(
          target,
          { ...base, ...expected(target.expectedClusters), s3: opts.s3 ?? createS3Client(config, target.region, { usage }), usage, abortSignal },
          { fullScan: opts.thanosFullScan, fullScanWaitMs: opts.fullScanWaitMs, cacheScope: config.s3Endpoint ?? "aws" },
        ),
      ),
    );
  }
  if (config.amp) {
    const amp = config.amp;
    jobs.push(
      guarded("amp", `AMP ${amp.workspaceId ?? amp.alias} (${amp.region})`, opts, (abortSignal) =>
        probeAmp(amp, { ...base, ...expected(amp.expectedClusters), abortSignal }),
      ),
    );
  }

  const sources = await Promise.all(jobs);
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  let total = 0;
  let failedChecks = 0;
  for (const s of sources) {
    for (const c of s.clusters) {
      counts[c.verdict]++;
      total++;
    }
    failedChecks += s.checks.filter((c) => c.status === "fail").length;
  }
  return { generatedAt: now.toISOString(), sources, summary: { ...counts, total, failedChecks } };
}

async function guarded(
  source: Source,
  target: string,
  opts: CollectOptions,
  run: (abortSignal: AbortSignal) => Promise<SourceReport>,
): Promise<SourceReport> {
  const started = Date.now();
  const controller = new AbortController();
  const budget = opts.sourceTimeoutMs ?? 60_000;
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${budget} ms`)), budget);
  try {
    return await run(controller.signal);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      source,
      target,
      checks: [
        {
          id: `${source}.probe`,
          source,
          title: "Probe",
          status: "fail",
          message: controller.signal.aborted ? `The ${source} probe did not finish within ${budget / 1000} s.` : `The ${source} probe failed: ${message}`,
          fix: controller.signal.aborted ? "The store answers too slowly: check its health and the network path; the next refresh retries." : "Retry; if it persists, report this message.",
          durationMs: Date.now() - started,
        },
      ],
      clusters: [],
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reuses a report for ttlMs per config, and shares one in-flight probe between callers.
 * (lib/status/service.ts keeps its own cache for the routes; this one serves scripts and
 * callers outside the service.)
 */
export function createCollectCache(ttlMs = 5_000, collect: typeof collectStatus = collectStatus) {
  const entries = new Map<string, { at: number; report: Promise<StatusReport> }>();
  return (config: StatusConfig, opts?: CollectOptions): Promise<StatusReport> => {
    const key = JSON.stringify(config);
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.report;
    const report = collect(config, opts);
    entries.set(key, { at: Date.now(), report });
    if (entries.size > 50) entries.delete(entries.keys().next().value!);
    return report;
  };
}
