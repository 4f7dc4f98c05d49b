import { describe, expect, it } from "vitest";
import { authorize, constantTimeEqual, parseAuthConfig, type AuthConfig } from "./auth";
import { listenProblem } from "./listen-policy";
import { isAllowedHost, parseAllowedHosts } from "./hosts";
import { linkLengthWarning, MAX_URL_BYTES } from "./url-limit";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const parsed = (env: Record<string, string>): AuthConfig => {
  const r = parseAuthConfig(env);
  if (!r.ok) throw new Error(r.problems[0].message);
  return r.value;
};

describe("FC_AUTH", () => {
  it("bearer: only the exact token opens pages and APIs; healthz stays open for the kubelet", () => {
    const config = parsed({ FC_AUTH: "bearer:0123456789abcdef0123" });
    expect(authorize(config, "/status", "Bearer 0123456789abcdef0123")).toBe("allow");
    expect(authorize(config, "/status", "Bearer 0123456789abcdef012")).toBe("unauthorized");
    expect(authorize(config, "/api/status", null)).toBe("unauthorized");
    expect(authorize(config, "/api/healthz", null)).toBe("allow");
  });

  it("basic: user and password checked; * accepts any user (oauth2-proxy --pass-basic-auth)", () => {
    const config = parsed({ FC_AUTH: "basic:admin:correct-horse-battery" });
    expect(authorize(config, "/setup", basic("admin", "correct-horse-battery"))).toBe("allow");
    expect(authorize(config, "/setup", basic("root", "correct-horse-battery"))).toBe("unauthorized");
    expect(authorize(config, "/setup", basic("admin", "wrong-horse-battery!"))).toBe("unauthorized");
    expect(authorize(config, "/setup", "Basic !!!")).toBe("unauthorized");
    const any = parsed({ FC_AUTH: "basic:*:correct-horse-battery" });
    expect(authorize(any, "/", basic("me@example.com", "correct-horse-battery"))).toBe("allow");
  });

  it("the scrape token reads /api/metrics and nothing else", () => {
    const config = parsed({ FC_AUTH: "basic:admin:correct-horse-battery", FC_METRICS_TOKEN: "scrape-0123456789abcdef" });
    expect(authorize(config, "/api/metrics", "Bearer scrape-0123456789abcdef")).toBe("allow");
    expect(authorize(config, "/api/status", "Bearer scrape-0123456789abcdef")).toBe("unauthorized");
    expect(authorize(config, "/status", "Bearer scrape-0123456789abcdef")).toBe("unauthorized");
    expect(authorize(config, "/api/metrics", null)).toBe("unauthorized");
  });

  it("refuses short secrets and unknown schemes with the fix", () => {
    expect(parseAuthConfig({ FC_AUTH: "bearer:short" })).toMatchObject({ ok: false, problems: [{ path: "FC_AUTH", message: expect.stringContaining("openssl rand") }] });
    expect(parseAuthConfig({ FC_AUTH: "token:abc" })).toMatchObject({ ok: false, problems: [{ path: "FC_AUTH", message: expect.stringContaining('"bearer:" or "basic:"') }] });
    expect(parseAuthConfig({ FC_METRICS_TOKEN: "x" })).toMatchObject({ ok: false });
    for (const weak of ["bearer:aaaaaaaaaaaaaaaa", "basic:admin:abababababababababab"]) expect(parseAuthConfig({ FC_AUTH: weak })).toMatchObject({ ok: false, problems: [{ path: "FC_AUTH", message: expect.stringContaining("fewer than 8 different characters") }] });
    expect(parseAuthConfig({})).toEqual({ ok: true, value: { mode: "none", metricsToken: undefined } });
  });

  it("compares secrets of any length", () => {
    expect(constantTimeEqual("a", "a")).toBe(true);
    expect(constantTimeEqual("a", "a".repeat(1000))).toBe(false);
  });
});

describe("listening beyond loopback", () => {
  const none = parsed({});
  it("needs a login or an explicit FC_ALLOW_ANONYMOUS=true", () => {
    expect(listenProblem("127.0.0.1", none, {})).toBeUndefined();
    expect(listenProblem("localhost", none, {})).toBeUndefined();
    expect(listenProblem("::1", none, {})).toBeUndefined();
    expect(listenProblem("0.0.0.0", none, {})).toMatch(/Refusing to listen on 0.0.0.0 without a login.*FC_AUTH/);
    expect(listenProblem("0.0.0.0", none, { FC_ALLOW_ANONYMOUS: "true" })).toBeUndefined();
    expect(listenProblem("0.0.0.0", parsed({ FC_AUTH: "bearer:0123456789abcdef0123" }), {})).toBeUndefined();
  });
});

describe("allowed hosts", () => {
  const allowed = parseAllowedHosts("console.example.com, .corp.example");
  it("serves loopback names, IP literals and configured names; nothing else", () => {
    for (const h of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "10.1.2.3:3000", "console.example.com", "CONSOLE.example.com.", "a.corp.example", "corp.example"]) {
      expect(isAllowedHost(h, allowed), h).toBe(true);
    }
    for (const h of ["attacker.example", "console.example.com.attacker.example", "xcorp.example", "", null]) {
      expect(isAllowedHost(h, allowed), String(h)).toBe(false);
    }
  });
});

describe("link length", () => {
  it("warns over 8 KB and refuses over the server's limit", () => {
    expect(linkLengthWarning("/status?clusters=a")).toBeUndefined();
    expect(linkLengthWarning(`/status?clusters=${"a".repeat(9000)}`)).toMatch(/proxies .* 8 KB/);
    expect(linkLengthWarning(`/status?clusters=${"a".repeat(MAX_URL_BYTES)}`)).toMatch(/FC_EXPECTED_CLUSTERS/);
  });
});
