import { isMap, isNode, isScalar, type Document, type Node } from "yaml";
import { getAt, leaves, type Values } from "./tree";
import { segKey } from "./rewrite";

// The rewrite applied to the user's own YAML document, so their comments and key order survive
// (a toJS/stringify round trip drops both). Keys the rewrite keeps stay where they were, with
// their comments; changed scalars keep their node (and comment); moved keys take their node with
// them; new keys go at the end of their map.

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Turns `doc` (parsed from the original text) into `target`, in place. */
export function reconcile(doc: Document, target: Values, origins: Map<string, string[]>): void {
  detachFileComment(doc, target);
  // Nodes of moved keys, taken before their old place is deleted.
  const carried = new Map<string, Node>();
  for (const [to, from] of origins) {
    const node = doc.getIn(from, true);
    if (isNode(node)) carried.set(to, node.clone() as Node);
  }
  for (const leaf of leaves(doc.toJS())) {
    const want = getAt(target, leaf.segments);
    if (want === undefined) {
      doc.deleteIn(leaf.segments);
      prune(doc, target, leaf.segments.slice(0, -1));
    } else if (!same(want, leaf.value)) {
      const node = doc.getIn(leaf.segments, true);
      if (isScalar(node) && (want === null || typeof want !== "object")) node.value = want;
      else doc.setIn(leaf.segments, doc.createNode(want));
    }
  }
  for (const leaf of leaves(target)) {
    if (doc.hasIn(leaf.segments) && same(doc.getIn(leaf.segments), leaf.value)) continue;
    const node = carried.get(segKey(leaf.segments));
    setIn(doc, leaf.segments, node ?? doc.createNode(leaf.value));
  }
}

/** The yaml package hangs a file's opening comment on the first key when no blank line follows
 * it directly: the part before the last blank line is about the file (all of it when that key
 * goes), and stays. */
function detachFileComment(doc: Document, target: Values) {
  const first = isMap(doc.contents) ? doc.contents.items[0]?.key : undefined;
  if (doc.commentBefore || !isNode(first) || !first.commentBefore) return;
  const goes = isScalar(first) && getAt(target, [String(first.value)]) === undefined;
  const at = goes ? first.commentBefore.length : first.commentBefore.lastIndexOf("\n\n");
  if (at < 0) return;
  doc.commentBefore = first.commentBefore.slice(0, at);
  first.commentBefore = first.commentBefore.slice(at + 2);
}

/** setIn that replaces a scalar standing where a map is now needed. */
function setIn(doc: Document, segments: string[], node: Node) {
  for (let i = 1; i < segments.length; i++) {
    const parent = doc.getIn(segments.slice(0, i), true);
    if (parent !== undefined && !isMap(parent)) {
      doc.setIn(segments.slice(0, i), doc.createNode({}));
      break;
    }
  }
  doc.setIn(segments, node);
}

/** Removes maps the deletions left empty, unless the target keeps them as `{}`. */
function prune(doc: Document, target: Values, segments: string[]) {
  for (let s = segments; s.length > 0; s = s.slice(0, -1)) {
    const node = doc.getIn(s, true);
    if (!isMap(node) || node.items.length > 0 || getAt(target, s) !== undefined) return;
    doc.deleteIn(s);
  }
}
