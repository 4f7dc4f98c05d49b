import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { tsImport } from "tsx/esm/api";

// What the CLIs write, for the specs to compare the pages with, file for file. The CLIs' own entry
// functions (`npm run generate` and `npm run upgrade` run exactly these) are loaded once per worker
// through tsx, as `npx tsx scripts/...` loads them, and called in this process, writing into a
// fresh folder: a `npx tsx` process per plan cost 3 s for a small plan and 17 s for 5,000 clusters
// on the 2-core machine (2026-12-05), most of it starting tsx and importing the generators again.
// scripts/generate.test.ts and scripts/upgrade.test.ts start the real entry points as processes.

type Cli = (argv: string[]) => { code: number; message: string };
type Planned = (argv: string[]) => { files: { path: string; content: string }[] } | { code: number; message: string };
let clis: Promise<{ runGenerate: Cli; runUpgrade: Cli; plannedBundle: Planned }> | undefined;
const loadClis = () =>
  (clis ??= Promise.all([tsImport("../../scripts/generate.ts", import.meta.url), tsImport("../../scripts/upgrade.ts", import.meta.url)]).then(([g, u]) => ({
    runGenerate: g.runGenerate as Cli,
    runUpgrade: u.runUpgrade as Cli,
    plannedBundle: g.plannedBundle as Planned,
  })));

async function run(which: "runGenerate" | "runUpgrade", argv: string[]): Promise<void> {
  const { code, message } = (await loadClis())[which](argv);
  if (code !== 0) throw new Error(`${argv.join(" ")}: exit ${code}\n${message}`);
}

/** What `npm run generate -- <file> <out>` writes for a plan file: the folder and every file in it. */
export async function cliBundleOfFile(planFile: string): Promise<{ dir: string; files: Map<string, string> }> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "generate-e2e-")), "out");
  await run("runGenerate", [planFile, dir]);
  return { dir, files: readTree(dir) };
}

const cliBundles = new Map<string, Map<string, string>>();

/** What `npm run generate -- plan.json <out>` writes for a plan, file by file: everything the CLI
 * decides before its write loop (scripts/generate.ts plannedBundle), kept in memory. Writing and
 * reading back 25,012 files for the 5,000-cluster plan cost 3.4 s on the 2-core machine
 * (2026-12-05); the write itself is scripts/generate.test.ts's, and cliBundleOfFile's here. Once
 * per plan in a worker: a second comparison with the same plan reads the same bundle. */
export async function cliBundle(plan: object): Promise<Map<string, string>> {
  const key = JSON.stringify(plan);
  if (!cliBundles.has(key)) {
    const folder = mkdtempSync(path.join(os.tmpdir(), "generate-e2e-plan-"));
    const planFile = path.join(folder, "plan.json");
    writeFileSync(planFile, JSON.stringify(plan, null, 2));
    const argv = [planFile, path.join(folder, "out")];
    const planned = (await loadClis()).plannedBundle(argv);
    if ("code" in planned) throw new Error(`${argv.join(" ")}: exit ${planned.code}\n${planned.message}`);
    cliBundles.set(key, new Map(planned.files.map((f) => [f.path, f.content])));
  }
  return cliBundles.get(key)!;
}

/** What `npm run upgrade -- <file> <out> --to <to>` writes, file by file. */
export async function cliUpgrade(file: string, to: string): Promise<Map<string, string>> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "upgrade-e2e-")), "out");
  await run("runUpgrade", [file, out, "--to", to]);
  return readTree(out);
}

/** Every file below `dir`, by its /-separated path relative to `dir` (what a CLI wrote). */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(path.relative(dir, p).split(path.sep).join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return files;
}
