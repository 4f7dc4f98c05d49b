import "server-only";
import { randomUUID } from "node:crypto";
import { MissingRegion, RequestTargetsNotAllowed } from "@/lib/status/request-targets";
import { apiErrorResponse } from "./error-codes";

// One error envelope for every route under app/api (model: dub's lib/api/errors.ts): a code a
// script can branch on, the HTTP status that code always has, a message a person can act on, and
// for input errors one Problem per bad field. docs/status-api.md lists the codes.
//
//   { "error": { "code": "invalid_query", "message": "...", "problems": [{ "path": "region", ... }] } }
//
// Nothing secret goes in: an unexpected error answers with a reference only; its text (which can
// hold an endpoint or request details) goes to the server log under that reference.

// The codes, their statuses and the answer builder: ./error-codes.ts (proxy.ts uses them too).

/** Any error a route meets, as the envelope. Errors the routes expect keep their message; any other
 * is logged with a reference and answered with that reference only. */
export function toApiErrorResponse(err: unknown): Response {
  if (err instanceof MissingRegion) return apiErrorResponse({ code: "invalid_query", message: err.message });
  if (err instanceof RequestTargetsNotAllowed) return apiErrorResponse({ code: "forbidden", message: err.message });
  const ref = randomUUID().slice(0, 8);
  console.error(`API request failed (reference ${ref}):`, err);
  return apiErrorResponse({ code: "internal_error", message: `The console failed to answer (reference ${ref}). The console server's log has the details under that reference.` });
}
