// The /api error envelope's codes and the answer builder, without server-only imports: proxy.ts
// refuses requests with it before any route runs, and lib/api/errors.ts maps the routes' errors.
//
//   { "error": { "code": "invalid_query", "message": "...", "problems": [{ "path": "region", ... }] } }

import type { Problem } from "@/lib/problem";

export const API_ERROR_STATUS = {
  /** A query parameter is malformed or unknown. */
  invalid_query: 422,
  /** A link named targets this server does not let links choose. */
  forbidden: 403,
  /** The server's status configuration is invalid: nothing can be probed. */
  config_invalid: 503,
  /** Too many probes running or queued; retry after Retry-After. */
  busy: 503,
  /** This client started too many link probes in the last minute; retry after Retry-After. */
  rate_limited: 503,
  /** The probe failed unexpectedly; the server log has the details under the reference. */
  probe_crashed: 503,
  /** Readiness: the pod cannot serve status yet (its configuration is invalid). */
  not_ready: 503,
  /** A bug: the server log has the details under the reference. */
  internal_error: 500,
  /** The HTTP edge (proxy.ts), before any route: a request target that is not a path. */
  bad_request_target: 400,
  /** The HTTP edge: FC_AUTH is set and the request has no valid login (WWW-Authenticate says how). */
  unauthorized: 401,
  /** The HTTP edge: the URL is longer than the console reads. */
  url_too_long: 414,
  /** The HTTP edge: the Host header is not one this console answers for (FC_ALLOWED_HOSTS). */
  misdirected_host: 421,
  /** The HTTP edge: the login configuration (FC_AUTH) is invalid, so nothing is served. */
  login_config_invalid: 500,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** One per bad field, for input errors. */
  problems?: Problem[];
}

/** The JSON answer for an error: `{ error: { code, message, problems? } }` with the code's status. */
export function apiErrorResponse(body: ApiErrorBody, headers: Record<string, string> = {}): Response {
  return Response.json({ error: body }, { status: API_ERROR_STATUS[body.code], headers: { "Cache-Control": "no-store", ...headers } });
}

