import "server-only";
import { randomUUID } from "node:crypto";
import { VERDICTS, type StatusReport, type Verdict } from "@/lib/health/types";
import type { StatusConfig } from "./config";
import { collectStatus } from "./collect";
import { getServerConfig, type ConfigProblem, type LoadedConfig } from "./load-config";
import { applyRequestTargets, type RequestTargets } from "./request-targets";

// The one entry point the status page, /api/status and /api/metrics share, so they always show
// the same verdicts. Reports are cached per target for a few seconds: a page refresh, the API and
// a Prometheus scrape arriving together cost one probe, and many browsers cost no more than one.

/** What /api/status returns: the StatusReport plus what the page needs to drive itself. */
export interface StatusResponse extends StatusReport {
  /** Seconds between automatic refreshes (config refreshSeconds). */
  refreshSeconds: number;
  /** Set when nothing could be probed (invalid server config, probe crash); sources is empty. */
  error?: { title: string; message: string; problems?: ConfigProblem[] };
}

export interface StatusServiceDeps {
  loadConfig: () => LoadedConfig;
  collect: (config: StatusConfig) => Promise<StatusReport>;
  clock?: () => number;
  /** How long one report is reused (ms). */
  ttlMs?: number;
  /** A forced refresh still reuses a report younger than this (ms), so a held-down button is cheap. */
  minForcedAgeMs?: number;
  maxEntries?: number;
  /** Probes running at once, over every target (each lists whole buckets or queries a workspace). */
  maxConcurrentProbes?: number;
  /** Probes waiting for a slot; beyond this a new target is answered "busy" instead of queued. */
  maxQueuedProbes?: number;
}

const DEFAULT_REFRESH_SECONDS = 60;

export function emptySummary(): StatusReport["summary"] {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  return { ...counts, total: 0, failedChecks: 0 };
}

function errorResponse(now: number, title: string, message: string, problems?: ConfigProblem[]): StatusResponse {
  return {
    generatedAt: new Date(now).toISOString(),
    sources: [],
    summary: emptySummary(),
    refreshSeconds: DEFAULT_REFRESH_SECONDS,
    error: { title, message, problems },
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Patterns for the server-side endpoints (S3, AMP control plane, AMP query): any URL on their
 * host, then the bare host. They can be private addresses (a VPC endpoint, MinIO inside the
 * network) and the report goes to anonymous readers, so no message may carry them. */
function endpointPatterns(config: StatusConfig): RegExp[] {
  const out: RegExp[] = [];
  for (const raw of [config.s3Endpoint, config.amp?.controlPlaneEndpoint, config.amp?.queryEndpoint]) {
    if (!raw) continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const host = escapeRegExp(url.host);
    out.push(new RegExp(`[a-z][a-z0-9+.-]*://(?:[^\\s/@"']*@)?${host}[^\\s"'<>)]*`, "gi"), new RegExp(host, "gi"));
  }
  return out;
}

/** Replaces endpoint addresses in every string of the response (checks, reasons, evidence). */
export function redactEndpoints<T>(value: T, patterns: RegExp[]): T {
  if (patterns.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return patterns.reduce((s, p) => s.replace(p, "the configured endpoint"), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

interface Entry {
  at: number;
  response: Promise<StatusResponse>;
}

export function createStatusService(deps: StatusServiceDeps) {
  const clock = deps.clock ?? Date.now;
  const ttlMs = deps.ttlMs ?? 5_000;
  const minForcedAgeMs = deps.minForcedAgeMs ?? 1_000;
  const maxEntries = deps.maxEntries ?? 50;
  const maxConcurrent = deps.maxConcurrentProbes ?? 2;
  const maxQueued = deps.maxQueuedProbes ?? 8;
  const cache = new Map<string, Entry>();
  // A global limit, not per target: every distinct link (another bucket, another cluster list) is
  // a new cache key, so without it a burst of links would start that many bucket listings at once.
  let running = 0;
  const waiting: Array<() => void> = [];

  async function slot(): Promise<() => void> {
    if (running >= maxConcurrent) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    // The slot passes straight to the next waiter, so `running` counts it throughout.
    return () => {
      const next = waiting.shift();
      if (next) next();
      else running--;
    };
  }

  async function probe(config: StatusConfig): Promise<StatusResponse> {
    const release = await slot();
    try {
      const report = await deps.collect(config);
      return redactEndpoints({ ...report, refreshSeconds: config.refreshSeconds }, endpointPatterns(config));
    } catch (err) {
      // collectStatus fails per source; reaching here is a bug. The raw error can hold endpoints
      // or request details, so the reader gets a reference and the server log gets the text.
      const ref = randomUUID().slice(0, 8);
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      console.error(`Status probe crashed (reference ${ref}): ${redactEndpoints(text, endpointPatterns(config))}`);
      return {
        ...errorResponse(
          clock(),
          "The probe crashed",
          `The status probe failed unexpectedly (reference ${ref}). The console server's log has the details under that reference; the next refresh tries again.`,
        ),
        refreshSeconds: config.refreshSeconds,
      };
    } finally {
      release();
    }
  }

  /** Throws RequestTargetsNotAllowed / MissingRegion for a link the server refuses. */
  async function getStatus(targets: RequestTargets = {}, opts: { fresh?: boolean } = {}): Promise<StatusResponse> {
    const loaded = deps.loadConfig();
    if (!loaded.ok) {
      return errorResponse(clock(), "The status configuration is not valid", loaded.error.message, loaded.error.problems);
    }
    const config = applyRequestTargets(loaded.config, targets);
    const key = JSON.stringify(config);
    const now = clock();
    const hit = cache.get(key);
    if (hit && now - hit.at < (opts.fresh ? minForcedAgeMs : ttlMs)) return hit.response;
    if (running >= maxConcurrent && waiting.length >= maxQueued) {
      // Not cached: the next request after the queue drains probes normally.
      return {
        ...errorResponse(now, "The console is busy", `${running} probes are running and ${waiting.length} are waiting. Try again in a few seconds; the page retries at its next refresh.`),
        refreshSeconds: config.refreshSeconds,
      };
    }

    const response = probe(config);
    cache.delete(key); // re-insert so Map order is oldest-first for eviction
    cache.set(key, { at: now, response });
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return response;
  }

  return { getStatus, clear: () => cache.clear() };
}

let service: ReturnType<typeof createStatusService> | undefined;

/** The status for the server's config, optionally narrowed or redirected by a wizard link. */
export function getStatus(targets?: RequestTargets, opts?: { fresh?: boolean }): Promise<StatusResponse> {
  service ??= createStatusService({ loadConfig: getServerConfig, collect: (config) => collectStatus(config) });
  return service.getStatus(targets, opts);
}
