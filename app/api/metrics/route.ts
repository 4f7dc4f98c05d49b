import { renderStatusMetrics } from "@/lib/status/metrics";
import { getStatus } from "@/lib/status/service";

export const dynamic = "force-dynamic";

/** GET /api/metrics: the server-configured status in Prometheus text format (docs/status-api.md).
 * Wizard-link targets are not accepted here: a scrape config names one fixed target. */
export async function GET() {
  const { contentType, body } = await renderStatusMetrics(await getStatus());
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
