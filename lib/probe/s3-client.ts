import "server-only";
import { Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { isAwsRegion } from "@/lib/plan/aws";

// One place that builds S3 clients for the probes. Credentials come only from the AWS default
// provider chain (IRSA in a cluster), one provider for every client so IRSA costs one STS
// AssumeRoleWithWebIdentity until the credentials expire, not one per probe; the only exception
// is a loopback endpoint (the in-process fauxqs demo), which does no auth and gets placeholder
// keys so a laptop without AWS config works. The status page uses sharedS3Client: one client
// (and keep-alive pool) per endpoint and region for the life of the process, with usage counted
// per call.
//
// Region redirects are followed here, not by the SDK: its followRegionRedirects swaps the
// client's region while the redirected request runs, so with one client shared by every probe a
// linked bucket answering 301 re-pointed the server's own requests to that bucket's region
// (its "Region was not restored following S3 region redirect" race:
// https://github.com/aws/aws-sdk-js-v3/issues/5554).
// A 301 naming a known AWS region (lib/plan/aws.ts) is re-sent once on that region's own client;
// no client's region ever changes.

/** Counts what the probes cost: every HTTP attempt (retries included) and every key/prefix listed. */
export interface S3Usage {
  requests: number;
  objectsListed: number;
  byCommand: Record<string, number>;
  /** bucket -> region named by an x-amz-bucket-region redirect (then re-sent on that region's client). */
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
  /** The client a 301 for `region` is re-sent on; default a sibling built with the same options. */
  redirectClient?: (region: string) => S3Client;
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "::1" || host === "[::1]";
}

export function createS3Client(
  config: { s3Endpoint?: string },
  region: string,
  opts: S3ClientOptions = {},
): S3Client {
  const endpoint = config.s3Endpoint;
  const client = new S3Client({
    region,
    endpoint,
    // Custom endpoints (fauxqs, MinIO) want path-style and reject the CRC32 checksums the SDK
    // sends by default since 3.729 (https://github.com/aws/aws-sdk-js-v3/issues/6810).
    forcePathStyle: !!endpoint,
    requestChecksumCalculation: endpoint ? "WHEN_REQUIRED" : undefined,
    responseChecksumValidation: endpoint ? "WHEN_REQUIRED" : undefined,
    // A 301 with x-amz-bucket-region is re-sent on the right region's client (followRedirects
    // below); the usage hook still records it so the report can name the wrong region.
    followRegionRedirects: false,
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
        : (defaultCredentials ??= fromNodeProviderChain()),
  });
  // The SDK's logger middleware builds a redacted copy of every output for its (no-op) logger:
  // a full walk of each 1,000-key listing page. The console never gives the SDK a logger.
  client.middlewareStack.remove("loggerMiddleware");
  // The handler's requestTimeout stops at the response headers; a body that stalls after them
  // (found by test/faults/s3-faults.test.ts) would hold the probe forever.
  client.middlewareStack.add(bodyDeadline(opts.requestTimeoutMs ?? 10_000), { step: "deserialize", name: "federationConsoleBodyDeadline", priority: "low" });
  if (opts.usage) countUsage(client, opts.usage);
  const siblings = new Map<string, S3Client>();
  followRedirects(client, region, opts.redirectClient ?? ((r) => siblings.get(r) ?? siblings.set(r, createS3Client(config, r, opts)).get(r)!));
  return client;
}

/** Inside the deserializer, per attempt: the response body must arrive within `ms` of its
 * headers, else it is destroyed with a TimeoutError, which the retry strategy treats as transient. */
function bodyDeadline(ms: number): Parameters<S3Client["middlewareStack"]["add"]>[0] {
  return (next) => async (args) => {
    const result = await next(args);
    const body = (result.response as { body?: unknown }).body;
    if (body instanceof Readable) {
      const timer = setTimeout(() => {
        body.destroy(Object.assign(new Error(`The S3 response body did not arrive within ${ms} ms`), { name: "TimeoutError", code: "ETIMEDOUT" }));
      }, ms);
      timer.unref();
      const clear = () => clearTimeout(timer);
      body.once("end", clear);
      body.once("close", clear);
      body.once("error", clear);
    }
    return result;
  };
}

/** The region a 301 PermanentRedirect (or, between standard and opt-in regions, a 400
 * IllegalLocationConstraintException) names in x-amz-bucket-region, when it is a real AWS region. */
export function redirectRegion(err: unknown): string | undefined {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
  const region = e?.$response?.headers?.["x-amz-bucket-region"];
  const status = e?.$metadata?.httpStatusCode;
  const redirect = status === 301 || (status === 400 && e?.name === "IllegalLocationConstraintException");
  return redirect && region && isAwsRegion(region) ? region : undefined;
}

/** Commands being re-sent after a redirect: followed at most once, so two buckets' 301s naming
 * each other's regions cannot loop. */
const redirected = new WeakSet<object>();

function followRedirects(client: S3Client, region: string, redirectClient: (region: string) => S3Client): void {
  const send = client.send.bind(client) as (...a: unknown[]) => Promise<unknown>;
  client.send = (async (command: object, ...rest: unknown[]) => {
    try {
      return await send(command, ...rest);
    } catch (err) {
      const target = redirectRegion(err);
      if (!target || target === region || redirected.has(command)) throw err;
      redirected.add(command);
      try {
        return await (redirectClient(target).send as (...a: unknown[]) => Promise<unknown>)(command, ...rest);
      } finally {
        redirected.delete(command);
      }
    }
  }) as S3Client["send"];
}

let defaultCredentials: ReturnType<typeof fromNodeProviderChain> | undefined;

const shared = new Map<string, S3Client>();
/** Distinct (endpoint, region) pairs kept; the least recently used client is destroyed past it. */
const MAX_SHARED_CLIENTS = 16;

/**
 * The process-wide client for (endpoint, region) with the default options. With `usage`, a
 * per-call view of it whose requests count into that usage only (bench, metrics).
 */
export function sharedS3Client(config: { s3Endpoint?: string }, region: string, opts: { usage?: S3Usage } = {}): S3Client {
  const key = `${config.s3Endpoint ?? ""}|${region}`;
  const client = shared.get(key) ?? createS3Client(config, region, { redirectClient: (r) => sharedS3Client(config, r) });
  shared.delete(key);
  shared.set(key, client);
  while (shared.size > MAX_SHARED_CLIENTS) {
    const oldest = shared.keys().next().value!;
    shared.get(oldest)!.destroy(); // closes its keep-alive sockets
    shared.delete(oldest);
  }
  return opts.usage ? withUsage(client, opts.usage) : client;
}

/** How many shared clients exist (tests, metrics). */
export function sharedS3ClientCount(): number {
  return shared.size;
}

/**
 * A view of `client` whose send() adds the usage counter to each command's own middleware stack,
 * so calls sharing one client count separately. Everything else is the client itself.
 */
function withUsage(client: S3Client, usage: S3Usage): S3Client {
  const view = Object.create(client) as S3Client;
  const send = ((command: Parameters<S3Client["send"]>[0], ...rest: unknown[]) => {
    const stack = command.middlewareStack as unknown as S3Client["middlewareStack"];
    stack.remove(USAGE_MIDDLEWARE);
    stack.add(usageMiddleware(usage), { step: "deserialize", name: USAGE_MIDDLEWARE, priority: "high" });
    return (client.send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as S3Client["send"];
  view.send = send;
  return view;
}

const USAGE_MIDDLEWARE = "federationConsoleUsage";

/** Adds the request counter to a client (also usable on a client the caller built). */
export function countUsage(client: S3Client, usage: S3Usage): void {
  client.middlewareStack.add(usageMiddleware(usage), { step: "deserialize", name: USAGE_MIDDLEWARE, priority: "high" });
}

type UsageMiddleware = Parameters<S3Client["middlewareStack"]["add"]>[0];

function usageMiddleware(usage: S3Usage): UsageMiddleware {
  return (next, context) => async (args) => {
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
  };
}
