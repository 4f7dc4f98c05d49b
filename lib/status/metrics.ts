import "server-only";
import { Gauge, Registry } from "prom-client";
import { VERDICTS, sourceReadable } from "@/lib/health/types";
import type { StatusResponse } from "./service";

// /api/metrics: the StatusReport in Prometheus text format so admins alert from their own
// Prometheus. A fresh Registry per scrape: the series are exactly the current report's (a cluster
// that left the bucket disappears), and the process-global registry stays untouched.
// Every name is documented in docs/status-api.md.

const PREFIX = "federation_console_";

export async function renderStatusMetrics(report: StatusResponse): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name: PREFIX + name, help, labelNames, registers: [registry] });

  const up = gauge("status_ok", "1 when the status config is valid and the probes ran, 0 when nothing could be probed", []);
  const generated = gauge("report_timestamp_seconds", "When the report was generated (unix seconds)", []);
  const lastSeen = gauge("cluster_last_seen_timestamp_seconds", "Newest data seen for the cluster (unix seconds): last ETL upload, newest sidecar block, last AMP sample", ["source", "cluster_id"]);
  const lag = gauge("cluster_lag_seconds", "Seconds between the report and the cluster's newest data", ["source", "cluster_id"]);
  const verdict = gauge("cluster_verdict", "1 for the cluster's current verdict (label verdict: healthy, lagging, stale, missing, unexpected, error, checking)", ["source", "cluster_id", "verdict", "expected"]);
  const clusters = gauge("clusters", "Clusters per source and verdict", ["source", "verdict"]);
  const check = gauge("check_status", "1 for the check's current status (label status: ok, warn, fail)", ["source", "check", "status"]);
  const checkDuration = gauge("check_duration_seconds", "How long the check took", ["source", "check"]);
  const failed = gauge("probe_failed_checks", "Checks of the source that failed in this report (probe errors)", ["source"]);
  // Defined per source so an alert can tell "the probe of this source is broken" (clusters may
  // then show error or vanish) from "a cluster is late" or "the data is broken" (a finding).
  // Absent when nothing was probed (status_ok is 0 then).
  const sourceUp = gauge("source_up", "1 when the probe could read the source, 0 when it could not (endpoint down, access denied, timeout); data findings such as overlaps do not count", ["source"]);
  const requests = gauge("probe_requests", "S3 requests the source's probe made for this report (retries included)", ["source"]);
  const age = gauge("report_age_seconds", "Seconds since the report's probe completed (a newer one may be running)", []);
  const pending = gauge("first_report_pending", "1 while the first probe after start has not completed (no other series then)", []);
  const worst = gauge("cluster_worst_verdict", "1 for the cluster's verdict over every source, the worst of them (label verdict); one series per cluster id", ["cluster_id", "verdict"]);
  const probeDuration = gauge("probe_duration_seconds", "How long the whole source probe took", ["source"]);

  if (report.pending) {
    // The config is valid and the first probe runs: not a failure an alert should page on.
    pending.set(1);
    up.set(1);
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
  pending.set(0);
  up.set(report.error ? 0 : 1);
  age.set(report.ageSeconds ?? 0);
  generated.set(Date.parse(report.generatedAt) / 1000);
  for (const s of report.sources) {
    probeDuration.set({ source: s.source }, s.durationMs / 1000);
    const failedCount = s.checks.filter((c) => c.status === "fail").length;
    failed.set({ source: s.source }, failedCount);
    sourceUp.set({ source: s.source }, sourceReadable(s.checks) ? 1 : 0);
    if (s.requests !== undefined) requests.set({ source: s.source }, s.requests);
    for (const c of s.checks) {
      check.set({ source: s.source, check: c.id, status: c.status }, 1);
      checkDuration.set({ source: s.source, check: c.id }, c.durationMs / 1000);
    }
    for (const v of VERDICTS) clusters.set({ source: s.source, verdict: v }, s.clusters.filter((c) => c.verdict === v).length);
    for (const c of s.clusters) {
      const ids = { source: s.source, cluster_id: c.clusterId };
      verdict.set({ ...ids, verdict: c.verdict, expected: String(c.expected) }, 1);
      if (c.lastSeen) lastSeen.set(ids, Date.parse(c.lastSeen) / 1000);
      if (c.lagSeconds !== undefined) lag.set(ids, c.lagSeconds);
    }
  }
  for (const c of report.clusters) worst.set({ cluster_id: c.clusterId, verdict: c.verdict }, 1);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
