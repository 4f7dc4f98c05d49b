import type { CheckResult } from "./types";
import { formatAge } from "./evaluate";

// Fleet-wide views over the FinOps agents: which versions run where, and whether every agent
// has written heartbeats for 48 h, the condition for moving the primary to Kubecost 3.x ("run
// all agents on 2.9 for at least two days before upgrading the primary": kubecost/kubecost
// v3.2.1 README, upgrade notes, https://github.com/kubecost/kubecost/blob/v3.2.1/README.md).

export const READY_AFTER_MS = 48 * 3_600_000;

export function agentVersionCheck(agents: Array<{ clusterId: string; version?: string }>): CheckResult {
  const byVersion = new Map<string, string[]>();
  for (const a of agents) {
    const v = a.version ?? "unknown";
    byVersion.set(v, [...(byVersion.get(v) ?? []), a.clusterId]);
  }
  const rows = [...byVersion].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const matrix = rows.map(([v, ids]) => `${v}: ${ids.length} (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", ..." : ""})`).join("; ");
  return {
    id: "agent.versions",
    source: "agent",
    title: "Agent versions",
    status: byVersion.size > 1 ? "warn" : "ok",
    message: agents.length ? `${byVersion.size} version${byVersion.size === 1 ? "" : "s"} across ${agents.length} agent${agents.length === 1 ? "" : "s"}: ${matrix}.` : "No agent heartbeat to read a version from.",
    fix: byVersion.size > 1 ? "Mixed agent versions work for a while; bring every agent to the primary's line (3.x primaries read 2.x agents, not the reverse)." : undefined,
    durationMs: 0,
  };
}

export interface AgentReadiness {
  clusterId: string;
  /** From the oldest to the newest heartbeat still in the bucket. */
  heartbeatForMs?: number;
  /** Its newest data (heartbeat, or the signal below) is not stale. */
  fresh: boolean;
  /** What its freshness was judged on when it writes no heartbeat: "kubemodel" (a 3.x agent with
   * agent.exports.heartbeat off) or "federated" (Federated ETL only, as a 2.x cost-model writes). */
  signal?: "heartbeat" | "kubemodel" | "federated";
}

/** Why an agent is not ready for a 3.x primary, in a few words. */
function notReady(a: AgentReadiness): string | undefined {
  if (!a.fresh) return `${a.clusterId} (not writing)`;
  if (a.signal === "federated") return `${a.clusterId} (Federated ETL only: no FinOps agent, a 2.x cluster)`;
  if (a.signal === "kubemodel") return `${a.clusterId} (no heartbeats to count: agent.exports.heartbeat is off)`;
  if ((a.heartbeatForMs ?? 0) < READY_AFTER_MS) return `${a.clusterId} (${formatAge((a.heartbeatForMs ?? 0) / 1000)})`;
  return undefined;
}

export function agentReadinessCheck(expected: string[], agents: AgentReadiness[]): CheckResult {
  const seen = new Set(agents.map((a) => a.clusterId));
  const waiting = [
    ...agents.map(notReady).filter((w): w is string => w !== undefined),
    ...expected.filter((id) => !seen.has(id)).map((id) => `${id} (no heartbeat)`),
  ];
  const total = new Set([...seen, ...expected]).size;
  return {
    id: "agent.readiness",
    source: "agent",
    title: "Ready for a Kubecost 3.x primary",
    status: total > 0 && waiting.length === 0 ? "ok" : "warn",
    message:
      total === 0
        ? "No agent writes heartbeats yet."
        : waiting.length === 0
          ? `Every agent (${total}) has written heartbeats for at least 48 h: the primary can move to Kubecost 3.x.`
          : `${waiting.length} of ${total} agent${total === 1 ? "" : "s"} not ready: ${waiting.slice(0, 8).join(", ")}${waiting.length > 8 ? ", ..." : ""}.`,
    fix: waiting.length
      ? "Run every agent on 2.9 or 3.x, writing heartbeats (finops-agent chart: agent.exports.heartbeat on), for 48 h before upgrading the primary to 3.x (kubecost/kubecost v3.2.1 README, upgrade notes: https://github.com/kubecost/kubecost/blob/v3.2.1/README.md)."
      : undefined,
    durationMs: 0,
  };
}
