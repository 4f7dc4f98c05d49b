import "server-only";
import { randomUUID } from "node:crypto";
import type { Problem } from "@/lib/problem";
import { MissingRegion, RequestTargetsNotAllowed } from "@/lib/status/request-targets";

// One error envelope for every route under app/api (model: dub's lib/api/errors.ts): a code a
// script can branch on, the HTTP status that code always has, a message a person can act on, and
// for input errors one Problem per bad field. docs/status-api.md lists the codes.
//
//   { "error": { "code": "invalid_query", "message": "...", "problems": [{ "path": "region", ... }] } }
//
// Nothing secret goes in: an unexpected error answers with a reference only; its text (which can
// hold an endpoint or request details) goes to the server log under that reference.

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

/** Any error a route meets, as the envelope. Errors the routes expect keep their message; any other
 * is logged with a reference and answered with that reference only. */
export function toApiErrorResponse(err: unknown): Response {
  if (err instanceof MissingRegion) return apiErrorResponse({ code: "invalid_query", message: err.message });
  if (err instanceof RequestTargetsNotAllowed) return apiErrorResponse({ code: "forbidden", message: err.message });
  const ref = randomUUID().slice(0, 8);
  console.error(`API request failed (reference ${ref}):`, err);
  return apiErrorResponse({ code: "internal_error", message: `The console failed to answer (reference ${ref}). The console server's log has the details under that reference.` });
}
