import { parse } from "yaml";

/** Parses plan text (YAML is a superset of JSON). Throws a message naming the problem. */
export function parsePlanText(text: string, fileName = "plan"): unknown {
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new Error(`${fileName} is not valid YAML or JSON: ${(err as Error).message.split("\n")[0]}`);
  }
}
