// Names the HTTP layer (lib/security/http-edge.ts) sets on every request, overwriting what a client
// sent, for proxy.ts and route handlers to read. No Node imports: proxy.ts reads them too.

/** The client's address as the budget knows it (lib/security/client-address.ts). */
export const CLIENT_ADDRESS_HEADER = "x-fc-client-address";

/** Set when the request target was not a path (absolute-form, `*`): proxy.ts answers 400. */
export const REFUSED_TARGET_HEADER = "x-fc-refused-target";

export const REFUSED_TARGET_MESSAGE = "Bad request: the console answers only request paths (not absolute URLs or *).";

/** Origin-form only: a path starting with one "/" (RFC 9112 section 3.2.1). */
export const isOriginForm = (target: string | undefined) => !!target && target.startsWith("/") && !target.startsWith("//");
