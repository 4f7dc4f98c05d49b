// `npm run generate -- <plan.yaml|plan.json> <out-dir> [--chart <kubecost-X.tgz>] [--force]`:
// validates the plan and writes every generated file plus STEPS.md. A bad plan writes nothing and
// exits non-zero. --chart checks every generated Kubecost values file against the chart package the
// admin will install (its version becomes the plan's chart version); a key or type that chart
// refuses writes nothing.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parsePlanText } from "@/lib/plan/load";
import { validatePlan } from "@/lib/plan/validate";
import { formatProblems } from "@/lib/problem";
import { buildBundle } from "@/lib/generate";
import type { GeneratedFile } from "@/lib/generate/types";
import { supplyChartPackage, type SuppliedChart } from "@/lib/charts/derive/supply";
import { unreadValuePaths } from "@/lib/charts/lint";
import { typeMismatches } from "@/lib/charts/types";
import { refusedKeys } from "@/lib/charts/refused";
import { parse } from "yaml";
import { writeOutcome, type CliIo } from "./cli-io";

const USAGE = "Usage: npm run generate -- <plan.yaml|plan.json> <out-dir> [--chart <kubecost-X.tgz>] [--force]";

/** What the supplied chart makes of each generated values file of its own chart. */
function checkAgainstChart(files: GeneratedFile[], supplied: SuppliedChart): { blocking: string[]; notes: string[] } {
  const blocking: string[] = [];
  const notes: string[] = [];
  for (const f of files.filter((x) => x.chartValues?.chart === supplied.ref.chart)) {
    const values = parse(f.content) ?? {};
    for (const r of refusedKeys(supplied.ref, values)) blocking.push(`${f.path}: ${r.path}: the chart refuses it: ${r.message}`);
    for (const t of typeMismatches(supplied.ref, values)) blocking.push(`${f.path}: ${t.path} is a ${t.got}, the chart wants a ${t.expected}`);
    for (const p of unreadValuePaths(supplied.ref, values)) notes.push(`${f.path}: ${p} is not read by ${supplied.label} (helm accepts it; nothing changes)`);
  }
  return { blocking, notes };
}

/** Everything `npm run generate` decides before it writes: the files and the folder they go to,
 * or the exit code and message it stops with (nothing written). */
export function plannedBundle(
  argv: string[],
): { files: GeneratedFile[]; outDir: string; supplied?: SuppliedChart; checked?: { blocking: string[]; notes: string[] } } | { code: number; message: string } {
  const chartAt = argv.indexOf("--chart");
  const chartPath = chartAt >= 0 ? argv[chartAt + 1] : undefined;
  if (chartAt >= 0 && !chartPath) return { code: 2, message: USAGE };
  const [planPath, outDir] = argv.filter((a, i) => a !== "--force" && (chartAt < 0 || (i !== chartAt && i !== chartAt + 1)));
  if (!planPath || !outDir) return { code: 2, message: USAGE };
  let supplied: SuppliedChart | undefined;
  if (chartPath) {
    try {
      supplied = supplyChartPackage(new Uint8Array(readFileSync(chartPath)), ["kubecost", "cost-analyzer"]);
    } catch (err) {
      return { code: 2, message: `--chart ${chartPath}: ${(err as Error).message}; nothing was written` };
    }
  }
  if (!existsSync(planPath)) return { code: 2, message: `No plan file at ${planPath}` };
  let input: unknown;
  try {
    input = parsePlanText(readFileSync(planPath, "utf8"), path.basename(planPath));
  } catch (err) {
    return { code: 1, message: (err as Error).message };
  }
  if (supplied && input && typeof input === "object") {
    const kubecost = (input as { kubecost?: Record<string, unknown> }).kubecost ?? {};
    input = { ...input, kubecost: { ...kubecost, chartVersion: supplied.ref.version } };
  }
  const result = validatePlan(input);
  if (!result.ok) return { code: 1, message: `The plan in ${planPath} has problems; nothing was written:\n${formatProblems(result.problems)}` };
  const files = buildBundle(result.value);
  const checked = supplied ? checkAgainstChart(files, supplied) : undefined;
  if (checked?.blocking.length) {
    return { code: 1, message: `Checked against ${supplied!.label}.\n${supplied!.label} would refuse these values; nothing was written:\n${checked.blocking.map((l) => `  ${l}`).join("\n")}` };
  }
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !argv.includes("--force")) {
    return { code: 1, message: `${outDir} is not empty; nothing was written. Choose an empty folder or add --force.` };
  }
  for (const f of files) {
    const target = path.resolve(outDir, f.path);
    if (!target.startsWith(path.resolve(outDir) + path.sep)) return { code: 1, message: `Refusing to write outside ${outDir}: ${f.path}` };
  }
  return { files, outDir, supplied, checked };
}

export function runGenerate(argv: string[]): { code: number; message: string } {
  const planned = plannedBundle(argv);
  if ("code" in planned) return planned;
  const { files, outDir, supplied, checked } = planned;
  for (const f of files) {
    const target = path.join(outDir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content, { mode: f.language === "shell" ? 0o755 : 0o644 });
  }
  const wrote = `Wrote ${files.length} files to ${outDir}. Start with ${path.join(outDir, "STEPS.md")}.`;
  if (!checked) return { code: 0, message: wrote };
  const unread = checked.notes.length ? `\nKeys the chart does not read (${checked.notes.length}):\n${checked.notes.map((l) => `  ${l}`).join("\n")}` : `\nEvery generated key is read by ${supplied!.label}.`;
  return { code: 0, message: `Checked against ${supplied!.label}.${unread}\n${wrote}` };
}

/** The CLI: the exit code; the message on stdout when it succeeded, else on stderr. */
export function main(argv: string[], io: CliIo = process): number {
  return writeOutcome(io, runGenerate(argv));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("generate.ts")) {
  process.exit(main(process.argv.slice(2)));
}
