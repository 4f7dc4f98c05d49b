import "server-only";
import { S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { StatusConfig } from "@/lib/status/config";

// One place that builds S3 clients for the probes. Credentials come only from the AWS default
// provider chain (IRSA in a cluster); the only exception is a loopback endpoint (the in-process
// fauxqs demo), which does no auth and gets placeholder keys so a laptop without AWS config works.

/** Counts what the probes cost: every HTTP attempt (retries included) and every key/prefix listed. */
export interface S3Usage {
  requests: number;
  objectsListed: number;
  byCommand: Record<string, number>;
  /** bucket -> region named by an x-amz-bucket-region redirect (the SDK then follows it). */
  regionRedirects: Record<string, string>;
}

export function newS3Usage(): S3Usage {
  return { requests: 0, objectsListed: 0, byCommand: {}, regionRedirects: {} };
}

export interface S3ClientOptions {
  /** Per attempt: connecting (ms). */
  connectionTimeoutMs?: number;
  /** Per attempt: the whole request and response (ms); a hanging endpoint ends here. */
  requestTimeoutMs?: number;
  /** Attempts including the first; throttling (SlowDown, 503) and timeouts are retried with backoff. */
  maxAttempts?: number;
  usage?: S3Usage;
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "::1" || host === "[::1]";
}

export function createS3Client(
  config: Pick<StatusConfig, "s3Endpoint">,
  region: string,
  opts: S3ClientOptions = {},
): S3Client {
  const endpoint = config.s3Endpoint;
  const client = new S3Client({
    region,
    endpoint,
    // Custom endpoints (fauxqs, MinIO) want path-style and reject the CRC32 checksums the SDK
    // sends by default since 3.729 (FACTS.md §5).
    forcePathStyle: !!endpoint,
    requestChecksumCalculation: endpoint ? "WHEN_REQUIRED" : undefined,
    responseChecksumValidation: endpoint ? "WHEN_REQUIRED" : undefined,
    // A 301 with x-amz-bucket-region is re-signed for the right region; the usage hook below
    // still records it so the report can name the wrong region (FACTS.md §5).
    followRegionRedirects: true,
    maxAttempts: opts.maxAttempts ?? 3,
    retryMode: "standard",
    requestHandler: new NodeHttpHandler({
      connectionTimeout: opts.connectionTimeoutMs ?? 3_000,
      requestTimeout: opts.requestTimeoutMs ?? 10_000,
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: true, maxSockets: 64 },
      httpsAgent: { keepAlive: true, maxSockets: 64 },
    }),
    credentials:
      endpoint && isLoopback(endpoint) && !process.env.AWS_ACCESS_KEY_ID
        ? { accessKeyId: "local-demo", secretAccessKey: "local-demo" }
        : undefined,
  });
  // The SDK's logger middleware builds a redacted copy of every output for its (no-op) logger:
  // a full walk of each 1,000-key listing page. The console never gives the SDK a logger.
  client.middlewareStack.remove("loggerMiddleware");
  if (opts.usage) countUsage(client, opts.usage);
  return client;
}

/** Adds the request counter to a client (also usable on a client the caller built). */
export function countUsage(client: S3Client, usage: S3Usage): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // The deserialize step runs once per HTTP attempt, inside the retry loop.
      usage.requests++;
      const name = context.commandName ?? "unknown";
      usage.byCommand[name] = (usage.byCommand[name] ?? 0) + 1;
      try {
        const result = await next(args);
        const out = result.output as { Contents?: unknown[]; CommonPrefixes?: unknown[] };
        usage.objectsListed += (out.Contents?.length ?? 0) + (out.CommonPrefixes?.length ?? 0);
        return result;
      } catch (err) {
        const e = err as { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
        const region = e.$response?.headers?.["x-amz-bucket-region"];
        const bucket = (args.input as { Bucket?: string }).Bucket;
        if (region && bucket && e.$metadata?.httpStatusCode === 301) usage.regionRedirects[bucket] = region;
        throw err;
      }
    },
    { step: "deserialize", name: "federationConsoleUsage", priority: "high" },
  );
}
