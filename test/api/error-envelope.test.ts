import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The routes under app/api, called as Next calls them, on the server config a process reads from
// its environment. Every error answer is { error: { code, message, problems? } } with the code's
// status (lib/api/errors.ts, docs/status-api.md "Errors").

type Route = { GET: (request: Request) => Response | Promise<Response> };

const saved = { ...process.env };

/** Fresh route modules on this environment: the server config is read once per process. */
async function routes(env: Record<string, string>) {
  for (const k of Object.keys(process.env)) if (k.startsWith("FC_")) delete process.env[k];
  Object.assign(process.env, env);
  vi.resetModules();
  return {
    status: (await import("@/app/api/status/route")) as Route,
    readyz: (await import("@/app/api/readyz/route")) as Route,
    metrics: (await import("@/app/api/metrics/route")) as Route,
  };
}

const get = (route: Route, query = "") => route.GET(new Request(`http://console.test/api/x${query}`));

/** The envelope and nothing else under error (the status report's error adds its page fields). */
function expectEnvelope(body: { error?: Record<string, unknown> }, code: string) {
  expect(body.error?.code).toBe(code);
  expect(typeof body.error?.message).toBe("string");
  expect((body.error?.message as string).length).toBeGreaterThan(20);
}

let logged: string[];
beforeEach(() => {
  logged = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
});

const VALID = { FC_ETL_BUCKET: "team-etl-bucket", FC_ETL_REGION: "us-east-1", FC_S3_ENDPOINT: "http://127.0.0.1:9" };

describe("bad query parameters", () => {
  it("/api/status answers 422 invalid_query: one line per parameter in the message, one problem per parameter", async () => {
    const { status } = await routes(VALID);
    const res = await get(status, "?region=mars-1&etlBucket=Team_ETL&s3Endpoint=http://169.254.169.254/");
    expect(res.status).toBe(422);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expectEnvelope(body, "invalid_query");
    expect(body.error.message).toContain('region: "mars-1" is not an AWS region code');
    expect(body.error.message).toContain("Unknown query parameter(s) s3Endpoint");
    expect(body.error.problems).toContainEqual({ path: "etlBucket", message: expect.stringContaining("Bucket names use lowercase letters only") });
    expect(body.error.problems).toContainEqual({ path: "", message: expect.stringContaining("Unknown query parameter(s) s3Endpoint") });
  });

  it("a link on a server that does not allow links is 403 forbidden, with how to allow them", async () => {
    const { status } = await routes(VALID);
    const res = await get(status, "?etlBucket=other-bucket&region=us-east-1");
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expectEnvelope(body, "forbidden");
    expect(body.error.message).toContain("FC_ALLOW_REQUEST_TARGETS=true");
  });

  it("a link bucket without a region is 422 invalid_query naming the parameter to add", async () => {
    const { status } = await routes({ ...VALID, FC_ALLOW_REQUEST_TARGETS: "true" });
    const res = await get(status, "?thanosBucket=other-thanos");
    expect(res.status).toBe(422);
    const body = await res.json();
    expectEnvelope(body, "invalid_query");
    expect(body.error.message).toContain("region=<aws region>");
  });
});

describe("a failing dependency: the status configuration", () => {
  // A bucket without a region: the config cannot load, so nothing can be probed.
  const BROKEN = { FC_ETL_BUCKET: "private-team-bucket" };

  it("/api/status answers 503 config_invalid with each problem and its fix, in the report's shape, with Retry-After", async () => {
    const { status } = await routes(BROKEN);
    const res = await get(status);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await res.json();
    expectEnvelope(body, "config_invalid");
    expect(body.error.title).toBe("The status configuration is not valid");
    expect(body.error.problems).toContainEqual({ path: "etl.region", message: expect.any(String), fix: expect.stringContaining("FC_ETL_REGION") });
    expect(body.sources).toEqual([]);
  });

  it("/api/readyz answers 503 not_ready without naming a field or a value (the probe needs no login)", async () => {
    const { readyz } = await routes(BROKEN);
    const res = await get(readyz);
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual(["error"]);
    expectEnvelope(body, "not_ready");
    expect(text).not.toContain("private-team-bucket");
    expect(text).not.toContain("etl.region");
  });

  it("/api/readyz is 200 once the config loads", async () => {
    const { readyz } = await routes(VALID);
    const res = await get(readyz);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true });
  });

  it("/api/metrics stays a scrape: status_ok 0, so an alert fires, rather than an error", async () => {
    const { metrics } = await routes(BROKEN);
    const res = await get(metrics);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^federation_console_status_ok 0$/m);
  });
});

