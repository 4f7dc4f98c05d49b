import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// Stub aws/kubectl/helm/eksctl for real bash: each records its argv (NUL-separated, the tool's
// name first) in a file of its own under the record folder and exits 0, or 3 when it is
// FAIL_TOOL and one of its arguments is FAIL_CONTEXT. The stubs are bash functions defined in a
// file every bash the test starts reads first (BASH_ENV: install.sh and each step script it
// runs), so a call costs no process; a 150-cluster install makes over a thousand calls, and two
// processes per call (bash + mktemp) made those tests take minutes on a busy machine.
// Executables of the same names on PATH call the same functions, for a caller that reaches the
// tool without bash's function lookup (xargs, env): slower, never wrong.

export const STUB_TOOLS = ["aws", "kubectl", "helm", "eksctl"] as const;

// File names: the recording bash's $BASHPID and a per-shell counter; noclobber (set -C) makes
// the write fail rather than overwrite when a reused PID meets an old record, and the loop
// takes the next number.
const FUNCTIONS = `__stub_tool() {
  local tool="$1" file was_noclobber=0 a
  shift
  [[ $- == *C* ]] && was_noclobber=1
  set -C
  for (( ; ; )); do
    __stub_calls=$(( \${__stub_calls:-0} + 1 ))
    file="$STUB_RECORD/rec.$BASHPID.$__stub_calls"
    { printf '%s\\0' "$tool" "$@" > "$file"; } 2>/dev/null && break
    if [ ! -e "$file" ]; then echo "stub $tool: cannot write $file" >&2; break; fi
  done
  (( was_noclobber )) || set +C
  if [ "$tool" = "\${FAIL_TOOL:-}" ]; then
    for a in "$@"; do
      if [ "$a" = "\${FAIL_CONTEXT:-}" ]; then echo "stub $tool: failing for $a" >&2; return 3; fi
    done
  fi
  return 0
}
${STUB_TOOLS.map((t) => `${t}() { __stub_tool ${t} "$@"; }`).join("\n")}
`;

const EXECUTABLE = `#!/usr/bin/env bash
__stub_tool "\${0##*/}" "$@"
`;

export interface StubTools {
  /** Folder of the fallback executables: put it first on PATH. */
  bin: string;
  /** Folder of the argv records. */
  record: string;
  /** Environment for a bash that should see the stubs (PATH, BASH_ENV, STUB_RECORD). */
  env: Record<string, string>;
  /** Every call's argv (tool name first), in no particular order. */
  recorded(): string[][];
  clearRecords(): void;
}

/** Writes the stubs under `root` (a fresh temporary folder). */
export function installStubTools(root: string): StubTools {
  const bin = path.join(root, "bin");
  const record = path.join(root, "record");
  for (const d of [bin, record]) mkdirSync(d, { recursive: true });
  const functions = path.join(root, "stub-tools.bash");
  writeFileSync(functions, FUNCTIONS);
  for (const t of STUB_TOOLS) {
    writeFileSync(path.join(bin, t), EXECUTABLE);
    chmodSync(path.join(bin, t), 0o755);
  }
  return {
    bin,
    record,
    env: { PATH: `${bin}:/usr/bin:/bin`, BASH_ENV: functions, STUB_RECORD: record },
    recorded: () => readdirSync(record).map((f) => readFileSync(path.join(record, f), "utf8").split("\0").slice(0, -1)),
    clearRecords() {
      for (const f of readdirSync(record)) rmSync(path.join(record, f));
    },
  };
}
