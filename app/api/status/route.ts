import { getStatus } from "@/lib/status/service";
import {
  MissingRegion,
  RequestTargetsNotAllowed,
  describeTargetErrors,
  requestTargetsFromSearchParams,
  requestTargetsSchema,
} from "@/lib/status/request-targets";

export const dynamic = "force-dynamic";

/** The client a link-probe budget is charged to: the first forwarded address (the console runs
 * behind an ingress), else one bucket for every unidentified client. */
function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "unknown";
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
