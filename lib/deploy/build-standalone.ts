import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// Builds the standalone output once and copies what `next build` leaves out of it (static assets
// and public/, https://nextjs.org/docs/app/api-reference/config/next-config-js/output). Reused while
// no source is newer than the last build. Next adds its dist dir to tsconfig.json's include on
// every build with a new dist dir; that edit is undone so the checkout stays clean.

const root = path.resolve(import.meta.dirname, "../..");
// data/: chart data the pages import per version (data/charts), so a new version rebuilds too.
const SOURCE_DIRS = ["app", "components", "lib", "public", "data"];
const SOURCE_FILES = ["next.config.mjs", "package-lock.json", "postcss.config.mjs", "proxy.ts", "instrumentation.ts"];

/** The newest modification time of anything a Next build reads (tests excluded); scripts/start.ts
 * uses it too, so both rebuild on the same changes. */
export function newestSourceMtime(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".") || e.name.endsWith(".test.ts")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(path.join(root, f))) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

export interface BuildStandaloneOptions {
  /** Relative to the project root, e.g. ".next-standalone-test". */
  distDir: string;
  basePath?: string;
  log?: (message: string) => void;
}

/** Returns the absolute path of the folder holding server.js. */
export function buildStandalone({ distDir, basePath = "", log = () => {} }: BuildStandaloneOptions): string {
  const dist = path.join(root, distDir);
  const out = path.join(dist, "standalone");
  const stampFile = path.join(dist, "fc-standalone-stamp.json");
  const want = { basePath, sources: newestSourceMtime() };
  if (existsSync(path.join(out, "server.js")) && existsSync(stampFile)) {
    const have = JSON.parse(readFileSync(stampFile, "utf8"));
    if (have.basePath === want.basePath && have.sources >= want.sources) return out;
  }
  log(`Building the standalone console into ${distDir}/standalone ...`);
  const tsconfig = path.join(root, "tsconfig.json");
  const tsconfigBefore = readFileSync(tsconfig, "utf8");
  try {
    const env = { ...process.env, NEXT_OUTPUT: "standalone", NEXT_DIST_DIR: distDir, BASE_PATH: basePath, NEXT_TELEMETRY_DISABLED: "1" };
    delete (env as Record<string, string | undefined>).NODE_ENV; // next build sets production itself
    const r = spawnSync("npx", ["next", "build"], { cwd: root, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`next build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  } finally {
    if (readFileSync(tsconfig, "utf8") !== tsconfigBefore) writeFileSync(tsconfig, tsconfigBefore);
  }
  // server.js serves <distDir>/static and public/ from next to itself.
  rmSync(path.join(out, distDir, "static"), { recursive: true, force: true });
  cpSync(path.join(dist, "static"), path.join(out, distDir, "static"), { recursive: true });
  if (existsSync(path.join(root, "public"))) cpSync(path.join(root, "public"), path.join(out, "public"), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(want));
  return out;
}
