// `npm start`: build if needed, then serve the console. Without FC_CONFIG or any source's FC_* settings it
// starts the demo backends (fauxqs S3 seeded with a demo federation, AMP stand-ins) in this same
// process so a newcomer sees a full dashboard with no AWS account.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { newestSourceMtime } from "@/lib/deploy/build-standalone";
import { parseAuthConfig } from "@/lib/security/auth";
import { listenProblem } from "@/lib/security/listen-policy";
import { installHttpEdge, rawErrorResponse } from "@/lib/security/http-edge";
import { MAX_HEADER_BYTES } from "@/lib/security/url-limit";
import { ownConfigVariables } from "@/lib/status/sources";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(argValue("--port") ?? process.env.PORT ?? 3000);
const host = argValue("--host") ?? process.env.HOST ?? "127.0.0.1";
const dev = args.includes("--dev");
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const basePath = (process.env.BASE_PATH ?? "").replace(/\/+$/, "");

function ensureBuild() {
  const stampFile = path.join(root, distDir, "fc-build-stamp.json");
  const want = { basePath, sources: newestSourceMtime() };
  // A standalone build of the same sources and base path serves as well (lib/deploy/build-standalone.ts
  // stamps it): the test suite builds once for its deploy test and Playwright (scripts/build-suite.ts).
  const stamps = [stampFile, path.join(root, distDir, "fc-standalone-stamp.json")];
  const current = (f: string) => {
    if (!existsSync(f)) return false;
    const have = JSON.parse(readFileSync(f, "utf8"));
    return have.basePath === want.basePath && have.sources >= want.sources;
  };
  if (existsSync(path.join(root, distDir, "BUILD_ID")) && stamps.some(current)) return;
  console.log(`Building the console (${distDir}${basePath ? `, base path ${basePath}` : ""})...`);
  const r = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stampFile, JSON.stringify(want));
}

async function main() {
  // Checked before anything starts: no login beyond loopback unless FC_ALLOW_ANONYMOUS=true.
  const auth = parseAuthConfig(process.env);
  const problem = auth.ok ? listenProblem(host, auth.value, process.env) : auth.problems[0].message;
  if (problem) throw new Error(problem);
  process.env.FC_LISTEN_HOST = host; // instrumentation.ts checks the same rule
  // Any source's variable (FC_AGENT_* included) or FC_CONFIG: the console runs on its own
  // configuration and no demo data mixes into the page.
  const ownConfig = ownConfigVariables(process.env);
  let stopDemo: (() => Promise<void>) | undefined;
  if (ownConfig.length === 0 || args.includes("--demo")) {
    // Imported only here: a production start loads no demo code.
    const { startDemo } = await import("@/lib/demo");
    const demo = await startDemo();
    stopDemo = demo.stop;
    // The demo lets wizard links pick targets so "Monitor this federation" works out of the box;
    // a real deployment keeps allowRequestTargets off (lib/status/config.ts) unless it opts in.
    process.env.FC_DEMO_CONFIG = JSON.stringify({ ...demo.config, allowRequestTargets: true });
    console.log("Demo backends started (in-process S3 + AMP stand-ins).");
  }
  if (!dev) ensureBuild();
  const app = next({ dev, dir: root, hostname: host, port, conf: undefined });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Long wizard links get proxy.ts's readable 414 instead of Node's empty 431 (lib/security/url-limit.ts).
  // Client address from the socket, request targets, headers on every answer, the listen rule on
  // the bound address (lib/security/http-edge.ts; instrumentation.ts installs the same once).
  installHttpEdge();
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => void handle(req, res));
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    const body = err.code === "HPE_HEADER_OVERFLOW" ? `Request headers over ${MAX_HEADER_BYTES / 1024} KB: shorten the link (put expected clusters in the server config).\n` : "Bad request.\n";
    socket.end(rawErrorResponse(status, body));
  });
  server.listen(port, host, () => {
    console.log(`Federation Console on http://${host}:${port}${basePath}/`);
  });
  const shutdown = async () => {
    server.close();
    await stopDemo?.();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
