import "server-only";
import type { CheckResult, SourceReport } from "@/lib/health/types";
import { thresholdsSchema, type Thresholds } from "@/lib/health/thresholds";
import { ampDataCheck, ampLabelCheck, evaluateAmpClusters, workspaceFailure, type AmpDataObservation, type AmpFailure } from "@/lib/health/amp";
import { probeControlPlane, type AmpConfig, type Credentials } from "./control-plane";
import { describeAwsFailure } from "./errors";
import { observeClusterFreshness } from "./freshness";
import { knownAmpClusters, type KnownClusters } from "./known-clusters";
import { createPromClient, type PromClient } from "./query";

// AMP source report: control plane checks, then (when the workspace can serve) one per-cluster
// freshness query and the cluster-label check, judged by lib/health/amp.ts.

export interface AmpProbeContext {
  now: Date;
  expectedClusters?: string[];
  thresholds?: Thresholds;
  /** Tests and stand-ins; otherwise the default provider chain (IRSA on EKS). */
  credentials?: Credentials;
  /** Per request, retries included (default 5 s control plane, 10 s query). */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
  /** Tests: replace the SigV4 query client. */
  prom?: PromClient;
  /** Clusters earlier probes saw, per workspace (default: this process's shared memory). */
  knownClusters?: KnownClusters;
}

/** Local stand-ins (demo, tests) need some credentials to sign with; never real ones. */
const STAND_IN_CREDENTIALS = { accessKeyId: "AKIDLOCALSTANDIN", secretAccessKey: "local-stand-in-not-a-secret" };
const isLoopback = (url?: string) => !!url && /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);

export async function probeAmp(amp: AmpConfig, ctx: AmpProbeContext): Promise<SourceReport> {
  const started = performance.now();
  const config: AmpConfig = amp;
  const standIn = isLoopback(amp.controlPlaneEndpoint) && (!amp.queryEndpoint || isLoopback(amp.queryEndpoint));
  const credentials = ctx.credentials ?? (standIn ? STAND_IN_CREDENTIALS : undefined);
  const thresholds = ctx.thresholds ?? thresholdsSchema.parse({});
  const expectedClusters = ctx.expectedClusters ?? [];

  const plane = await probeControlPlane(config, { credentials, timeoutMs: ctx.timeoutMs, abortSignal: ctx.abortSignal });
  const checks: CheckResult[] = [...plane.checks];
  const ws = plane.workspace;
  const target = `AMP ${ws?.workspaceId ?? amp.workspaceId ?? `alias "${amp.alias}"`} (${amp.region})`;

  let data: AmpDataObservation | undefined;
  let failure: AmpFailure | undefined = ws ? workspaceFailure(ws.statusCode, ws.workspaceId) : undefined;
  if (!ws) {
    const wsCheck = checks.find((c) => c.id === "amp.workspace");
    failure = { reason: `The AMP workspace could not be identified: ${wsCheck?.message ?? "unknown error"}`, fix: wsCheck?.fix ?? "See the AMP checks." };
  } else if (!failure) {
    const t0 = performance.now();
    const prom = ctx.prom ?? createPromClient({ baseUrl: ws.queryBaseUrl, region: amp.region, credentials, timeoutMs: ctx.timeoutMs, abortSignal: ctx.abortSignal });
    try {
      const observed = await observeClusterFreshness(prom, amp.clusterLabel, ctx.now);
      data = observed.data;
      const ms = Math.round(performance.now() - t0);
      checks.push(ampDataCheck(data, observed.queries, ms), ampLabelCheck(data, ctx.now, ms));
    } catch (error) {
      const f = describeAwsFailure(error, "aps:QueryMetrics", `the ${amp.queryEndpoint ? "configured " : ""}query endpoint of workspace ${ws.workspaceId} (${amp.region})`, ctx.timeoutMs ?? 10_000);
      const ms = Math.round(performance.now() - t0);
      checks.push(
        { id: "amp.data", source: "amp", title: "Kubecost metrics in the workspace", status: "fail", message: f.message, fix: f.fix, durationMs: ms, ...(f.missingAction ? { missingAction: f.missingAction } : {}) },
        { id: "amp.label", source: "amp", title: `Cluster label "${amp.clusterLabel}"`, status: "warn", message: "Not checked: the query failed.", durationMs: 0 },
      );
      failure = { reason: `Querying the workspace failed: ${f.message}`, fix: f.fix };
    }
  }
  if (failure && ws && !data && !checks.some((c) => c.id === "amp.data")) {
    checks.push({ id: "amp.data", source: "amp", title: "Kubecost metrics in the workspace", status: "warn", message: `Not queried: ${failure.reason}`, durationMs: 0 });
  }

  const known = ctx.knownClusters ?? knownAmpClusters;
  const memoryKey = `${amp.region}/${ws?.workspaceId ?? amp.workspaceId ?? `alias:${amp.alias}`}/${amp.clusterLabel}`;
  const remembered = data && !failure ? known.update(memoryKey, data.clusters, ctx.now.getTime()) : known.get(memoryKey, ctx.now.getTime());

  return {
    source: "amp",
    target,
    checks,
    clusters: evaluateAmpClusters({ data, failure, remembered, expectedClusters, thresholds, now: ctx.now }),
    durationMs: Math.round(performance.now() - started),
  };
}
