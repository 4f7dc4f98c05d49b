import { spawnSync } from "node:child_process";
import path from "node:path";
import type { CliIo } from "@/scripts/cli-io";

// The CLI entry points (scripts/generate.ts, doctor.ts, upgrade.ts) two ways. `spawnCli` runs the
// real entry point in its own node, as `npm run <name>` does (tsx as a loader, without npx: npx
// alone cost about a second of CPU per spawn); each CLI's tests keep one or two of these for the exit
// code and the streams the process really writes. `runMain` calls the same `main` in-process with
// string sinks for every other case (issue 19: a tsx start per case cost seconds on a busy machine).

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const root = path.resolve(import.meta.dirname, "../..");

export function spawnCli(script: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runMain(main: (argv: string[], io: CliIo) => number, ...args: string[]): CliResult {
  let stdout = "";
  let stderr = "";
  const status = main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { status, stdout, stderr };
}
