import "server-only";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { Sha256 } from "@aws-crypto/sha256-js";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { HttpRequest } from "@smithy/protocol-http";
import type { HttpRequest as SignedRequest } from "@smithy/types";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Credentials } from "./control-plane";

// SigV4-signed PromQL against an AMP workspace (https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-onboard-query-APIs.html): service "aps", POST with a
// form body so the body hash is part of the signature, host header signed, credentials from the
// default provider chain (IRSA on EKS). Every request has a deadline: a hanging endpoint becomes
// a failed check, not a stuck status page.

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** A non-2xx answer or transport failure, shaped like an AWS SDK error for describeAwsFailure. */
export class PromQueryError extends Error {
  $metadata: { httpStatusCode?: number };
  constructor(name: string, message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

export interface PromClientOptions {
  /** Workspace URL, e.g. https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-... */
  baseUrl: string;
  region: string;
  /** Injected in tests and stand-ins; otherwise the default provider chain. */
  credentials?: Credentials;
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

export interface PromClient {
  /** Instant query at `time`; returns the vector. */
  query(promql: string, time: Date): Promise<PromSample[]>;
  /** Label sets of the series matching `match` between start and end. */
  series(match: string, start: Date, end: Date): Promise<Record<string, string>[]>;
}

let defaultChain: Credentials | undefined;
const providerChain = () => (defaultChain ??= fromNodeProviderChain());

export function createPromClient(opts: PromClientOptions): PromClient {
  const signer = new SignatureV4({
    service: "aps",
    region: opts.region,
    credentials: opts.credentials ?? providerChain(),
    sha256: Sha256,
  });
  const base = new URL(opts.baseUrl.replace(/\/+$/, ""));
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function post(apiPath: string, form: URLSearchParams): Promise<unknown> {
    const body = form.toString();
    const unsigned = new HttpRequest({
      method: "POST",
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      path: `${base.pathname}${apiPath}`,
      headers: {
        host: base.host,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(body)),
      },
      body,
    });
    const signed = await signer.sign(unsigned);
    const { status, headers, text } = await send(base.protocol, signed, body, timeoutMs, opts.abortSignal);
    let json: { status?: string; data?: unknown; error?: string; errorType?: string; message?: string; Message?: string } | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status >= 200 && status < 300 && json?.status === "success") return json.data;
    const message = json?.error ?? json?.message ?? json?.Message ?? text.slice(0, 300);
    const errorType = String(headers["x-amzn-errortype"] ?? "").split(":")[0];
    const name =
      errorType ||
      (status === 403 ? (/Missing Authentication Token/i.test(message) ? "MissingAuthenticationTokenException" : "AccessDeniedException") : status === 429 ? "ThrottlingException" : "PrometheusError");
    throw new PromQueryError(name, `HTTP ${status}${json?.errorType ? ` ${json.errorType}` : ""}: ${message}`, status);
  }

  const seconds = (d: Date) => (d.getTime() / 1000).toFixed(3);
  return {
    async query(promql, time) {
      const data = (await post("/api/v1/query", new URLSearchParams({ query: promql, time: seconds(time) }))) as {
        resultType: string;
        result: { metric: Record<string, string>; value: [number, string] }[];
      };
      if (data.resultType !== "vector") throw new PromQueryError("PrometheusError", `Expected a vector, got ${data.resultType}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async series(match, start, end) {
      const form = new URLSearchParams({ "match[]": match, start: seconds(start), end: seconds(end) });
      return (await post("/api/v1/series", form)) as Record<string, string>[];
    },
  };
}

function send(protocol: string, req: SignedRequest, body: string, timeoutMs: number, cancel?: AbortSignal) {
  const limit = AbortSignal.timeout(timeoutMs);
  return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const make = protocol === "https:" ? httpsRequest : httpRequest;
    const r = make(
      {
        method: req.method,
        hostname: req.hostname,
        port: req.port,
        path: req.path,
        headers: req.headers,
        signal: cancel ? AbortSignal.any([limit, cancel]) : limit,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    r.on("error", (e: Error & { code?: string }) =>
      reject((e.name === "AbortError" || e.name === "TimeoutError") && limit.aborted ? new PromQueryError("TimeoutError", `no answer within ${timeoutMs} ms`, undefined, { cause: e }) : e),
    );
    r.end(body);
  });
}
