import { isMap as isYamlMap, isScalar, LineCounter, parseDocument, visit, type Document } from "yaml";
import { failWith, ok, type Result } from "@/lib/problem";
import { findForbiddenKey, forbiddenKeyMessage, isMap } from "./tree";

// YAML text from a person (a pasted values file, an opened plan, a config file) parsed within a
// budget: at most 1 MB and 5,000 entries (map keys and list items), so the doctor answers any
// input in well under 2 s (issue 15: a 1 MB file of 70,000 keys took 40 s; see
// scripts/bench-doctor.ts). A chart's whole defaults hold about 800-2,500 leaves, a values file a
// few dozen. Prototype keys (__proto__, constructor, prototype) are refused.

export const MAX_TEXT_BYTES = 1_000_000;
export const MAX_ENTRIES = 5_000;
/** Every entry after the first needs a line of its own or a comma: counted before parsing, so a
 * file far over the budget costs no parse. Strings hold commas too, hence the headroom. */
export const MAX_SEPARATORS = MAX_ENTRIES * 3;

/** The parsed data and its Document (which keeps comments and key order for a rewrite). A
 * failure is one problem about the text as a whole (path ""). */
export type ParsedText = Result<{ data: unknown; document: Document }>;

/** Lines with content (not blank, not only a comment) plus commas. */
function countSeparators(text: string): number {
  let n = 0;
  let lineHasContent = false;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      if (lineHasContent) n++;
      lineHasContent = false;
      inComment = false;
    } else if (inComment) continue;
    else if (c === 44 /* , */) n++;
    else if (c === 35 /* # */ && !lineHasContent) inComment = true;
    else if (c !== 32 && c !== 9 && c !== 13) lineHasContent = true;
  }
  return n;
}

/** Deeper than this is refused: a values file is a few levels deep, the deepest chart key about 10. */
export const MAX_DEPTH = 64;

/** Map keys and list items in a tree, and its depth; counting stops just past `limit`. Iterative
 * (deep documents). */
export function countEntries(v: unknown, limit = MAX_ENTRIES): { entries: number; depth: number } {
  let entries = 0;
  let depth = 0;
  const stack: { node: unknown; level: number }[] = [{ node: v, level: 0 }];
  while (stack.length && entries <= limit) {
    const { node, level } = stack.pop()!;
    depth = Math.max(depth, level);
    if (Array.isArray(node)) {
      entries += node.length;
      for (const child of node) stack.push({ node: child, level: level + 1 });
    } else if (isMap(node)) {
      const keys = Object.keys(node);
      entries += keys.length;
      for (const k of keys) stack.push({ node: node[k], level: level + 1 });
    }
  }
  return { entries, depth };
}

/** Parses YAML (or JSON) text within the budget. `what` names the input in messages. Duplicate
 * keys are refused in one pass (the yaml library's own check compares every pair of keys). */
export function parseBoundedYaml(text: string, what = "The file"): ParsedText {
  if (text.length > MAX_TEXT_BYTES) return failWith(`${what} is larger than 1 MB: a values file is a few kilobytes; paste only your own values, not the chart's defaults`);
  if (countSeparators(text) > MAX_SEPARATORS) return failWith(tooMany(what));
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter: lines });
  if (doc.errors.length) {
    const first = doc.errors[0].message.split("\n")[0];
    // The parser recurses per level: a document nested thousands deep overflows it.
    if (/Maximum call stack/.test(first)) return failWith(tooDeep(what));
    return failWith(`Not valid YAML: ${first}`);
  }
  const duplicate = duplicateKey(doc, lines);
  if (duplicate) return failWith(`Not valid YAML: ${duplicate}`);
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    return failWith(`Not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const size = countEntries(value);
  if (size.entries > MAX_ENTRIES) return failWith(tooMany(what));
  if (size.depth > MAX_DEPTH) return failWith(tooDeep(what));
  const bad = findForbiddenKey(value);
  if (bad !== undefined) return failWith(forbiddenKeyMessage(bad, what.toLowerCase()));
  return ok({ data: value, document: doc });
}

function duplicateKey(doc: ReturnType<typeof parseDocument>, lines: LineCounter): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_, map) {
      if (!isYamlMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) {
          const at = pair.key && isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
          found = `Map keys must be unique: ${key} appears twice${at ? ` (line ${at.line})` : ""}`;
          return visit.BREAK;
        }
        seen.add(key);
      }
    },
  });
  return found;
}

const tooDeep = (what: string) => `${what} nests maps or lists too deeply to check (a values file is a few levels deep)`;

const tooMany = (what: string) =>
  `${what} has more than ${MAX_ENTRIES.toLocaleString("en-US")} keys and list items, more than the console checks (a values file has a few dozen, a chart's whole defaults about 2,500): paste only the values you set yourself`;
