import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

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
  // From a file, not -c (one argument is limited to 128 KB, E2BIG, and a 150-cluster plan's
  // commands are more) and not stdin (bash reads a script on a pipe one byte per read(2): 2.75 MB
  // took 7.7 s, from a file 0.4 s).
  const dir = mkdtempSync(path.join(tmpdir(), "bash-argv-"));
  let out: string;
  try {
    writeFileSync(path.join(dir, "argv.sh"), script);
    out = execFileSync("bash", [...BASH, path.join(dir, "argv.sh")], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", env: cleanEnv(env), maxBuffer: 64 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

let resolvedBash: string | undefined;
/** bash's absolute path, for a bash started with an empty PATH. */
const bashPath = () => (resolvedBash ??= execFileSync("bash", [...BASH, "-c", 'printf %s "$BASH"'], { encoding: "utf8", env: cleanEnv() }));

/** `bashSyntaxError` for many scripts in one bash process (a 150-cluster bundle has 600 step
 * scripts; a process each took seconds on a busy machine). Each text becomes the body of a
 * function inside `if false; then :` that bash parses and never calls: a stray `}` or `fi` is a syntax
 * error there as at the top level. The bash runs with an empty PATH in an empty folder, so even a
 * text that closed the wrapper could run nothing but builtins there. A few errors (an unclosed
 * `$(`) end the whole bash: the check then goes on from the next script in a new one. Returns
 * the error text per script, "" when it parses. */
export function bashSyntaxErrors(scripts: string[]): string[] {
  const fence = `__FC_SCRIPT_END_${randomUUID().replace(/-/g, "")}`;
  const parts = scripts.map((text, i) => {
    if (text.split("\n").includes(fence)) throw new Error("script text holds the heredoc fence");
    // read -d '' stops at the heredoc's end (status 1 there: the whole text was read).
    return `printf '\\0%d\\0' ${i}\nIFS= read -r -d '' __text <<'${fence}'\n${text}\n${fence}\neval "__parse_only() { if false; then :\n$__text\nfi; }" 2>&1\n`;
  });
  const result = scripts.map(() => "");
  const outer = mkdtempSync(path.join(tmpdir(), "bash-n-"));
  const empty = path.join(outer, "empty");
  const scriptFile = path.join(outer, "check.sh");
  mkdirSync(empty);
  try {
    for (let from = 0; from < scripts.length; ) {
      // From a file beside the empty folder, not stdin (bash reads a pipe one byte at a time).
      writeFileSync(scriptFile, `${parts.slice(from).join("")}printf '\\0end\\0'\n`);
      const r = spawnSync(bashPath(), [...BASH, scriptFile], { stdio: ["ignore", "pipe", "pipe"], cwd: empty, encoding: "utf8", env: cleanEnv({ PATH: empty }), maxBuffer: 64 << 20 });
      const fields = r.stdout.split("\0");
      let last = from - 1;
      for (let i = 1; i + 1 < fields.length && fields[i] !== "end"; i += 2) {
        last = Number(fields[i]);
        result[last] = fields[i + 1];
      }
      if (fields.includes("end")) break;
      // The bash ended inside script `last`: that script is the error.
      if (last < from) throw new Error(`bash could not start the syntax check: ${r.error ?? r.stderr}`);
      result[last] ||= r.stderr || `bash ended while parsing (exit ${r.status})`;
      from = last + 1;
    }
    return result;
  } finally {
    rmSync(outer, { recursive: true, force: true });
  }
}
