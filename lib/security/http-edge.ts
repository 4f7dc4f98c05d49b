import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { AddressInfo, Server } from "node:net";
import { parseAuthConfig } from "./auth";
import { listenProblem } from "./listen-policy";
import { clientIdentity, parseTrustedProxies } from "./client-address";
import { CLIENT_ADDRESS_HEADER, isOriginForm, REFUSED_TARGET_HEADER } from "./edge-headers";
import { securityHeaders } from "./headers";

// The HTTP layer under Next, for both servers (scripts/start.ts and the image's server.js): Node
// announces every request on the "http.server.request.start" channel before any handler runs
// (https://nodejs.org/api/diagnostics_channel.html#http). There, and only there, the socket is
// known and nothing has answered yet (issue 15):
// - the client's address is stamped on the request (lib/security/client-address.ts), overwriting
//   whatever the client sent under that name;
// - a request target that is not a path (absolute-form `GET http://evil.example/`, `OPTIONS *`)
//   is marked and pointed at "/", so Next never redirects to a foreign host and proxy.ts refuses it
//   with a 400 before anything else;
// - the listen rule (lib/security/listen-policy.ts) is checked on the address the server bound,
//   when it binds and again on its first request: a wrong bind ends the process;
// - every response gets the security headers, also those proxy.ts never sees (Next's 308
//   trailing-slash redirects, its 500s); headers already set (the page CSP with its nonce) win.

/** Headers every answer carries, when nothing more specific was set (lib/security/headers.ts). */
const BASELINE = securityHeaders({ api: true });

function addBaselineHeaders(res: ServerResponse) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const given = args.find((a, i) => i > 0 && a && typeof a === "object") as OutgoingHttpHeaders | string[] | undefined;
    const named = new Set(Array.isArray(given) ? given.filter((_, i) => i % 2 === 0).map((h) => String(h).toLowerCase()) : Object.keys(given ?? {}).map((h) => h.toLowerCase()));
    if (!this.headersSent) {
      for (const [k, v] of Object.entries(BASELINE)) if (!this.hasHeader(k) && !named.has(k.toLowerCase())) this.setHeader(k, v);
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["writeHead"];
}

/** Why a server bound to `address` must not serve, or undefined. A Unix socket is local. */
export function boundAddressProblem(address: AddressInfo | string | null, env: Record<string, string | undefined>): string | undefined {
  if (address === null || typeof address === "string") return undefined;
  const auth = parseAuthConfig(env);
  return auth.ok ? listenProblem(address.address, auth.value, env) : auth.problems[0].message;
}

// One subscription per process, also when this module is loaded twice (scripts/start.ts through
// tsx and Next's bundle of instrumentation.ts).
const INSTALLED = Symbol.for("federation-console.http-edge");
type Flagged = typeof globalThis & { [INSTALLED]?: boolean };

export interface RequestStart { request: IncomingMessage; response: ServerResponse; server?: Server }

/** What happens to each request and each bound server, for a given environment. */
export function createHttpEdge(env: Record<string, string | undefined>, onUnsafe: (problem: string) => void) {
  const trusted = parseTrustedProxies(env.FC_TRUSTED_PROXIES);
  if (!trusted.ok) throw new Error(trusted.problems[0].message);
  const checked = new WeakSet<Server>();
  const checkBound = (server: Server | undefined) => {
    if (!server || checked.has(server)) return;
    checked.add(server);
    const problem = boundAddressProblem(server.address(), env);
    if (problem) onUnsafe(problem);
  };
  const onRequest = ({ request, response, server }: RequestStart) => {
    checkBound(server);
    const forwarded = request.headers["x-forwarded-for"];
    request.headers[CLIENT_ADDRESS_HEADER] = clientIdentity(request.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(",") : forwarded, trusted.value);
    delete request.headers[REFUSED_TARGET_HEADER];
    if (!isOriginForm(request.url)) {
      request.headers[REFUSED_TARGET_HEADER] = "1";
      request.url = "/";
    }
    addBaselineHeaders(response);
  };
  return { onRequest, checkBound };
}

/** Subscribes once per process. Throws (the server must not start) when FC_TRUSTED_PROXIES is wrong. */
export function installHttpEdge(env: Record<string, string | undefined> = process.env): void {
  if ((globalThis as Flagged)[INSTALLED]) return;
  const edge = createHttpEdge(env, (problem) => {
    console.error(problem);
    process.exit(1);
  });
  // Node 20.5+ announces every listen; the first request checks servers that bound earlier.
  subscribe("tracing:net.server.listen:asyncEnd", (message) => edge.checkBound((message as { server?: Server }).server));
  subscribe("http.server.request.start", (message) => edge.onRequest(message as RequestStart));
  (globalThis as Flagged)[INSTALLED] = true;
}

/** The raw answer for errors Node writes itself (431, 400 on a malformed request), with the headers. */
export function rawErrorResponse(status: string, body: string): string {
  const headers = { ...BASELINE, "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(Buffer.byteLength(body)), Connection: "close" };
  return `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`;
}
