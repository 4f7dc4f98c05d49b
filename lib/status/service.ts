import "server-only";
import { randomUUID } from "node:crypto";
import { VERDICTS, type Source, type SourceReport, type StatusReport, type Verdict } from "@/lib/health/types";
import type { StatusConfig } from "./config";
import { collectStatus, configuredSources } from "./collect";
import { rollupReport } from "@/lib/health/rollup";
import type { Problem } from "@/lib/problem";
import { getServerConfig, statusConfigMessage, type LoadedConfig } from "./load-config";
import { applyRequestTargets, hasRequestTargets, type RequestTargets } from "./request-targets";
import { createProbeLimit, sharedProbeLimit, type ProbeLimit, type ProbePriority } from "@/lib/probe/probe-limit";
import { createLinkRateLimit } from "./link-rate";
import { judgeAgainstExpected } from "@/lib/health/expected";
import { keepStateIn, type MemoryFileStore } from "@/lib/probe/cluster-memory-file";
import { sharedClusterMemory } from "@/lib/probe/last-known";
import { knownAmpClusters } from "@/lib/probe/amp/known-clusters";

// The one entry point the status page, /api/status and /api/metrics share, so they always show
// the same verdicts. Reports are cached per target for a few seconds: a page refresh, the API and
// a Prometheus scrape arriving together cost one probe, and many browsers cost no more than one.

/** What /api/status returns: the StatusReport plus what the page needs to drive itself. */
export interface StatusResponse extends StatusReport {
  /** Seconds between automatic refreshes (config refreshSeconds). */
  refreshSeconds: number;
  /** Set when nothing could be probed (invalid server config, probe crash, busy); sources is empty.
   * `code` and `message` are the API's error envelope (lib/api/errors.ts), `title` the page's heading. */
  error?: { code: StatusErrorCode; title: string; message: string; problems?: Problem[]; retryAfterSeconds?: number };
  /** Seconds since this report's probe completed (the data was read at generatedAt). */
  ageSeconds?: number;
  /** A newer report is being collected. */
  refreshing?: boolean;
  /** Only some sources are done (the first probe is still running); pendingSources are the rest. */
  partial?: boolean;
  pendingSources?: Source[];
  /** No report yet: the first check is still running (sources is empty). */
  pending?: boolean;
  /** Problems of the console itself the page shows (an unwritable FC_DATA_DIR). */
  warnings?: string[];
}

export interface StatusServiceDeps {
  loadConfig: () => LoadedConfig;
  collect: (config: StatusConfig, ctx?: { priority: ProbePriority; onSource?: (s: SourceReport) => void }) => Promise<StatusReport>;
  clock?: () => number;
  /** How long one report is reused (ms). */
  ttlMs?: number;
  /** A forced refresh still reuses a report younger than this (ms), so a held-down button is cheap. */
  minForcedAgeMs?: number;
  maxEntries?: number;
  /** Probes running at once, over every target (each lists whole buckets or queries a workspace). */
  maxConcurrentProbes?: number;
  /** Extra slots only the server's own targets may use (default 1). */
  reservedOwnProbes?: number;
  /** New link probes one client may start per minute (default 20). */
  linkProbesPerMinute?: number;
  /** Share a limit with other users (the Thanos full scans); otherwise one of its own. */
  probeLimit?: ProbeLimit;
  /** Probes waiting for a slot; beyond this a new target is answered "busy" instead of queued. */
  maxQueuedProbes?: number;
}

const DEFAULT_REFRESH_SECONDS = 60;

export function emptySummary(): StatusReport["summary"] {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  return { ...counts, total: 0, failedChecks: 0 };
}

/** Why a report holds no sources; each is a code of the API's error envelope (lib/api/errors.ts). */
export type StatusErrorCode = "config_invalid" | "busy" | "rate_limited" | "probe_crashed";

