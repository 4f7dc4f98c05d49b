// `npm run generate -- <plan.yaml|plan.json> <out-dir>`: validates the plan and writes every
// generated file plus STEPS.md. A bad plan writes nothing and exits non-zero.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parsePlanText } from "@/lib/plan/load";
import { formatPlanIssues, validatePlan } from "@/lib/plan/validate";
import { buildBundle } from "@/lib/generate";

export function runGenerate(argv: string[]): { code: number; message: string } {
  const [planPath, outDir] = argv;
  if (!planPath || !outDir) return { code: 2, message: "Usage: npm run generate -- <plan.yaml|plan.json> <out-dir>" };
  if (!existsSync(planPath)) return { code: 2, message: `No plan file at ${planPath}` };
  let input: unknown;
  try {
    input = parsePlanText(readFileSync(planPath, "utf8"), path.basename(planPath));
  } catch (err) {
    return { code: 1, message: (err as Error).message };
  }
  const result = validatePlan(input);
  if (!result.ok) return { code: 1, message: `The plan in ${planPath} has problems; nothing was written:\n${formatPlanIssues(result.issues)}` };
  const files = buildBundle(result.plan);
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !argv.includes("--force")) {
    return { code: 1, message: `${outDir} is not empty; nothing was written. Choose an empty folder or add --force.` };
  }
  for (const f of files) {
    const target = path.resolve(outDir, f.path);
    if (!target.startsWith(path.resolve(outDir) + path.sep)) return { code: 1, message: `Refusing to write outside ${outDir}: ${f.path}` };
  }
  for (const f of files) {
    const target = path.join(outDir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content, { mode: f.language === "shell" ? 0o755 : 0o644 });
  }
  return { code: 0, message: `Wrote ${files.length} files to ${outDir}. Start with ${path.join(outDir, "STEPS.md")}.` };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("generate.ts")) {
  const { code, message } = runGenerate(process.argv.slice(2));
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}
