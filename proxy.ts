import { NextResponse, type NextRequest } from "next/server";
import { authorize, challenge, parseAuthConfig } from "@/lib/security/auth";
import { securityHeaders } from "@/lib/security/headers";
import { isAllowedHost, parseAllowedHosts } from "@/lib/security/hosts";
import { MAX_URL_BYTES, urlTooLongMessage } from "@/lib/security/url-limit";
import { REFUSED_TARGET_HEADER, REFUSED_TARGET_MESSAGE } from "@/lib/security/edge-headers";

// The one place access is decided (issue 11): request targets that are not paths (400, marked by
// lib/security/http-edge.ts), allowed hosts (421), URL length (414), login (401), then security headers on whatever the page or route answers. It runs for every request,
// static assets included, so nothing is served around it. Config is read from the environment
// once per process.

const auth = parseAuthConfig(process.env);
const allowedHosts = parseAllowedHosts(process.env.FC_ALLOWED_HOSTS);
const dev = process.env.NODE_ENV === "development";

function plain(status: number, message: string, opts: { api: boolean; tls: boolean }, extra: Record<string, string> = {}) {
  return new NextResponse(`${message}\n`, {
    status,
    headers: { ...securityHeaders({ api: true, tls: opts.tls }), "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...extra },
  });
}

export function proxy(request: NextRequest) {
  const url = request.nextUrl;
  const basePath = url.basePath ?? "";
  const pathname = basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
  const api = pathname.startsWith("/api/");
  const tls = url.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const opts = { api, tls };

  if (request.headers.get(REFUSED_TARGET_HEADER)) return plain(400, REFUSED_TARGET_MESSAGE, opts);
  if (!isAllowedHost(request.headers.get("host"), allowedHosts)) {
    return plain(421, "Misdirected request: this console does not answer for that host name. Add it to FC_ALLOWED_HOSTS (docs/security.md).", opts);
  }
  const urlBytes = Buffer.byteLength(url.pathname + url.search);
  if (urlBytes > MAX_URL_BYTES) return plain(414, urlTooLongMessage(urlBytes), opts);
  if (!auth.ok) return plain(500, `The console's login configuration is not valid: ${auth.problems[0].message}`, opts);
  if (authorize(auth.value, pathname, request.headers.get("authorization")) === "unauthorized") {
    return plain(401, "Sign in to the Federation Console (FC_AUTH is set).", opts, { "WWW-Authenticate": challenge(auth.value) });
  }

  const nonce = api ? undefined : Buffer.from(crypto.randomUUID()).toString("base64");
  const headers = securityHeaders({ nonce, dev, tls, api });
  const requestHeaders = new Headers(request.headers);
  if (nonce) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}
