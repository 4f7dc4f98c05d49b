import { getServerConfig } from "@/lib/status/load-config";

export const dynamic = "force-dynamic";

/** Readiness (the chart's readinessProbe): the status config loads. A pod with a broken config
 * never becomes ready, so a rollout keeps the working one; the reason is in the log and on
 * /status. Liveness is /api/healthz. */
export function GET() {
  const ready = getServerConfig().ok;
  return Response.json({ ready }, { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
