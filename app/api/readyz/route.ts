import { apiErrorResponse } from "@/lib/api/error-codes";
import { getServerConfig } from "@/lib/status/load-config";

export const dynamic = "force-dynamic";

/** Readiness (the chart's readinessProbe): the status config loads. A pod with a broken config
 * never becomes ready, so a rollout keeps the working one. The probe needs no login, so the answer
 * names no field or value: the reasons are in the server log and on /status. Liveness is
 * /api/healthz. */
export function GET() {
  if (getServerConfig().ok) return Response.json({ ready: true }, { headers: { "Cache-Control": "no-store" } });
  return apiErrorResponse({ code: "not_ready", message: "The status configuration is not valid: the server log and the /status page list each problem and its fix" });
}