function errorResponse(now: number, code: StatusErrorCode, title: string, message: string, problems?: Problem[]): StatusResponse {
  return {
    generatedAt: new Date(now).toISOString(),
    sources: [],
    clusters: [],
    summary: emptySummary(),
    refreshSeconds: DEFAULT_REFRESH_SECONDS,
    error: { code, title, message, problems },
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
  /** The last complete report and when it completed: the TTL counts from completion. */
  report?: StatusResponse;
  completedAt?: number;
  /** The probe in flight: every request for this target shares it (single flight). */
  inflight?: Promise<StatusResponse>;
  /** Sources of the probe in flight that are done, and when it started. */
  partial?: SourceReport[];
  startedAt?: number;
}

export interface GetStatusOptions {
  /** Skip the cache (a report younger than minForcedAgeMs is still reused) and wait for the new one. */
  fresh?: boolean;
  /** Without a complete report yet, wait at most this long, then answer "first check running". */
  maxWaitMs?: number;
  /** Without a complete report yet, wait at most this long, then answer with the sources done so far. */
  partialAfterMs?: number;
  /** Who asks (the client address); link probes are rate-limited per client. */
  client?: string;
}

export function createStatusService(deps: StatusServiceDeps) {
  const clock = deps.clock ?? Date.now;
  const ttlMs = deps.ttlMs ?? 5_000;
  const minForcedAgeMs = deps.minForcedAgeMs ?? 1_000;
  const maxEntries = deps.maxEntries ?? 50;
  const limit = deps.probeLimit ?? createProbeLimit({ max: deps.maxConcurrentProbes ?? 2, reserved: deps.reservedOwnProbes ?? 1, maxQueued: deps.maxQueuedProbes ?? 8 });
  const linkRate = createLinkRateLimit(deps.linkProbesPerMinute ?? 20);
  const cache = new Map<string, Entry>();

  async function probe(config: StatusConfig, priority: ProbePriority, release: () => void, entry: Entry): Promise<StatusResponse> {
    entry.partial = [];
    entry.startedAt = clock();
    const patterns = endpointPatterns(config);
    try {
      const report = await deps.collect(config, { priority, onSource: (s) => entry.partial?.push(redactEndpoints(s, patterns)) });
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
          "probe_crashed",
          "The probe crashed",
          `The status probe failed unexpectedly (reference ${ref}). The console server's log has the details under that reference; the next refresh tries again.`,
        ),
        refreshSeconds: config.refreshSeconds,
      };
    } finally {
      release();
    }
  }

  const aged = (e: Entry, refreshing: boolean): StatusResponse => ({
    ...e.report!,
    ageSeconds: Math.max(0, Math.round((clock() - e.completedAt!) / 1000)),
    refreshing,
  });

  /** Starts the probe for `key`; undefined when the limit or the client's budget refuses it. */
  async function start(key: string, entry: Entry, config: StatusConfig, priority: ProbePriority, client: string): Promise<{ refused: StatusResponse } | { started: Promise<StatusResponse> }> {
    if (priority === "link") {
      const wait = linkRate.take(client, clock());
      if (wait > 0) {
        return { refused: busyResponse(config, "rate_limited", "Too many links from this client", `This client started too many link probes in the last minute. Try again in ${wait} s; the server's own targets (without link parameters) are not limited.`, wait) };
      }
    }
    if (!limit.wouldAccept(priority)) {
      return { refused: busyResponse(config, "busy", "The console is busy", `${limit.running} probes are running and ${limit.waiting} are waiting. Try again in a few seconds; the page retries at its next refresh.`, 5) };
    }
    const acquired = limit.acquire(priority);
    entry.inflight = acquired.then(async (release) => {
      if (!release) return busyResponse(config, "busy", "The console is busy", "Too many probes are waiting. Try again in a few seconds.", 5);
      const response = await probe(config, priority, release, entry);
      entry.report = response;
      entry.completedAt = clock();
      return response;
    }).finally(() => {
      entry.inflight = undefined;
      entry.partial = undefined;
    });
    touch(key, entry);
    return { started: entry.inflight };
  }

  function touch(key: string, entry: Entry) {
    cache.delete(key); // re-insert so Map order is oldest-first for eviction
    cache.set(key, entry);
    // A probe in flight is never evicted: later requests must share it, not start another.
    for (const [k, e] of cache) {
      if (cache.size <= maxEntries) break;
      if (!e.inflight) cache.delete(k);
    }
  }

  /** Throws RequestTargetsNotAllowed / MissingRegion for a link the server refuses. */
  async function getStatus(targets: RequestTargets = {}, opts: GetStatusOptions = {}): Promise<StatusResponse> {
    const loaded = deps.loadConfig();
    if (!loaded.ok) {
      return errorResponse(clock(), "config_invalid", "The status configuration is not valid", statusConfigMessage(loaded.problems), loaded.problems);
    }
    const config = applyRequestTargets(loaded.value, targets);
    const priority: ProbePriority = hasRequestTargets(targets) ? "link" : "own";
    // A link's probe is keyed on what it reads: links naming the same bucket with other
    // cluster lists share one probe, and the list is applied to its report afterwards.
    if (priority === "link" && targets.clusters) {
      const response = await answer({ ...config, expectedClusters: [] }, priority, opts);
      return withExpected(response, config.expectedClusters);
    }
    return answer(config, priority, opts);
  }

  async function answer(config: StatusConfig, priority: ProbePriority, opts: GetStatusOptions): Promise<StatusResponse> {
    const key = JSON.stringify(config);
    const entry = cache.get(key) ?? {};
    const maxAge = opts.fresh ? minForcedAgeMs : ttlMs;
    if (entry.report && clock() - entry.completedAt! < maxAge) return aged(entry, !!entry.inflight);
    // Stale-while-revalidate: the last complete report answers at once while a newer one is
    // collected, so viewers and scrapes never wait on S3. A Refresh (fresh) waits for new data.
    let pending = entry.inflight;
    if (!pending) {
      const r = await start(key, entry, config, priority, opts.client ?? "unknown");
      if ("refused" in r) return entry.report ? aged(entry, false) : r.refused;
      pending = r.started;
    }
    if (entry.report && !opts.fresh) return aged(entry, true);
    // Partial answers only before the first report: a Refresh of a shown report waits for all of it.
    const waitMs = opts.maxWaitMs ?? (entry.report ? undefined : opts.partialAfterMs);
    if (waitMs === undefined) return pending.then((response) => (response === entry.report ? aged(entry, false) : response));
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([pending, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), waitMs)))]);
    clearTimeout(timer);
    if (waited) return waited === entry.report ? aged(entry, false) : waited;
    if (opts.maxWaitMs === undefined) {
      // The first probe is still running: show each source that is done instead of the slowest.
      const sources = [...(entry.partial ?? [])];
      const done = new Set(sources.map((s) => s.source));
      const order = configuredSources(config);
      sources.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
      const pendingSources = order.filter((s) => !done.has(s));
      return { generatedAt: new Date(entry.startedAt ?? clock()).toISOString(), sources, ...rollupReport(sources, pendingSources), refreshSeconds: config.refreshSeconds, partial: true, pendingSources };
    }
    return { generatedAt: new Date(clock()).toISOString(), sources: [], clusters: [], summary: emptySummary(), refreshSeconds: config.refreshSeconds, pending: true };
  }

  return { getStatus, clear: () => cache.clear() };
}

