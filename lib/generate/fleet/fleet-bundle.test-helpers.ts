import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { GeneratedFile } from "../types";

// Real bash against stub aws/kubectl/helm/eksctl executables that record their argv.

export const STUB_TOOLS = ["aws", "kubectl", "helm", "eksctl"] as const;

const STUB = `#!/usr/bin/env bash
tool="\${0##*/}"
rec="$(mktemp "$FLEET_RECORD/rec.XXXXXXXXXX")"
printf '%s\\0' "$tool" "$@" > "$rec"
if [ "$tool" = "\${FAIL_TOOL:-}" ]; then
  for a in "$@"; do
    if [ "$a" = "\${FAIL_CONTEXT:-}" ]; then echo "stub $tool: failing for $a" >&2; exit 3; fi
  done
fi
exit 0
`;

export interface Sandbox {
  dir: string;
  record: string;
  run(args: string[], env?: Record<string, string>): { code: number; stdout: string; stderr: string };
  recorded(): string[][];
  clearRecords(): void;
  read(p: string): string;
  ls(p: string): string[];
}

export function writeBundle(files: GeneratedFile[]): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), "fleet-"));
  const dir = path.join(root, "bundle");
  const bin = path.join(root, "bin");
  const record = path.join(root, "record");
  for (const d of [dir, bin, record]) mkdirSync(d, { recursive: true });
  for (const f of files) {
    const target = path.join(dir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  for (const t of STUB_TOOLS) {
    writeFileSync(path.join(bin, t), STUB);
    chmodSync(path.join(bin, t), 0o755);
  }
  return {
    dir,
    record,
    run(args, env = {}) {
      const r = spawnSync("bash", ["--noprofile", "--norc", path.join(dir, "install.sh"), ...args], {
        cwd: root,
        encoding: "utf8",
        env: { PATH: `${bin}:/usr/bin:/bin`, LANG: "C.UTF-8", FLEET_RECORD: record, ...env } as unknown as NodeJS.ProcessEnv,
        maxBuffer: 64 << 20,
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    recorded() {
      return readdirSync(record).map((f) => readFileSync(path.join(record, f), "utf8").split("\0").slice(0, -1));
    },
    clearRecords() {
      for (const f of readdirSync(record)) spawnSync("rm", ["-f", path.join(record, f)]);
    },
    read: (p) => readFileSync(path.join(dir, p), "utf8"),
    ls: (p) => readdirSync(path.join(dir, p)).sort(),
  };
}

/** The files an admin supplies before running (the first step lists them): the Enterprise key,
 * and access keys in place of the REPLACE_WITH_ placeholders. A step missing one stops non-zero. */
export function supplyInputs(box: Sandbox): void {
  writeFileSync(path.join(box.dir, "productkey.json"), '{"key": "test-enterprise-key"}\n');
  for (const f of readdirSync(box.dir).filter((n) => n.endsWith(".yaml"))) {
    const text = readFileSync(path.join(box.dir, f), "utf8");
    if (text.includes("REPLACE_WITH_")) writeFileSync(path.join(box.dir, f), text.replaceAll("REPLACE_WITH_ACCESS_KEY_ID", "AKIAZZTESTKEY1234567").replaceAll("REPLACE_WITH_SECRET_ACCESS_KEY", "zZ9/secretTESTvalue+abcdefghijklmnopqrstu"));
  }
}
