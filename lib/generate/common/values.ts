// Helm values are plain objects merged from small named parts, then written with toYaml.

export type Values = { [key: string]: unknown };

const isMap = (v: unknown): v is Values => v !== null && typeof v === "object" && !Array.isArray(v);

/** Deep merge of value maps; later parts win, lists are replaced (helm's own rule). */
export function mergeValues(...parts: (Values | undefined)[]): Values {
  const out: Values = {};
  for (const part of parts) {
    if (!part) continue;
    for (const [k, v] of Object.entries(part)) {
      out[k] = isMap(v) && isMap(out[k]) ? mergeValues(out[k] as Values, v) : v;
    }
  }
  return out;
}
