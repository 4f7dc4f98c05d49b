// Pure helpers over what the Kubecost 2.9 / 3.x FinOps agent writes to the federated-storage
// bucket: heartbeat every 5 min and diagnostics every 10 min as <YYYYMMDDHHmmss>.json objects,
// and a write-test/ object at start (https://github.com/kubecost/finops-agent-chart values:
// agent.exportIntervals; the heartbeat and diagnostics exporters in
// https://github.com/opencost/opencost core/pkg/heartbeat and core/pkg/diagnostics). Agent
// revisions differ in folder order, finops-agent/<cluster>/heartbeat/ or
// <cluster>/heartbeat/finops-agent/, so the probe discovers the folders instead of assuming one.

export type AgentEvent = "heartbeat" | "diagnostics";
export const AGENT_APP = "finops-agent";

/** "20261201121500.json" or "prefix.20261201121500.json" -> epoch ms; undefined for other names. */
export function agentFileTimeMs(key: string): number | undefined {
  const m = /(?:^|[/.])(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.json$/.exec(key);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Kubemodel objects (finops-agent chart 1.0.21+, agent.exporter.exportKubeModel, default on):
 * <root>/<cluster>/kubemodel/<resolution>/[<prefix>.]<YYYYMMDDHHmmss>[.<ext>], the time being the
 * window start (https://github.com/opencost/opencost core/pkg/exporter/pathing/kubemodelpath.go).
 * Epoch ms of that start; undefined for other names. */
export function kubemodelFileTimeMs(key: string): number | undefined {
  const m = /(?:^|[/.])(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.[A-Za-z0-9]+)?$/.exec(key);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The key an agent file of time `ms` sorts after: for StartAfter in a listing of one folder. */
export function agentFileKeyAt(folder: string, ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${folder}${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export interface Heartbeat {
  version?: string;
  /** Producer identity: what two agents sharing one cluster id differ in. */
  producer: string;
  uptimeSeconds?: number;
}

/** Fields of a heartbeat the status page uses; undefined when it is not a heartbeat object. */
export function parseHeartbeat(json: unknown): Heartbeat | undefined {
  if (!json || typeof json !== "object" || Array.isArray(json)) return undefined;
  const h = json as { id?: unknown; version?: unknown; uptime?: unknown; metadata?: Record<string, unknown> };
  if (h.version === undefined && h.metadata === undefined && h.id === undefined) return undefined;
  const meta = h.metadata && typeof h.metadata === "object" ? h.metadata : {};
  // The metadata without the fields that change on every beat: who is writing.
  const identity = Object.fromEntries(Object.entries(meta).filter(([k]) => k !== "timestamp" && k !== "uptime"));
  return {
    version: typeof h.version === "string" ? h.version : typeof meta.version === "string" ? meta.version : undefined,
    producer: JSON.stringify(Object.keys(identity).sort().map((k) => [k, identity[k]])),
    uptimeSeconds: typeof h.uptime === "number" ? h.uptime : undefined,
  };
}

/** Names of the diagnostics whose `error` is set ("If this field is non-empty, the diagnostic run
 * should be considered a failure", opencost core/pkg/diagnostics); undefined when not a report. */
export function failingDiagnostics(json: unknown): string[] | undefined {
  const results = (json as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return undefined;
  return results
    .filter((r): r is { name?: unknown; id?: unknown; error?: unknown } => !!r && typeof r === "object" && typeof (r as { error?: unknown }).error === "string" && (r as { error: string }).error !== "")
    .map((r) => String(r.name ?? r.id ?? "unnamed"))
    .sort();
}

/** Kubecost's default cluster id: with federated storage every cluster must set its own. */
export { DEFAULT_CLUSTER_ID } from "@/lib/plan/ids";
