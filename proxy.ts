import { NextResponse, type NextRequest } from "next/server";
import { authorize, challenge, parseAuthConfig } from "@/lib/security/auth";
import { securityHeaders } from "@/lib/security/headers";
import { isAllowedHost, parseAllowedHosts } from "@/lib/security/hosts";
import { MAX_URL_BYTES, urlTooLongMessage } from "@/lib/security/url-limit";
import { API_ERROR_STATUS, apiErrorResponse, type ApiErrorCode } from "@/lib/api/error-codes";
import { REFUSED_TARGET_HEADER, REFUSED_TARGET_MESSAGE } from "@/lib/security/edge-headers";

// The one place access is decided (issue 11): request targets that are not paths (400, marked by
// lib/security/http-edge.ts), allowed hosts (421), URL length (414), login (401), then security headers on whatever the page or route answers. It runs for every request,
// static assets included, so nothing is served around it. Config is read from the environment
// once per process.

const auth = parseAuthConfig(process.env);
const allowedHosts = parseAllowedHosts(process.env.FC_ALLOWED_HOSTS);
const dev = process.env.NODE_ENV === "development";

/** A refusal before any route runs: under /api the routes' JSON envelope (lib/api/error-codes.ts),
 * so a script reading the API branches on one shape; elsewhere plain text for a person. */
function refuse(code: ApiErrorCode, message: string, opts: { api: boolean; tls: boolean }, extra: Record<string, string> = {}) {
  const headers = { ...securityHeaders({ api: true, tls: opts.tls }), "Cache-Control": "no-store", ...extra };
  if (opts.api) return apiErrorResponse({ code, message }, headers);
  return new NextResponse(`${message}\n`, { status: API_ERROR_STATUS[code], headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
}

export function proxy(request: NextRequest) {
  const url = request.nextUrl;
  const basePath = url.basePath ?? "";
  const pathname = basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
  const api = pathname.startsWith("/api/");
  const tls = url.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const opts = { api, tls };

  if (request.headers.get(REFUSED_TARGET_HEADER)) return refuse("bad_request_target", REFUSED_TARGET_MESSAGE, opts);
  if (!isAllowedHost(request.headers.get("host"), allowedHosts)) {
    return refuse("misdirected_host", "Misdirected request: this console does not answer for that host name. Add it to FC_ALLOWED_HOSTS (docs/security.md).", opts);
  }
  const urlBytes = Buffer.byteLength(url.pathname + url.search);
  if (urlBytes > MAX_URL_BYTES) return refuse("url_too_long", urlTooLongMessage(urlBytes), opts);
  if (!auth.ok) return refuse("login_config_invalid", `The console's login configuration is not valid: ${auth.problems[0].message}`, opts);
  if (authorize(auth.value, pathname, request.headers.get("authorization")) === "unauthorized") {
    return refuse("unauthorized", "Sign in to the Federation Console (FC_AUTH is set).", opts, { "WWW-Authenticate": challenge(auth.value) });
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
