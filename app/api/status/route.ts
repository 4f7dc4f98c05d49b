import { API_ERROR_STATUS, apiErrorResponse } from "@/lib/api/error-codes";
import { toApiErrorResponse } from "@/lib/api/errors";
import { getStatus } from "@/lib/status/service";
import { describeTargetErrors, requestTargetsFromSearchParams, requestTargetsSchema, targetProblems } from "@/lib/status/request-targets";
import { CLIENT_ADDRESS_HEADER } from "@/lib/security/edge-headers";

export const dynamic = "force-dynamic";

/** The client a link-probe budget is charged to: the address the HTTP layer stamped from the
 * socket (or a trusted proxy's X-Forwarded-For), never a header the client chose
 * (lib/security/client-address.ts). */
function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}

/** GET /api/status: the StatusReport the /status page shows (docs/status-api.md).
 * Query: wizard-link targets (etlBucket, thanosBucket, region, clusters, method, ...) and
 * fresh=1 to skip the few-second cache (the page's Refresh button). Errors answer the one
 * envelope (lib/api/errors.ts). */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const targets = requestTargetsSchema.safeParse(requestTargetsFromSearchParams(params));
  if (!targets.success) {
    return apiErrorResponse({ code: "invalid_query", message: describeTargetErrors(targets.error), problems: targetProblems(targets.error) });
  }
  try {
    const report = await getStatus(targets.data, { fresh: params.get("fresh") === "1", client: clientAddress(request), partialAfterMs: params.get("partial") === "1" ? 1_500 : undefined });
    // Nothing could be probed: the envelope's error (code, message) beside the report's shape, so
    // the page still renders it.
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (!report.error) return Response.json(report, { headers });
    headers["Retry-After"] = String(report.error.retryAfterSeconds ?? report.refreshSeconds);
    return Response.json(report, { status: API_ERROR_STATUS[report.error.code], headers });
  } catch (err) {
    return toApiErrorResponse(err);
  }
}
