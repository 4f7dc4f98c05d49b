import { parse } from "yaml";
import { findForbiddenKey, forbiddenKeyMessage } from "@/lib/values/tree";

/** Parses plan text (YAML is a superset of JSON). Throws a message naming the problem, also for a
 * prototype key (`__proto__`, `constructor`, `prototype`) anywhere in it (issue 15). */
export function parsePlanText(text: string, fileName = "plan"): unknown {
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new Error(`${fileName} is not valid YAML or JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  const bad = findForbiddenKey(value);
  if (bad !== undefined) throw new Error(forbiddenKeyMessage(bad, fileName));
  return value;
}
