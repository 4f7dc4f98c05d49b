// `npm run chart-data -- <chart.tgz> [--as <folder>] [--values <file>] [--source <url>] [--out data/charts]`:
// derive a chart version's data from its package (what `helm pull` downloads; subcharts
// included) and write data/charts/<chart>/<version>/{keys,types,images,refused}.json, then the
// index. refused.json needs helm on PATH (rendered, not guessed); without helm it is left as is.
// `--source` is the public address of the chart's folder at that version (each refusal cites the
// template that fails there).
// `npm run chart-data -- --index` rebuilds data/charts/index.json from the folders.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { deriveFromPackage, readChartPackage } from "@/lib/charts/derive";
import { helmRefusals } from "@/lib/charts/derive/helm-refusals";
import { CHART_DATA_DIR, indexText } from "@/lib/charts/derive/index-file";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = flag("--out") ?? CHART_DATA_DIR;
const json = (o: unknown) => `${JSON.stringify(o, null, 1)}\n`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const helmOnPath = () => spawnSync(process.env.HELM ?? "helm", ["version", "--short"], { encoding: "utf8" }).status === 0;

if (!args.includes("--index")) {
  const tgz = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  if (!tgz) fail("Usage: npm run chart-data -- <chart.tgz> [--as <folder>] [--values <file>] [--source <url>] [--out data/charts] | --index");
  if (!existsSync(tgz)) fail(`${tgz} does not exist: give the .tgz that helm pull or helm package wrote`);
  let chart;
  try {
    chart = readChartPackage(new Uint8Array(readFileSync(tgz)));
  } catch (err) {
    fail(`${tgz}: ${(err as Error).message}`);
  }
  const derived = deriveFromPackage(chart);
  const name = flag("--as") ?? chart.name;
  const dir = path.join(out, name, chart.version);
  mkdirSync(dir, { recursive: true });
  const note = (what: string) => `${what}; derived by npm run chart-data from the ${chart.name} ${chart.version} chart package`;
  writeFileSync(path.join(dir, "keys.json"), json({ ...derived.keys, note: note("templatePaths: value paths the templates (and subchart templates, prefixed with the subchart alias or name) read; wholesalePaths: of those, the ones read as a whole subtree (toYaml, toJson, range, with); valuesPaths: leaf paths declared in values.yaml files") }));
  writeFileSync(path.join(dir, "types.json"), json({ chart: `${name}-${chart.version}`, note: note("type of each default value path: map, list, string, number, bool, null (null: any type)"), types: derived.types }));
  writeFileSync(path.join(dir, "images.json"), json({ chart: name, version: chart.version, ...derived.images }));
  const written = ["keys.json", "types.json", "images.json"];
  if (helmOnPath()) {
    const defaults = (p: string) => p.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), chart.values);
    let refusals;
    try {
      refusals = helmRefusals(path.resolve(tgz), chart, derived.types, defaults, { helm: process.env.HELM, valuesFile: flag("--values"), sourceBase: flag("--source") });
    } catch (err) {
      fail((err as Error).message);
    }
    writeFileSync(path.join(dir, "refused.json"), json({ chart: name, version: chart.version, note: note("values the chart fails the install on, with the message helm printed (each candidate from a `fail` condition, rendered with helm; `when`: the values it needs together, absent: whenever the path is set)"), refusals }));
    written.push(`refused.json (${refusals.length} refused)`);
  } else console.warn("helm is not on PATH: refused.json left as it is (the refused keys are rendered with helm, never guessed)");
  console.log(`${dir}: ${written.join(", ")}; ${derived.keys.templatePaths.length} template paths, ${Object.keys(derived.types).length} typed defaults, ${derived.images.images.length} images`);
}

writeFileSync(path.join(out, "index.json"), indexText(out));
console.log(`${path.join(out, "index.json")} rebuilt`);
