import "server-only";
import { setMaxListeners } from "node:events";
import type { S3Client } from "@aws-sdk/client-s3";
import type { CheckResult, Source, SourceReport, StatusReport } from "@/lib/health/types";
import { rollupReport } from "@/lib/health/rollup";
import { newS3Usage, sharedS3Client, type S3Usage } from "@/lib/probe/s3-client";
import type { FullScanMode } from "@/lib/probe/thanos-scan";
import type { ProbePriority } from "@/lib/probe/probe-limit";
import { lastKnownClusters, rememberClusters } from "@/lib/probe/last-known";
import { evaluateClusters, thresholdsFor } from "@/lib/health/evaluate";
import type { StatusConfig } from "./config";
import { SOURCE_DEFINITIONS, SOURCE_ORDER, type SourceId } from "./sources";
import { sourceProbes, type ProbeOverrides, type SourceProbe } from "./sources/probes";

// Runs every configured probe at once and merges their reports. A source that throws becomes a
// failed check in its own report: the promise never rejects, so one broken bucket never blanks
// the page, and its expected clusters (and those it showed before) become errors instead of
// vanishing from the report and the cluster_verdict series.

export interface CollectOptions {
  now?: Date;
  /** Use this client for both buckets (tests); otherwise the shared one per endpoint and region. */
  s3?: S3Client;
  /** Receives S3 request counts (bench, metrics). */
  usage?: { etl?: S3Usage; thanos?: S3Usage; agent?: S3Usage };
  thanosFullScan?: FullScanMode;
  /** Whose probe this is: the Thanos full scan it starts takes a slot of this priority. */
  priority?: ProbePriority;
  fullScanWaitMs?: number;
  /** Whole-probe budget per source (default 60 s); requests still running are aborted. */
  sourceTimeoutMs?: number;
  /** Called with each source's report as soon as it is done (the page shows it before the slowest). */
  onSource?: (report: SourceReport) => void;
  /** Replace a source's probe (tests of the guarding itself). */
  probes?: ProbeOverrides;
}

/** After the budget aborts a probe, how long it gets to return its own (more specific) report. */
const ABORT_GRACE_MS = 1_000;

export async function collectStatus(config: StatusConfig, opts: CollectOptions = {}): Promise<StatusReport> {
  const now = opts.now ?? new Date();
  const scope = config.s3Endpoint ?? "aws";
  const probes = sourceProbes(opts.probes);
  const usage = { etl: opts.usage?.etl ?? newS3Usage(), thanos: opts.usage?.thanos ?? newS3Usage(), agent: opts.usage?.agent ?? newS3Usage(), amp: newS3Usage() };
  const thanosScan = { fullScan: opts.thanosFullScan, fullScanWaitMs: opts.fullScanWaitMs, cacheScope: scope, priority: opts.priority };
  // Every configured source, in report order. A source's own expected list wins over the global
  // one: clusters expected in the AMP workspace are not "missing" from an ETL bucket they never
  // wrote to.
  const jobs = configuredSources(config).map(<Id extends SourceId>(id: Id) => {
    const section = config[id] as NonNullable<StatusConfig[Id]>;
    const probe = probes[id] as SourceProbe<Id>;
    const expectedClusters = section.expectedClusters ?? config.expectedClusters;
    const target = probe.target(section);
    return guarded({ source: id, target, expectedClusters, knownKey: `collect|${id}|${scope}|${target}`, now, config }, opts, (abortSignal) =>
      probe.run(section, {
        now,
        thresholds: config.thresholds,
        expectedClusters,
        abortSignal,
        usage: usage[id],
        s3: (region) => opts.s3 ?? sharedS3Client(config, region, { usage: usage[id] }),
        thanosScan,
      }),
    );
  });

  const sources = await Promise.all(
    jobs.map((job) =>
      job.then((s) => {
        if (probes[s.source].s3) s.requests = usage[s.source].requests;
        opts.onSource?.(s);
        return s;
      }),
    ),
  );
  return { generatedAt: now.toISOString(), sources, ...rollupReport(sources) };
}

/** The sources a config probes, in report order. */
export function configuredSources(config: StatusConfig): Source[] {
  return SOURCE_ORDER.filter((s) => config[s]);
}

interface GuardedSource {
  source: Source;
  target: string;
  expectedClusters: string[];
  /** Where this source's clusters are remembered between probes (lib/probe/last-known.ts). */
  knownKey: string;
  now: Date;
  config: StatusConfig;
}

