import { getStatus } from "@/lib/status/service";
import {
  MissingRegion,
  RequestTargetsNotAllowed,
  describeTargetErrors,
  requestTargetsFromSearchParams,
  requestTargetsSchema,
} from "@/lib/status/request-targets";

export const dynamic = "force-dynamic";

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
    const report = await getStatus(targets.data, { fresh: params.get("fresh") === "1" });
    // A config that cannot be probed is a server problem; the body still has the report shape.
    return Response.json(report, { status: report.error ? 503 : 200, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof RequestTargetsNotAllowed) return Response.json({ error: "Forbidden", message: err.message }, { status: 403 });
    if (err instanceof MissingRegion) return Response.json({ error: "Invalid query parameters", message: err.message }, { status: 422 });
    throw err;
  }
}
