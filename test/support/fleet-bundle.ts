import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { GeneratedFile } from "@/lib/generate/types";
import { installStubTools } from "./stub-tools";

// A generated bundle on disk, its install.sh run by real bash against the stub tools
// (test/support/stub-tools.ts), which record every call's argv.

export { STUB_TOOLS } from "./stub-tools";

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
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const target = path.join(dir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  const stubs = installStubTools(root);
  return {
    dir,
    record: stubs.record,
    run(args, env = {}) {
      const r = spawnSync("bash", ["--noprofile", "--norc", path.join(dir, "install.sh"), ...args], {
        cwd: root,
        encoding: "utf8",
        env: { LANG: "C.UTF-8", ...stubs.env, ...env } as unknown as NodeJS.ProcessEnv,
        maxBuffer: 64 << 20,
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    recorded: stubs.recorded,
    clearRecords: stubs.clearRecords,
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
