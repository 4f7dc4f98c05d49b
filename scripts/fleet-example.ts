// `npx tsx scripts/fleet-example.ts <plan.yaml> <clusters> <out.yaml>`: the plan grown to that many
// clusters (lib/generate/fleet/scale.ts: the primary kept, agents agent-0001...), written as a
// plan file `npm run generate` reads. examples/federated-etl-150.yaml is made this way; the
// 5,000-cluster plan is not committed (15,000 lines): make it with this script.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parsePlanText } from "@/lib/plan/load";
import { validatePlan } from "@/lib/plan/validate";
import { formatProblems } from "@/lib/problem";
import { planWithoutSecrets, type FederationPlan } from "@/lib/plan/schema";
import { fleetOf } from "@/lib/generate/fleet/scale";
import { toYaml } from "@/lib/generate/yaml";

export function loadPlan(file: string): FederationPlan {
  const r = validatePlan(parsePlanText(readFileSync(file, "utf8"), path.basename(file)));
  if (!r.ok) throw new Error(`${file} has problems:\n${formatProblems(r.problems)}`);
  return r.value;
}

export function fleetExampleYaml(base: FederationPlan, n: number, from: string): string {
  const plan = fleetOf(base, n);
  const check = validatePlan(plan);
  if (!check.ok) throw new Error(`the grown plan is invalid:\n${formatProblems(check.problems)}`);
  return toYaml(planWithoutSecrets(plan), `${from} grown to ${n} clusters by scripts/fleet-example.ts (agents agent-0001...).\nGenerate: npm run generate -- <this file> <out-dir>`);
}

if (process.argv[1]?.endsWith("fleet-example.ts")) {
  const [file, count, out] = process.argv.slice(2);
  const n = Number(count);
  if (!file || !out || !Number.isInteger(n) || n < 1 || n > 5000) {
    console.error("Usage: npx tsx scripts/fleet-example.ts <plan.yaml> <clusters, 1-5000> <out.yaml>");
    process.exit(2);
  }
  try {
    writeFileSync(out, fleetExampleYaml(loadPlan(file), n, path.basename(file)));
    console.log(`Wrote ${out}: ${n} clusters.`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
