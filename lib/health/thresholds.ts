// The freshness limits every evaluation and probe reads (seconds, except coverageDays). The
// status config validates them (lib/status/config.ts thresholdsSchema, with the defaults and
// why); the shape lives here so the lower floors (lib/health, lib/probe) need not import the
// status layer above them.

export interface Thresholds {
  etlLaggingAfterSeconds: number;
  etlStaleAfterSeconds: number;
  thanosLaggingAfterSeconds: number;
  thanosStaleAfterSeconds: number;
  thanosPartialGraceSeconds: number;
  ampLaggingAfterSeconds: number;
  ampStaleAfterSeconds: number;
  agentLaggingAfterSeconds: number;
  agentStaleAfterSeconds: number;
  coverageDays: number;
}
