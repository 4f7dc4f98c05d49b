import { execFileSync, spawnSync } from "node:child_process";

const BASH = ["--noprofile", "--norc"];
const cleanEnv = (env: Record<string, string> = {}) =>
  ({ PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", ...env }) as unknown as NodeJS.ProcessEnv;

/** `bash -n`: does bash parse the text? Returns the error text, or "" when it parses. */
export function bashSyntaxError(script: string): string {
  const r = spawnSync("bash", [...BASH, "-n"], { input: script, encoding: "utf8", env: cleanEnv() });
  return r.status === 0 ? "" : r.stderr || `bash -n exited ${r.status}`;
}

/** The argv bash produces for each rendered command, in one bash process: each command's first
 * word is preceded by a function that prints its argument count and arguments NUL-separated,
 * so nothing real runs. ${NAME} references get their values from env. */
export function bashArgvMany(rendered: string[], env: Record<string, string> = {}): string[][] {
  const script = `__argv() { printf '%s\\0' "$#" "$@"; }\n${rendered.map((r) => `__argv ${r}\n`).join("")}`;
  // On stdin, not -c: one argument is limited to 128 KB (E2BIG), and a 150-cluster plan's
  // commands are more. Nothing here reads stdin (__argv only prints).
  const out = execFileSync("bash", [...BASH, "-s"], { input: script, encoding: "utf8", env: cleanEnv(env), maxBuffer: 64 << 20 });
  const parts = out.split("\0");
  const result: string[][] = [];
  let i = 0;
  while (i < parts.length - 1) {
    const n = Number(parts[i++]);
    result.push(parts.slice(i, i + n));
    i += n;
  }
  return result;
}

export function bashArgv(rendered: string, env: Record<string, string> = {}): string[] {
  return bashArgvMany([rendered], env)[0];
}
