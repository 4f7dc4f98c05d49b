import { stringify } from "yaml";

/** The one way generated YAML is written: from objects, never by string concatenation.
 * lineWidth 0 keeps long strings on one line; every string that could be misread (yes/no,
 * numbers, leading '*', ': ') is quoted by the library. */
export function toYaml(value: unknown, headerComment?: string): string {
  const body = stringify(value, { lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false });
  if (!headerComment) return body;
  const header = headerComment
    .split("\n")
    .map((l) => `# ${l}`.trimEnd())
    .join("\n");
  return `${header}\n${body}`;
}

/** Several YAML documents in one file (kubectl apply -f). */
export function toYamlDocuments(values: unknown[], headerComment?: string): string {
  return toYaml(values[0], headerComment) + values.slice(1).map((v) => `---\n${toYaml(v)}`).join("");
}
