// Response headers for every answer (issue 11 item 2). The CSP follows Next's nonce recipe
// (https://nextjs.org/docs/app/guides/content-security-policy): Next puts the nonce from the
// request's CSP header on its own scripts, app/layout.tsx on the inline theme script.

export interface HeaderOptions {
  nonce?: string;
  /** next dev needs eval for its error overlay; production never does. */
  dev?: boolean;
  /** The browser reached us over TLS (directly or through a TLS-terminating ingress). */
  tls?: boolean;
  /** API answers (JSON, metrics) get a CSP that allows nothing at all. */
  api?: boolean;
}

export function contentSecurityPolicy({ nonce, dev, api }: HeaderOptions): string {
  if (api) return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  return [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}' 'strict-dynamic'` : ""}${dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes (the virtualised cluster table positions rows with them) need
    // 'unsafe-inline'; styles cannot run code, scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(opts: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(opts),
    // Browsers without frame-ancestors support still refuse to frame /setup.
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (opts.tls) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  if (opts.api) headers["Cache-Control"] = "no-store";
  return headers;
}
