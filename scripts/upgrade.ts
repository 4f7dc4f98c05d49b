// `npm run upgrade -- <upgrade.yaml|plan.yaml> <out-dir> [--to <line or version>]`: today's plan
// (with `upgradeTo:`, or --to) in, the ordered migration out: STEPS.md, values files and
// upgrade.yaml. A bad file writes nothing and exits non-zero.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parsePlanText } from "@/lib/plan/load";
import { formatProblems } from "@/lib/problem";
import { validateUpgrade } from "@/lib/plan/upgrade";
import { CHART_LINE_IDS, lineOfVersion } from "@/lib/plan/kubecost-lines";
import { buildUpgradeBundle } from "@/lib/generate/upgrade";
import { writeOutcome, type CliIo } from "./cli-io";

const USAGE = "Usage: npm run upgrade -- <upgrade.yaml|plan.yaml> <out-dir> [--to 3.x|2.9|2.x|<version>] [--force]";

/** --to 3.x or --to 3.2.1 as an upgradeTo block. */
function target(to: string): { chartLine: string; chartVersion?: string } | undefined {
  if ((CHART_LINE_IDS as readonly string[]).includes(to)) return { chartLine: to };
  const line = lineOfVersion(to);
  return line ? { chartLine: line.id, chartVersion: to } : undefined;
}

export function runUpgrade(argv: string[]): { code: number; message: string } {
  const toAt = argv.indexOf("--to");
  const to = toAt >= 0 ? argv[toAt + 1] : undefined;
  const [file, outDir] = argv.filter((a, i) => !a.startsWith("--") && !(toAt >= 0 && i === toAt + 1));
  if (!file || !outDir) return { code: 2, message: USAGE };
  if (!existsSync(file)) return { code: 2, message: `No file at ${file}` };
  let input: Record<string, unknown>;
  try {
    input = parsePlanText(readFileSync(file, "utf8"), path.basename(file)) as Record<string, unknown>;
  } catch (err) {
    return { code: 1, message: (err as Error).message };
  }
  if (to !== undefined) {
    const t = target(to);
    if (!t) return { code: 2, message: `--to ${to}: give a line (${CHART_LINE_IDS.join(", ")}) or a chart version such as 3.2.1` };
    input = { ...input, upgradeTo: t };
  }
  const r = validateUpgrade(input);
  if (!r.ok) return { code: 1, message: `The upgrade in ${file} has problems; nothing was written:\n${formatProblems(r.problems)}` };
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !argv.includes("--force")) {
    return { code: 1, message: `${outDir} is not empty; nothing was written. Choose an empty folder or add --force.` };
  }
  const files = buildUpgradeBundle(r.value);
  for (const f of files) {
    const dest = path.join(outDir, f.path);
    if (!path.resolve(dest).startsWith(path.resolve(outDir) + path.sep)) return { code: 1, message: `Refusing to write outside ${outDir}: ${f.path}` };
  }
  for (const f of files) {
    const dest = path.join(outDir, f.path);
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, f.content);
  }
  return { code: 0, message: `Wrote ${files.length} files to ${outDir}. Start with ${path.join(outDir, "STEPS.md")}.` };
}

/** The CLI: the exit code; the message on stdout when it succeeded, else on stderr. */
export function main(argv: string[], io: CliIo = process): number {
  return writeOutcome(io, runUpgrade(argv));
}

if (process.argv[1]?.endsWith("upgrade.ts")) {
  process.exit(main(process.argv.slice(2)));
}