async function guarded(s: GuardedSource, opts: CollectOptions, run: (abortSignal: AbortSignal) => Promise<SourceReport>): Promise<SourceReport> {
  const { source, target } = s;
  const started = Date.now();
  const controller = new AbortController();
  // The HTTP handler adds an abort listener per request in flight (16 ETL streams, 32 meta.json
  // reads), past Node's default warning at 10: expected, removed as each request ends.
  setMaxListeners(128, controller.signal);
  const budget = opts.sourceTimeoutMs ?? 60_000;
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${budget} ms`)), budget);
  // A probe that ignores the abort (a stuck body stream, a bug) is cut off all the same.
  const cutOff = new Promise<never>((_, reject) =>
    controller.signal.addEventListener("abort", () => setTimeout(() => reject(controller.signal.reason), ABORT_GRACE_MS).unref(), { once: true }),
  );
  try {
    const report = await Promise.race([run(controller.signal), cutOff]);
    report.clusters.push(...droppedOutOfView(s, report));
    // Only clusters the source actually showed (a "missing" one, or one still "checking" that
    // was not found yet, was never seen there).
    rememberClusters(s.knownKey, report.clusters.filter((c) => c.verdict !== "missing" && (c.verdict !== "checking" || c.lastSeen)).map((c) => [c.clusterId, { lastSeenMs: c.lastSeen ? Date.parse(c.lastSeen) : undefined }]));
    return report;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const check: CheckResult = {
      id: `${source}.probe`,
      source,
      title: "Probe",
      status: "fail",
      message: controller.signal.aborted ? `The ${source} probe did not finish within ${budget / 1000} s.` : `The ${source} probe failed: ${message}`,
      fix: controller.signal.aborted ? "The store answers too slowly: check its health and the network path; the next refresh retries." : "Retry; if it persists, report this message.",
      durationMs: Date.now() - started,
    };
    // Nothing is known about the clusters now: each expected or previously shown one says why.
    const known = lastKnownClusters(s.knownKey, s.now.getTime());
    const ids = [...new Set([...s.expectedClusters, ...(known?.keys() ?? [])])];
    const detail = controller.signal.aborted ? `it did not finish within ${budget / 1000} s` : message;
    const reason = `The ${source} probe failed: ${detail.replace(/\.$/, "")}.`;
    return {
      source,
      target,
      checks: [check],
      clusters: evaluateClusters({
        source,
        observations: ids.map((clusterId) => ({ clusterId, problems: [{ severity: "error", reason, fix: check.fix ?? "" }], emptyReason: "Its data could not be checked." })),
        expectedClusters: s.expectedClusters,
        thresholds: thresholdsFor(source, s.config.thresholds),
        now: s.now,
      }),
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Clusters this source showed before but not in this report (a bucket listing that failed and
 * returned only the expected ones, a cluster folder deleted by a lifecycle rule, a renamed
 * cluster_id): they stay on the page as errors, with their last data time, until the memory
 * forgets them, so the alert built on cluster_verdict does not go quiet. Probes that already
 * report their remembered clusters (Thanos, AMP) leave nothing for this to add. */
function droppedOutOfView(s: GuardedSource, report: SourceReport): SourceReport["clusters"] {
  const known = lastKnownClusters(s.knownKey, s.now.getTime());
  if (!known) return [];
  const shown = new Set(report.clusters.map((c) => c.clusterId));
  const dropped = [...known].filter(([id]) => !shown.has(id));
  if (dropped.length === 0) return [];
  const failed = report.checks.find((c) => c.status === "fail");
  const problem = failed
    ? { severity: "error" as const, reason: `${failed.title} failed: ${failed.message.replace(/\.$/, "")}.`, fix: failed.fix ?? "" }
    : {
        severity: "error" as const,
        reason: `Shown here before, no longer found in this ${SOURCE_DEFINITIONS[s.source].place}.`,
        fix: "Its data was deleted (a lifecycle rule?) or the cluster now reports under another cluster_id: restore it, or remove it from the expected clusters if it was retired.",
      };
  return evaluateClusters({
    source: s.source,
    observations: dropped.map(([clusterId, k]) => ({ clusterId, lastSeenMs: k.lastSeenMs, problems: [problem] })),
    expectedClusters: s.expectedClusters.filter((id) => dropped.some(([d]) => d === id)),
    thresholds: thresholdsFor(s.source, s.config.thresholds),
    now: s.now,
  });
}
