import { readFileSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildStandalone } from "@/lib/deploy/build-standalone";
import { etlClusterObjects } from "@/lib/demo/seed-etl";
import { DEMO_ETL_BUCKET } from "@/lib/demo/s3";
import { startSeedableFauxqs, type SeedableS3 } from "@/lib/demo/seed-store";
import { dataDir, spawnImageCommand, startImageServer, waitForExit, type RunningServer } from "@/lib/deploy/run-image";
import { SUITE_BASE_PATH, SUITE_DIST_DIR } from "@/test/support/suite-build";

// The image's server, built once (Next standalone output; the suite's one build, which Playwright
// serves too: test/support/suite-build.ts, so under its base path) and started as the image's
// entrypoint would: auth, headers, hosts and the readable 414 are asserted on the real thing.
// Ports 3511-3513.

const PASSWORD = "correct-horse-battery-staple";
const SCRAPE = "scrape-0123456789abcdef";
const login = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`;

let standalone: string;
let s3: SeedableS3;
let server: RunningServer;

beforeAll(async () => {
  standalone = buildStandalone({ distDir: SUITE_DIST_DIR, basePath: SUITE_BASE_PATH });
  s3 = await startSeedableFauxqs();
  s3.createBucket("team-etl");
  s3.put("team-etl", etlClusterObjects("", { id: "prod-1", lastUploadMs: Date.now() - 10 * 60_000, days: 2, hourlyHours: 3 }));
  server = await startImageServer(standalone, 3511, {
    FC_DATA_DIR: dataDir(),
    FC_AUTH: `basic:admin:${PASSWORD}`,
    FC_METRICS_TOKEN: SCRAPE,
    FC_ALLOWED_HOSTS: "console.example.com",
    FC_S3_ENDPOINT: s3.endpoint,
    FC_ETL_BUCKET: "team-etl",
    FC_ETL_REGION: "us-east-1",
    FC_EXPECTED_CLUSTERS: "prod-1",
  }, SUITE_BASE_PATH);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await s3?.stop();
});

/** fetch() cannot set Host; node:http can. `path` is below the base path. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${SUITE_BASE_PATH}${path === "/" ? "" : path}`, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the standalone server, started as the image starts it", () => {
  it("answers /api/healthz without a login (the kubelet's probe) and /status with one", async () => {
    const health = await get("/api/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    const status = await get("/status", { authorization: login });
    expect(status.status).toBe(200);
    expect(status.body).toContain("Federation status");
    const api = await get("/api/status", { authorization: login });
    expect(api.status).toBe(200);
    const report = JSON.parse(api.body);
    expect(report.sources[0].clusters[0], JSON.stringify(report.sources[0])).toMatchObject({ clusterId: "prod-1", verdict: "healthy" });
  });

  it("no page, API or asset answers without the login", async () => {
    const page = await get("/", { authorization: login });
    const asset = new RegExp(`${SUITE_BASE_PATH}(/_next/static/[^"]+\\.js)`).exec(page.body)![1];
    for (const path of ["/", "/setup", "/status", "/api/status", "/api/metrics", "/favicon.svg", asset, "/no-such-page"]) {
      const anonymous = await get(path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body, path).not.toContain("team-etl");
      expect((await get(path, { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}x`).toString("base64")}` })).status, path).toBe(401);
    }
    expect((await get("/")).headers["www-authenticate"]).toMatch(/^Basic realm=/);
    expect((await get(asset, { authorization: login })).status).toBe(200);
  });

  it("the scrape token reads /api/metrics and nothing else", async () => {
    const scrape = { authorization: `Bearer ${SCRAPE}` };
    const metrics = await get("/api/metrics", scrape);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain("federation_console_status_ok 1");
    for (const path of ["/api/status", "/status", "/setup", "/"]) expect((await get(path, scrape)).status, path).toBe(401);
  });

  it("a framed /setup is refused: CSP frame-ancestors 'none' and X-Frame-Options DENY; every script carries the nonce", async () => {
    const setup = await get("/setup", { authorization: login });
    expect(setup.status).toBe(200);
    const csp = String(setup.headers["content-security-policy"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(setup.headers["x-frame-options"]).toBe("DENY");
    expect(setup.headers["x-content-type-options"]).toBe("nosniff");
    expect(setup.headers["referrer-policy"]).toBe("no-referrer");
    expect(setup.headers["permissions-policy"]).toContain("camera=()");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = setup.body.match(/<script[^>]*>/g)!;
    expect(scripts.length).toBeGreaterThan(2);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(setup.body).toContain('localStorage.getItem("fc-theme")'); // the theme boot script is among them
    const again = await get("/setup", { authorization: login });
    expect(again.headers["content-security-policy"]).not.toContain(nonce);
    expect(setup.headers["strict-transport-security"]).toBeUndefined();
    const tls = await get("/setup", { authorization: login, "x-forwarded-proto": "https" });
    expect(tls.headers["strict-transport-security"]).toMatch(/max-age=/);
  });

  it("every API answer is no-store", async () => {
    for (const path of ["/api/healthz", "/api/status", "/api/metrics"]) {
      expect((await get(path, { authorization: login })).headers["cache-control"], path).toContain("no-store");
    }
  });

  it("a foreign Host gets 421; configured names, loopback and IP literals are served", async () => {
    const foreign = await get("/api/status", { host: "attacker.example", authorization: login });
    expect(foreign.status).toBe(421);
    expect(foreign.body).toContain("FC_ALLOWED_HOSTS");
    expect((await get("/api/healthz", { host: "rebind.attacker.example:3511" })).status).toBe(421);
    for (const host of ["console.example.com", "localhost:3511", "10.0.0.7:3000"]) {
      expect((await get("/api/healthz", { host })).status, host).toBe(200);
    }
  });

  it("edges (issue 15): a 308 carries the headers, absolute-form and * are refused first, .rsc and /_next/data need the login", async () => {
    const redirect = await get("/setup/", { authorization: login });
    expect(redirect.status).toBe(308);
    expect(redirect.headers["x-frame-options"]).toBe("DENY");
    expect(redirect.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    const { port } = new URL(server.url);
    for (const line of ["GET http://evil.example/setup HTTP/1.1", "OPTIONS * HTTP/1.1"]) {
      const answer = await new Promise<string>((resolve, reject) => {
        const s = connect(Number(port), "127.0.0.1", () => s.write(`${line}\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${login}\r\nConnection: close\r\n\r\n`));
        let out = "";
        s.on("data", (d) => (out += d));
        s.on("close", () => resolve(out));
        s.on("error", reject);
      });
      expect(answer, line).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer.toLowerCase(), line).toContain("x-frame-options: deny");
      expect(answer, line).not.toMatch(/location: http:\/\/evil/i);
    }
    for (const path of ["/status.rsc", "/setup?_rsc=1", "/_next/data/build/status.json"]) {
      const anonymous = await get(path, { rsc: "1" });
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body, path).not.toContain("<html");
    }
    expect((await get("/api/readyz")).status).toBe(200);
  });

  it("an over-long link gets a readable 414, not an empty 431", async () => {
    const clusters = Array.from({ length: 3000 }, (_, i) => `cluster-${String(i).padStart(5, "0")}`).join(",");
    const res = await get(`/status?clusters=${clusters}`, { authorization: login });
    expect(res.status).toBe(414);
    expect(res.body).toMatch(/link is \d+ KB long.*FC_EXPECTED_CLUSTERS/);
  });

  it("holds no demo backends and no test code", () => {
    const modules = readdirSync(path.join(standalone, "node_modules"));
    for (const m of ["fauxqs", "vitest", "@playwright", "fast-check"]) expect(modules).not.toContain(m);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(path.relative(standalone, p));
      }
    };
    walk(standalone);
    expect(files.filter((f) => /\.test\.|(^|\/)e2e\/|lib\/demo|test\/support/.test(f))).toEqual([]);
    const server = files.filter((f) => f.includes("/server/") && f.endsWith(".js")).map((f) => readFileSync(path.join(standalone, f), "utf8"));
    expect(server.some((s) => s.includes("startS3Demo") || s.includes(DEMO_ETL_BUCKET))).toBe(false);
  });

  it("refuses to start on 0.0.0.0 without a login, unless FC_ALLOW_ANONYMOUS=true", async () => {
    const refused = spawnImageCommand(standalone, { PORT: "3512", FC_DATA_DIR: dataDir(), FC_ETL_BUCKET: "team-etl", FC_ETL_REGION: "us-east-1" });
    expect(await waitForExit(refused.child)).not.toBe(0);
    expect(refused.output()).toContain("Refusing to listen on 0.0.0.0 without a login");
    const anonymous = await startImageServer(standalone, 3513, { FC_DATA_DIR: dataDir(), FC_ALLOW_ANONYMOUS: "true", FC_S3_ENDPOINT: s3.endpoint, FC_ETL_BUCKET: "team-etl", FC_ETL_REGION: "us-east-1" }, SUITE_BASE_PATH);
    try {
      const res = await fetch(`${anonymous.url}${SUITE_BASE_PATH}/api/status`);
      expect(res.status).toBe(200);
    } finally {
      await anonymous.stop();
    }
  });
});
