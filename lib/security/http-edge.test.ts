import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLinkRateLimit } from "@/lib/status/link-rate";
import { clientIdentity, normalizeAddress, parseTrustedProxies } from "./client-address";
import { CLIENT_ADDRESS_HEADER, REFUSED_TARGET_HEADER } from "./edge-headers";
import { boundAddressProblem, createHttpEdge } from "./http-edge";

// The HTTP layer on a real Node server: the budget's client identity, request targets that are
// not paths, and security headers on answers proxy.ts never sees (issue 15).

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(env: Record<string, string>, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const edge = createHttpEdge(env, (p) => {
    throw new Error(p);
  });
  const server = createServer((req, res) => {
    edge.onRequest({ request: req, response: res, server });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => s.write(text));
    let out = "";
    s.on("data", (d) => {
      out += d;
      if (out.includes("\r\n\r\n")) s.end();
    });
    s.on("close", () => resolve(out));
    s.on("error", reject);
  });
}

/** A link-probe budget of one per minute, charged as app/api/status/route.ts charges it. */
const budgetHandler = () => {
  const budget = createLinkRateLimit(1);
  return (req: IncomingMessage, res: ServerResponse) => {
    const wait = budget.take(String(req.headers[CLIENT_ADDRESS_HEADER]), 0);
    res.writeHead(wait ? 429 : 200).end(String(req.headers[CLIENT_ADDRESS_HEADER]));
  };
};

describe("client identity for link budgets", () => {
  it("a forged X-Forwarded-For does not reset a client's budget", async () => {
    const port = await serve({}, budgetHandler());
    expect((await get(port, "/api/status", { "X-Forwarded-For": "203.0.113.1" })).status).toBe(200);
    const forged = await get(port, "/api/status", { "X-Forwarded-For": "198.51.100.7", [CLIENT_ADDRESS_HEADER]: "198.51.100.7" });
    expect(forged.status).toBe(429);
    expect(forged.body).toBe("127.0.0.1");
  });

  it("reads X-Forwarded-For only from a proxy FC_TRUSTED_PROXIES names, from the right", async () => {
    const port = await serve({ FC_TRUSTED_PROXIES: "127.0.0.0/8, 10.0.0.0/8" }, budgetHandler());
    // The ingress (10.1.1.1) appended the address it saw; what the client wrote stays on the left.
    const a = await get(port, "/api/status", { "X-Forwarded-For": "1.1.1.1, 203.0.113.1, 10.1.1.1" });
    expect([a.status, a.body]).toEqual([200, "203.0.113.1"]);
    expect((await get(port, "/api/status", { "X-Forwarded-For": "9.9.9.9, 203.0.113.1, 10.1.1.1" })).status).toBe(429);
    expect((await get(port, "/api/status", { "X-Forwarded-For": "203.0.113.2, 10.1.1.1" })).status).toBe(200);
  });

  it("normalizes and validates addresses", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("not-an-ip")).toBeUndefined();
    expect(parseTrustedProxies("10.0.0.0/33")).toMatchObject({ ok: false, problems: [{ path: "FC_TRUSTED_PROXIES", message: expect.stringContaining('"10.0.0.0/33" is not an address') }] });
    const list = parseTrustedProxies("10.0.0.0/8");
    expect(list.ok && clientIdentity("10.0.0.5", "evil, 203.0.113.9", list.value)).toBe("203.0.113.9");
    expect(list.ok && clientIdentity("10.0.0.5", "203.0.113.9, junk", list.value)).toBe("10.0.0.5");
  });
});

describe("answers proxy.ts never sees", () => {
  it("a 308 redirect, a 500 and a 404 carry the security headers; a page's own CSP is kept", async () => {
    const port = await serve({}, (req, res) => {
      if (req.url === "/setup/") res.writeHead(308, { Location: "/setup" }).end();
      else if (req.url === "/boom") {
        res.statusCode = 500;
        res.end("Internal Server Error");
      } else if (req.url === "/page") {
        res.setHeader("Content-Security-Policy", "default-src 'self'");
        res.end("ok");
      } else res.writeHead(404, ["Content-Type", "text/plain"]).end();
    });
    for (const [path, status] of [["/setup/", 308], ["/boom", 500], ["/nope", 404]] as const) {
      const r = await get(port, path);
      expect(r.status, path).toBe(status);
      expect(r.headers["x-frame-options"], path).toBe("DENY");
      expect(r.headers["x-content-type-options"], path).toBe("nosniff");
      expect(r.headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    }
    expect((await get(port, "/page")).headers["content-security-policy"]).toBe("default-src 'self'");
  });

  it("marks absolute-form and * requests and points them at /, whatever the client sent", async () => {
    const seen: { url?: string; refused?: string }[] = [];
    const port = await serve({}, (req, res) => {
      seen.push({ url: req.url, refused: req.headers[REFUSED_TARGET_HEADER] as string | undefined });
      res.end();
    });
    await raw(port, "GET http://evil.example/setup HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    await raw(port, "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await raw(port, `GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n${REFUSED_TARGET_HEADER}: 1\r\n\r\n`);
    expect(seen).toEqual([{ url: "/", refused: "1" }, { url: "/", refused: "1" }, { url: "/status", refused: undefined }]);
  });
});

describe("listen rule on the bound address", () => {
  const at = (address: string) => ({ address, family: address.includes(":") ? "IPv6" : "IPv4", port: 3000 });
  it("loopback in any spelling serves without a login; unspecified and public addresses do not", () => {
    for (const a of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.1.2.3"]) expect(boundAddressProblem(at(a), {}), a).toBeUndefined();
    for (const a of ["0.0.0.0", "::", "10.0.0.5", "::ffff:10.0.0.5", "203.0.113.4"]) expect(boundAddressProblem(at(a), {}), a).toMatch(/Refusing to listen on/);
    expect(boundAddressProblem(at("0.0.0.0"), { FC_AUTH: "bearer:0123456789abcdef0123" })).toBeUndefined();
    expect(boundAddressProblem(at("0.0.0.0"), { FC_AUTH: "bearer:aaaaaaaaaaaaaaaa" })).toMatch(/fewer than 8 different characters/);
  });
});
