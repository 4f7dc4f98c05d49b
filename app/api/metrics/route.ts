import { toApiErrorResponse } from "@/lib/api/errors";
import { renderStatusMetrics } from "@/lib/status/metrics";
import { getStatus } from "@/lib/status/service";

export const dynamic = "force-dynamic";

/** GET /api/metrics: the server-configured status in Prometheus text format (docs/status-api.md).
 * Wizard-link targets are not accepted here: a scrape config names one fixed target. A report
 * that could not probe is still metrics (federation_console_status_ok 0), so an alert can fire on
 * it; only a failure to answer at all is the JSON error envelope. */
export async function GET() {
  try {
    // Answers from the last complete report (stale-while-revalidate in the service); before the
    // first one exists it waits at most 500 ms, inside Prometheus's default 10 s scrape timeout.
    const { contentType, body } = await renderStatusMetrics(await getStatus({}, { maxWaitMs: 500 }));
    return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  } catch (err) {
    return toApiErrorResponse(err);
  }
}
