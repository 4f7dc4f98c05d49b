import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { IMAGE_COMMAND, IMAGE_ENV, IMAGE_USER } from "@/lib/deploy/image";

// Starts the standalone server the way the image's entrypoint does (lib/deploy/image.ts: same
// command and environment), as the image's non-root user when the test runs as root, with only a
// fresh data directory writable by that user.

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fc-data-"));
  if (process.getuid?.() === 0) chownSync(dir, IMAGE_USER.uid, IMAGE_USER.gid);
  return dir;
}

export function spawnImageCommand(standaloneDir: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const asRoot = process.getuid?.() === 0;
  const [cmd, ...args] = asRoot
    ? ["setpriv", `--reuid=${IMAGE_USER.uid}`, `--regid=${IMAGE_USER.gid}`, "--clear-groups", ...IMAGE_COMMAND]
    : [...IMAGE_COMMAND];
  const childEnv = { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...IMAGE_ENV, ...env } as const;
  const child: ChildProcess = spawn(cmd, args, { cwd: standaloneDir, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** `basePath`: the one the build was made with (its health check lives below it). */
export async function startImageServer(standaloneDir: string, port: number, env: Record<string, string>, basePath = ""): Promise<RunningServer> {
  const { child, output } = spawnImageCommand(standaloneDir, { PORT: String(port), ...env });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}${basePath}/api/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /api/healthz:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export function waitForExit(child: ChildProcess, timeoutMs = 20_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("server kept running"));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}
