import { describe, expect, it } from "vitest";
import { securityHeaders } from "./headers";

describe("security headers", () => {
  it("pages: scripts only with the nonce, never framed, HSTS only over TLS", () => {
    const h = securityHeaders({ nonce: "abc" });
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Referrer-Policy"]).toBe("no-referrer");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: "abc", tls: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
  });
  it("APIs: nothing may load, nothing is cached", () => {
    const h = securityHeaders({ api: true });
    expect(h["Content-Security-Policy"]).toMatch(/^default-src 'none'/);
    expect(h["Cache-Control"]).toBe("no-store");
  });
});
