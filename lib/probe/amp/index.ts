import type { SourceReport } from "@/lib/health/types";
import type { StatusConfig } from "@/lib/status/config";

/** Placeholder until the AMP probe lands (issue 5). */
export async function probeAmp(amp: NonNullable<StatusConfig["amp"]>, _ctx: { now: Date }): Promise<SourceReport> {
  return { source: "amp", target: `AMP ${amp.workspaceId ?? amp.alias} (${amp.region})`, checks: [], clusters: [], durationMs: 0 };
}
