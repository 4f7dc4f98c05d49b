import type { AuthConfig } from "./auth";

// The console refuses to listen beyond loopback without a login: anyone who reaches the port
// would read every bucket name, object key and cluster id, and with wizard links on, drive the
// server's AWS role. FC_ALLOW_ANONYMOUS=true is the explicit "something in front of it checks
// logins" (oauth2-proxy, an ingress with OIDC, see docs/security.md). The rule is checked on the
// address the server actually bound (lib/security/http-edge.ts), not only on a setting (issue 15).

/** Loopback: localhost, 127.0.0.0/8, ::1, and IPv4-mapped 127.x (::ffff:127.0.0.1). Unspecified
 * addresses (0.0.0.0, ::) listen everywhere and are not loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/^::ffff:(?=\d)/, "").replace(/^0:0:0:0:0:ffff:(?=\d)/, "");
  return h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A sentence saying why the server must not serve on `host`, or undefined when it may. */
export function listenProblem(host: string, auth: AuthConfig, env: Record<string, string | undefined>): string | undefined {
  if (isLoopbackHost(host) || auth.mode !== "none") return undefined;
  if (/^(true|1)$/i.test(env.FC_ALLOW_ANONYMOUS?.trim() ?? "")) return undefined;
  return (
    `Refusing to listen on ${host} without a login: anyone who reaches it reads bucket names, object keys and cluster ids. ` +
    "Set FC_AUTH=bearer:<token> or FC_AUTH=basic:<user>:<password>, listen on 127.0.0.1, or set FC_ALLOW_ANONYMOUS=true " +
    "when a proxy in front of the console checks logins (docs/security.md)."
  );
}
