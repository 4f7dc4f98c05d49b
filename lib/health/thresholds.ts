import { z } from "zod";

// The freshness limits every evaluation and probe reads (seconds, except coverageDays), and the
// schema with their defaults that the status config (lib/status/config.ts) validates them with.
// Both live here so the lower floors (lib/health, lib/probe) need not import the status layer
// above them.

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
  agentDataLaggingAfterSeconds: number;
  agentDataStaleAfterSeconds: number;
  coverageDays: number;
}

export const thresholdsSchema = z.object({
  /** ETL: newest upload younger than this is healthy (seconds). */
  etlLaggingAfterSeconds: z.number().positive().default(3 * 3600),
  etlStaleAfterSeconds: z.number().positive().default(12 * 3600),
  /** Thanos sidecar blocks: one 2 h block about every 2 h, so 3 h is a missed upload. */
  thanosLaggingAfterSeconds: z.number().positive().default(3 * 3600),
  thanosStaleAfterSeconds: z.number().positive().default(6 * 3600),
  /** Block dir without meta.json older than this is a failed partial upload. */
  thanosPartialGraceSeconds: z.number().positive().default(2 * 3600),
  ampLaggingAfterSeconds: z.number().positive().default(15 * 60),
  ampStaleAfterSeconds: z.number().positive().default(60 * 60),
  /** FinOps agent heartbeat (every 5 min): three missed beats lag, an hour is stale. */
  agentLaggingAfterSeconds: z.number().positive().default(15 * 60),
  agentStaleAfterSeconds: z.number().positive().default(60 * 60),
  /** An agent with no heartbeat (agent.exports.heartbeat off, or a 2.x cluster) is judged on the
   * newest cost data it writes: kubemodel objects or Federated ETL files, written per window
   * after it closes (hourly at the latest), so the ETL limits apply. */
  agentDataLaggingAfterSeconds: z.number().positive().default(3 * 3600),
  agentDataStaleAfterSeconds: z.number().positive().default(12 * 3600),
  coverageDays: z.number().int().min(1).max(31).default(7),
}) satisfies z.ZodType<Thresholds>;
