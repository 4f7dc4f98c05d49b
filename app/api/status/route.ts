import { getStatus } from "@/lib/status/service";
import {
  MissingRegion,
  RequestTargetsNotAllowed,
  describeTargetErrors,
  requestTargetsFromSearchParams,
  requestTargetsSchema,
} from "@/lib/status/request-targets";
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
 * fresh=1 to skip the few-second cache (the page's Refresh button). */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const targets = requestTargetsSchema.safeParse(requestTargetsFromSearchParams(params));
  if (!targets.success) {
    return Response.json({ error: "Invalid query parameters", message: describeTargetErrors(targets.error) }, { status: 422 });
  }
  try {
    const report = await getStatus(targets.data, { fresh: params.get("fresh") === "1", client: clientAddress(request), partialAfterMs: params.get("partial") === "1" ? 1_500 : undefined });
    // A config that cannot be probed is a server problem; the body still has the report shape.
    const retry = report.error?.retryAfterSeconds;
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (report.error) headers["Retry-After"] = String(retry ?? report.refreshSeconds);
    return Response.json(report, { status: report.error ? 503 : 200, headers });
  } catch (err) {
    if (err instanceof RequestTargetsNotAllowed) return Response.json({ error: "Forbidden", message: err.message }, { status: 403 });
    if (err instanceof MissingRegion) return Response.json({ error: "Invalid query parameters", message: err.message }, { status: 422 });
    throw err;
  }
}
