import { chartDataLoaded, chartKeys, defaultTypes, suppliedLabel, type ChartRef, type Condition, type ValueType } from "./data";
import { conditionalRefusals, keyRefusals } from "./refused";

// A JSON Schema of a chart version's values (no Kubecost chart ships one), for the admin's editor:
// the YAML language server (VS Code and others) reads the `# yaml-language-server: $schema=...`
// line at the top of each generated values file and flags a refused key or a wrong type while
// the admin edits. Types come from the chart defaults (null: any type; a null value is always
// fine, helm deletes the default), refused keys are `not` rules carrying the chart's message
// (`errorMessage` is what the language server shows); a refusal that needs several values at once
// (`aggregator.useEmptyDir` and `aggregator.useHostPath`; `productKey.enabled` without
// `global.acknowledged`) is an if/then rule at the top. Unknown keys are allowed: helm ignores
// them, and the doctor's key lint reports them.

type Schema = Record<string, unknown>;

const JSON_TYPE: Record<Exclude<ValueType, "null">, string> = { map: "object", list: "array", string: "string", number: "number", bool: "boolean" };

function node(root: Schema, path: string[]): Schema {
  let o = root;
  for (const k of path) {
    const props = (o.properties ??= {}) as Record<string, Schema>;
    o = props[k] ??= {};
  }
  return o;
}

/** The schema of "the value at `path` matches `leaf`": every map on the way is required. */
function at(path: string, leaf: Schema): Schema {
  return path.split(".").reduceRight<Schema>((inner, key) => ({ type: "object", properties: { [key]: inner }, required: [key] }), leaf);
}

const isSet = (path: string) => at(path, { not: { type: "null" } });

/** A refusal's condition (lib/charts/refused.ts `holds`) as a JSON Schema the values match. */
export function conditionSchema(c: Condition): Schema {
  if ("set" in c) return isSet(c.set);
  if ("unset" in c) return { not: isSet(c.unset) };
  if ("equals" in c) {
    const equal = at(c.equals, { const: c.value });
    // Unset counts as the chart's default.
    return JSON.stringify(c.default) === JSON.stringify(c.value) ? { anyOf: [{ not: isSet(c.equals) }, equal] } : equal;
  }
  if ("all" in c) return { allOf: c.all.map(conditionSchema) };
  if ("any" in c) return { anyOf: c.any.map(conditionSchema) };
  return { not: conditionSchema(c.not) };
}

export function valuesSchemaName(ref: ChartRef): string {
  return `${ref.chart}-${ref.version}.values.schema.json`;
}

export function valuesSchema(ref: ChartRef): Schema {
  const root: Schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: valuesSchemaName(ref),
    title: `Values of the ${ref.chart} chart ${ref.version}`,
    description: `Types from the chart's defaults and the keys it refuses, ${suppliedLabel(ref) ? `from the ${suppliedLabel(ref)}` : `derived from the ${ref.chart} ${chartKeys(ref).tag} chart package`} (npm run chart-data)`,
    type: "object",
  };
  const types = defaultTypes(ref);
  for (const path of Object.keys(types).sort()) {
    const t = types[path];
    if (path.split(".").some((k) => k === "")) continue;
    const n = node(root, path.split("."));
    if (t !== "null") n.type = [JSON_TYPE[t], "null"];
  }
  for (const r of keyRefusals(ref)) {
    const n = node(root, r.path.split("."));
    for (const k of Object.keys(n)) delete n[k];
    Object.assign(n, { not: {}, errorMessage: r.message, description: `${ref.chart} ${ref.version} fails the install on this key: ${r.message}` });
  }
  const rules = conditionalRefusals(ref).map((r) => ({
    description: `${ref.chart} ${ref.version} fails the install on this combination: ${r.message}`,
    if: conditionSchema(r.when),
    then: { not: {}, errorMessage: r.message },
    errorMessage: r.message,
  }));
  if (rules.length) root.allOf = rules;
  return root;
}

interface BundleFile {
  path: string;
  content: string;
  language: string;
  description: string;
  chartValues?: ChartRef;
}

const SCHEMA_DIR = "schemas";
const ready = (ref: ChartRef) => {
  try {
    return chartDataLoaded(ref);
  } catch {
    return false;
  }
};
const relative = (from: string, to: string) => `${"../".repeat(from.split("/").length - 1)}${to}`;

const headerFor = (f: BundleFile) => `# yaml-language-server: $schema=${relative(f.path, `${SCHEMA_DIR}/${valuesSchemaName(f.chartValues!)}`)}\n`;

/** A values file starting with the line that points the admin's editor at its chart version's
 * schema (which the bundle carries beside it). Needs no chart data: a path only. */
export function withSchemaHeader<F extends BundleFile>(f: F): F {
  if (!f.chartValues || f.language !== "yaml") return f;
  const header = headerFor(f);
  return f.content.startsWith(header) ? f : { ...f, content: header + f.content };
}

/** Every values file of the generated steps with its schema line. */
export function withSchemaHeaders<G extends { steps: { files: BundleFile[] }[] }>(generated: G): G {
  return { ...generated, steps: generated.steps.map((s) => ({ ...s, files: s.files.map(withSchemaHeader) })) };
}

/** The bundle with a schema per chart version its values files target. The schema needs the
 * version's data: in the tab it is fetched on demand (the wizard's download waits for it). */
export function withValuesSchemas<F extends BundleFile>(files: F[]): F[] {
  const refs = new Map<string, ChartRef>();
  const out = files.map((f) => {
    if (!f.chartValues || f.language !== "yaml") return f;
    if (ready(f.chartValues)) refs.set(valuesSchemaName(f.chartValues), f.chartValues);
    return withSchemaHeader(f);
  });
  const schemas = [...refs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, ref]) => ({
    path: `${SCHEMA_DIR}/${name}`,
    content: `${JSON.stringify(valuesSchema(ref), null, 1)}\n`,
    language: "json",
    description: `JSON Schema of the ${ref.chart} ${ref.version} values: editors with the YAML language server check the values files against it`,
  }));
  return [...out, ...(schemas as unknown as F[])];
}
