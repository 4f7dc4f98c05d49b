export const dynamic = "force-dynamic";

/** Liveness: the server answers. Probe health lives in /api/status. */
export function GET() {
  return Response.json({ ok: true });
}
