import { describe, expect, it } from "vitest";
import { rollupReport } from "@/lib/health/rollup";
import { renderStatusMetrics } from "./metrics";
import type { StatusResponse } from "./service";

/** Minimal Prometheus text parser: `name{a="b",...} value` -> samples. */
function parseSamples(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`Not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const report: StatusResponse = {
  generatedAt: "2026-01-10T12:00:00.000Z",
  refreshSeconds: 60,
  clusters: [],
  summary: { healthy: 1, lagging: 0, stale: 1, missing: 1, unexpected: 0, error: 0, checking: 0, total: 3, failedChecks: 1 },
  sources: [
    {
      source: "etl",
      target: "s3://etl (us-east-1)",
      durationMs: 1250,
      checks: [
        { id: "etl.bucket", source: "etl", title: "Bucket reachable", status: "ok", message: "ok", durationMs: 40 },
        { id: "etl.diagnostics", source: "etl", title: "Diagnostics", status: "fail", message: "AccessDenied", fix: "Grant s3:GetObject", durationMs: 15 },
      ],
      clusters: [
        { clusterId: "prod-1", source: "etl", verdict: "healthy", reason: "fresh", expected: true, lastSeen: "2026-01-10T11:30:00.000Z", lagSeconds: 1800 },
        { clusterId: "prod-2", source: "etl", verdict: "stale", reason: "old", expected: true, lastSeen: "2026-01-09T12:00:00.000Z", lagSeconds: 86400 },
        { clusterId: "dr-1", source: "etl", verdict: "missing", reason: "never", expected: true },
      ],
    },
  ],
};

describe("renderStatusMetrics", () => {
  it("exports one worst-verdict series per cluster id, from the rollup", async () => {
    const { body } = await renderStatusMetrics({ ...report, ...rollupReport(report.sources) });
    const worst = parseSamples(body).filter((s) => s.name === "federation_console_cluster_worst_verdict");
    expect(worst.map((s) => [s.labels.cluster_id, s.labels.verdict, s.value])).toEqual([
      ["dr-1", "missing", 1],
      ["prod-2", "stale", 1],
      ["prod-1", "healthy", 1],
    ]);
  });

  it("source_up is 1 for a source without failed checks, 0 for one with a failed check, absent when nothing was probed", async () => {
    const amp = { source: "amp" as const, target: "AMP ws (us-east-1)", durationMs: 5, clusters: [], checks: [
      { id: "amp.workspace", source: "amp" as const, title: "AMP workspace", status: "ok" as const, message: "ACTIVE", durationMs: 1 },
      { id: "amp.logging", source: "amp" as const, title: "Workspace logging", status: "warn" as const, message: "off", durationMs: 1 },
    ] };
    const up = (r: StatusResponse) => renderStatusMetrics(r).then(({ body }) =>
      Object.fromEntries(parseSamples(body).filter((s) => s.name === "federation_console_source_up").map((s) => [s.labels.source, s.value])),
    );
    // etl has a failed check (diagnostics), amp only ok and warn.
    expect(await up({ ...report, sources: [...report.sources, amp] })).toEqual({ etl: 0, amp: 1 });
    expect(await up({ ...report, sources: [], error: { code: "config_invalid", title: "The status configuration is not valid", message: "x" } })).toEqual({});
  });

  it("source_up stays 1 on data findings (an overlap) and the per-source request count is exported", async () => {
    const thanos = { source: "thanos" as const, target: "s3://t", durationMs: 5, requests: 1001, clusters: [], checks: [
      { id: "thanos.bucket", source: "thanos" as const, title: "Recent blocks", status: "ok" as const, message: "ok", durationMs: 1 },
      { id: "thanos.overlaps", source: "thanos" as const, title: "Overlapping blocks", status: "fail" as const, finding: true, message: "1 overlap", durationMs: 1 },
    ] };
    const { body } = await renderStatusMetrics({ ...report, sources: [thanos], ageSeconds: 7 });
    expect(body).toMatch(/^federation_console_source_up\{source="thanos"\} 1$/m);
    expect(body).toMatch(/^federation_console_check_status\{source="thanos",check="thanos.overlaps",status="fail"\} 1$/m);
    expect(body).toMatch(/^federation_console_probe_requests\{source="thanos"\} 1001$/m);
    expect(body).toMatch(/^federation_console_report_age_seconds 7$/m);
  });

  it("writes per-cluster timestamps, lags and one verdict series per cluster", async () => {
    const { body, contentType } = await renderStatusMetrics(report);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseSamples(body);
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.filter((s) => s.name === `federation_console_${name}` && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

    expect(value("status_ok")[0].value).toBe(1);
    expect(value("report_timestamp_seconds")[0].value).toBe(Date.parse("2026-01-10T12:00:00Z") / 1000);
    expect(value("cluster_last_seen_timestamp_seconds", { cluster_id: "prod-1", source: "etl" })[0].value).toBe(
      Date.parse("2026-01-10T11:30:00Z") / 1000,
    );
    expect(value("cluster_last_seen_timestamp_seconds", { cluster_id: "dr-1" })).toHaveLength(0);
    expect(value("cluster_lag_seconds", { cluster_id: "prod-2" })[0].value).toBe(86400);

    const verdicts = value("cluster_verdict");
    expect(verdicts).toHaveLength(3);
    expect(verdicts.map((s) => `${s.labels.cluster_id}=${s.labels.verdict}:${s.value}`).sort()).toEqual([
      "dr-1=missing:1",
      "prod-1=healthy:1",
      "prod-2=stale:1",
    ]);
    expect(value("clusters", { source: "etl", verdict: "stale" })[0].value).toBe(1);
    expect(value("clusters", { source: "etl", verdict: "unexpected" })[0].value).toBe(0);
  });

  it("writes check status, probe errors and durations in seconds", async () => {
    const samples = parseSamples((await renderStatusMetrics(report)).body);
    const one = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === `federation_console_${name}` && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(one("check_status", { check: "etl.diagnostics" })).toMatchObject({ labels: { status: "fail" }, value: 1 });
    expect(one("check_status", { check: "etl.bucket" })?.labels.status).toBe("ok");
    expect(one("check_duration_seconds", { check: "etl.bucket" })?.value).toBe(0.04);
    expect(one("probe_failed_checks", { source: "etl" })?.value).toBe(1);
    expect(one("probe_duration_seconds", { source: "etl" })?.value).toBe(1.25);
  });

  it("reports status_ok 0 and no cluster series when nothing could be probed", async () => {
    const samples = parseSamples(
      (await renderStatusMetrics({ ...report, sources: [], error: { code: "config_invalid", title: "bad config", message: "set FC_ETL_REGION" } })).body,
    );
    expect(samples.find((s) => s.name === "federation_console_status_ok")?.value).toBe(0);
    expect(samples.filter((s) => s.name === "federation_console_cluster_verdict")).toHaveLength(0);
  });

  it("starts from an empty registry on every scrape", async () => {
    await renderStatusMetrics(report);
    const second = parseSamples((await renderStatusMetrics({ ...report, sources: [] })).body);
    expect(second.filter((s) => s.name === "federation_console_cluster_verdict")).toHaveLength(0);
  });
});
