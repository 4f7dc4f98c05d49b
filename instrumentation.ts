// Runs once when a Next server starts (https://nextjs.org/docs/app/guides/instrumentation). The
// image runs Next's standalone server.js, scripts/start.ts its own server: both get the HTTP layer
// of lib/security/http-edge.ts here (client address from the socket, request targets, security
// headers on every answer, the listen rule on the address actually bound).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installHttpEdge } = await import("@/lib/security/http-edge");
  installHttpEdge();
  if (process.env.NODE_ENV === "development") return;
  const { refuseUnsafeListen } = await import("@/lib/security/startup-check");
  refuseUnsafeListen(process.env.FC_LISTEN_HOST ?? process.env.HOSTNAME ?? "0.0.0.0");
}