function withExpected(response: StatusResponse, expected: string[]): StatusResponse {
  if (response.error || response.pending) return response;
  const sources = response.sources.map((s) => ({ ...s, clusters: judgeAgainstExpected(s.clusters, expected, s.source, s.pendingReason) }));
  return { ...response, sources, ...rollupReport(sources, response.pendingSources) };
}

function busyResponse(config: StatusConfig, code: "busy" | "rate_limited", title: string, message: string, retryAfterSeconds: number): StatusResponse {
  const r = errorResponse(Date.now(), code, title, message);
  return { ...r, refreshSeconds: config.refreshSeconds, error: { ...r.error!, retryAfterSeconds } };
}

let service: ReturnType<typeof createStatusService> | undefined;
let memoryFile: MemoryFileStore | undefined;

/** The status for the server's config, optionally narrowed or redirected by a wizard link. */
export async function getStatus(targets?: RequestTargets, opts?: GetStatusOptions): Promise<StatusResponse> {
  if (!service) {
    const loaded = getServerConfig();
    // Restore what the console saw before a restart before the first probe reads the memory.
    if (loaded.ok && loaded.value.dataDir) memoryFile = keepStateIn(loaded.value.dataDir, { buckets: sharedClusterMemory, amp: knownAmpClusters.memory });
    service = createStatusService({ loadConfig: getServerConfig, probeLimit: sharedProbeLimit, collect: (config, ctx) => collectStatus(config, { priority: ctx?.priority, onSource: ctx?.onSource }) });
  }
  const response = await service.getStatus(targets, opts);
  const problem = memoryFile?.problem();
  return problem ? { ...response, warnings: [...(response.warnings ?? []), problem] } : response;
}
