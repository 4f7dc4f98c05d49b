// `npm run bench:fleet`: what `npm run generate` costs at fleet size. For 3, 150 and 5,000 clusters
// (examples/federated-etl.yaml grown by lib/generate/fleet/scale.ts) it writes the bundle as the
// CLI does and prints the wall time, files, bytes and STEPS.md's steps; then every method's
// in-memory generate time at 5,000. The last line is a JSON object of the figures.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildBundle } from "@/lib/generate";
import { fleetOf } from "@/lib/generate/fleet/scale";
import { toYaml } from "@/lib/generate/yaml";
import { planWithoutSecrets } from "@/lib/plan/schema";
import { runGenerate } from "./generate";
import { loadPlan } from "./fleet-example";

const root = path.resolve(import.meta.dirname, "..");
const example = (name: string) => loadPlan(path.join(root, "examples", name));
const SIZES = [3, 150, 5000];

interface Row {
  clusters: number;
  cliSeconds: number;
  files: number;
  megabytes: number;
  steps: number;
  stepsMdKb: number;
}

function benchCli(n: number): Row {
  const plan = fleetOf(example("federated-etl.yaml"), n);
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-fleet-"));
  const planFile = path.join(dir, "plan.yaml");
  writeFileSync(planFile, toYaml(planWithoutSecrets(plan)));
  const started = performance.now();
  const r = runGenerate([planFile, path.join(dir, "out")]);
  const cliSeconds = (performance.now() - started) / 1000;
  if (r.code !== 0) throw new Error(r.message);
  const bundle = buildBundle(plan);
  rmSync(dir, { recursive: true, force: true });
  const md = bundle[0].content;
  return {
    clusters: n,
    cliSeconds,
    files: bundle.length,
    megabytes: bundle.reduce((s, f) => s + Buffer.byteLength(f.content), 0) / 1e6,
    steps: [...md.matchAll(/^## \d+\. /gm)].length,
    stepsMdKb: Buffer.byteLength(md) / 1000,
  };
}

const rows = SIZES.map(benchCli);
console.log("npm run generate, Federated ETL (examples/federated-etl.yaml grown):\n");
console.log("| clusters | wall (write bundle) | files | bundle | STEPS.md steps | STEPS.md |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(`| ${r.clusters.toLocaleString("en-US")} | ${r.cliSeconds.toFixed(2)} s | ${r.files.toLocaleString("en-US")} | ${r.megabytes.toFixed(1)} MB | ${r.steps} | ${r.stepsMdKb.toFixed(1)} KB |`);
}

const methods = ["federated-etl.yaml", "thanos-bundled.yaml", "thanos-standalone.yaml", "amp.yaml", "amp-federated.yaml"].map((name) => {
  const plan = fleetOf(example(name), 5000);
  const started = performance.now();
  const bundle = buildBundle(plan);
  return { example: name, seconds: (performance.now() - started) / 1000, files: bundle.length };
});
console.log("\nIn-memory bundle at 5,000 clusters, per method (what the wizard computes):\n");
for (const m of methods) console.log(`  ${m.example.padEnd(24)} ${m.seconds.toFixed(2)} s  ${m.files.toLocaleString("en-US")} files`);
console.log(`\npeak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
console.log(JSON.stringify({ fleetCli: rows, fleetMethods5000: methods }));
