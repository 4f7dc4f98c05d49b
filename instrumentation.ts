// Runs once when a Next server starts (https://nextjs.org/docs/app/guides/instrumentation): the
// image runs Next's standalone server.js, which listens on HOSTNAME (default 0.0.0.0), so the
// "no login beyond loopback" rule is enforced here as well as in scripts/start.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NODE_ENV === "development") return;
  const { refuseUnsafeListen } = await import("@/lib/security/startup-check");
  refuseUnsafeListen(process.env.FC_LISTEN_HOST ?? process.env.HOSTNAME ?? "0.0.0.0");
}
