import type { S3Client } from "@aws-sdk/client-s3";
import type { Thresholds } from "@/lib/health/thresholds";
import type { S3Usage } from "./s3-client";

/** What every bucket probe needs besides its target. */
export interface ProbeContext {
  now: Date;
  s3: S3Client;
  thresholds: Thresholds;
  expectedClusters: string[];
  /** Filled by the client's usage hook; read for region redirects and the bench. */
  usage?: S3Usage;
  /** Parallel requests (default 32). */
  concurrency?: number;
  abortSignal?: AbortSignal;
}

export function targetLabel(t: { bucket: string; prefix: string; region: string }): string {
  return `s3://${t.bucket}/${t.prefix} (${t.region})`;
}
