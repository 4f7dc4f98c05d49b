import { renderStatusMetrics } from "@/lib/status/metrics";
import { getStatus } from "@/lib/status/service";

export const dynamic = "force-dynamic";

/** GET /api/metrics: the server-configured status in Prometheus text format (docs/status-api.md).
 * Wizard-link targets are not accepted here: a scrape config names one fixed target. */
export async function GET() {
  // Answers from the last complete report (stale-while-revalidate in the service); before the
  // first one exists it waits at most 500 ms, inside Prometheus's default 10 s scrape timeout.
  const { contentType, body } = await renderStatusMetrics(await getStatus({}, { maxWaitMs: 500 }));
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