describe("an unexpected failure", () => {
  it("answers 500 internal_error with a reference only; the error's text goes to the server log", async () => {
    await routes(VALID);
    const { toApiErrorResponse } = await import("@/lib/api/errors");
    const res = toApiErrorResponse(new Error("connect ECONNREFUSED vpce-0abc.s3.us-east-1.vpce.amazonaws.com"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("vpce-0abc");
    const body = JSON.parse(text);
    expectEnvelope(body, "internal_error");
    const ref = /reference ([0-9a-f]{8})/.exec(body.error.message)?.[1];
    expect(ref).toBeDefined();
    expect(logged.some((l) => l.includes(ref!) && l.includes("vpce-0abc"))).toBe(true);
  });
});

describe("refusals at the HTTP edge (proxy.ts), before any route runs", () => {
  const TOKEN = "bearer:Zq8wT3kLm9Xv2Rn7Pd4Hs6";
  /** proxy.ts on this environment (it reads FC_AUTH and FC_ALLOWED_HOSTS once per process). */
  async function edge(env: Record<string, string>) {
    for (const k of Object.keys(process.env)) if (k.startsWith("FC_")) delete process.env[k];
    Object.assign(process.env, env);
    vi.resetModules();
    const { proxy } = await import("@/proxy");
    const { NextRequest } = await import("next/server");
    return (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { headers: { host: "127.0.0.1:3000", ...headers } }));
  }

  it("under /api: the envelope with the edge's code and status; on a page: plain text for a person", async () => {
    const at = await edge({ FC_AUTH: TOKEN });
    const api = at("/api/status");
    expect(api.status).toBe(401);
    expect(api.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(api.headers.get("cache-control")).toBe("no-store");
    expect(api.headers.get("content-type")).toContain("application/json");
    const body = await api.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expectEnvelope(body, "unauthorized");
    expect(body.error.message).toBe("Sign in to the Federation Console (FC_AUTH is set).");

    const page = at("/status");
    expect(page.status).toBe(401);
    expect(page.headers.get("content-type")).toContain("text/plain");
    expect(await page.text()).toBe("Sign in to the Federation Console (FC_AUTH is set).\n");
  });

  it("a foreign Host is 421 misdirected_host, an over-long link 414 url_too_long, a broken login setting 500 login_config_invalid", async () => {
    const at = await edge({ FC_AUTH: TOKEN });
    const foreign = at("/api/healthz", { host: "rebind.attacker.example" });
    expect(foreign.status).toBe(421);
    expectEnvelope(await foreign.json(), "misdirected_host");

    const long = at(`/api/status?clusters=${"c".repeat(40_000)}`, { authorization: `Bearer ${TOKEN.slice(7)}` });
    expect(long.status).toBe(414);
    const longBody = await long.json();
    expectEnvelope(longBody, "url_too_long");
    expect(longBody.error.message).toContain("FC_EXPECTED_CLUSTERS");

    const broken = await edge({ FC_AUTH: "token:abc" });
    const res = broken("/api/status");
    expect(res.status).toBe(500);
    const brokenBody = await res.json();
    expectEnvelope(brokenBody, "login_config_invalid");
    // The setting's problem, never the value given.
    expect(JSON.stringify(brokenBody)).not.toContain("abc");
  });
});
