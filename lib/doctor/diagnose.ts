import type { ChartRef } from "@/lib/charts/data";
import { chartKeys } from "@/lib/charts/keys";
import { chartReadsPath } from "@/lib/charts/lint";
import { refusedKeys as chartRefusals } from "@/lib/charts/refused";
import { lineOfVersion, nearestVerified, type KubecostLine } from "@/lib/plan/kubecost-lines";
import { refusalMessage, refusedKeys } from "./chart-data";
import { wrongTypes, type TypeProblem } from "./lints";
import { moveFor, movedPath } from "./migrations";
import { leaves, type Values } from "./tree";
import { parseBoundedYaml } from "@/lib/values/parse";
import { failWith, ok, type Result } from "@/lib/problem";
import { clusterIdProblems, storeProblems, type Problem } from "./checks";
import { rewriteValues } from "./rewrite";
import { reconcile } from "./document";
import { objstoreProblems } from "./objstore-check";
import { findPlaceholders, type Placeholder } from "./placeholders";
import { didYouMean } from "./suggest";
import { oldPins, type OldPin } from "./images";
import type { Federation } from "./federation";
import { checkRewrite, rewriteHeader, thanosSidecarHint } from "./rewrite-check";

// The config doctor: a values.yaml (or a federated-store.yaml / object-store.yaml) and a target
// Kubecost version in; per key what that version's chart does with it (judged on the value the
// file gives), wrong types, placeholders, cluster id and Secret key problems, and the values
// rewritten for the target out, checked by the same lints as the console's own files. Pure: the
// browser tab and the CLI run it on text that never leaves them.

export type KeyStatus = "read" | "ignored" | "removed" | "fails";
export interface KeyReport {
  path: string;
  status: KeyStatus;
  message: string;
  to?: string;
  /** Keys under one rule share it (thanos.*: one finding, not one per key). */
  group: { id: string; message: string };
  /** A key the target reads that an unread key is likely a slip of. */
  didYouMean?: string;
}

export interface DoctorInput {
  text: string;
  /** Target Kubecost chart version, e.g. 3.2.1. */
  target: string;
  /** The file's name, when opened from disk (a federated-store.yaml is told from a values file by content). */
  fileName?: string;
  /** The key the admin's federated-store Secret holds, when known. */
  secretKey?: string;
}

export type { Problem, Placeholder, OldPin, Federation };

export interface DoctorReport {
  kind: "values" | "objstore";
  target: ChartRef;
  line: KubecostLine["id"];
  keys: KeyReport[];
  types: TypeProblem[];
  problems: Problem[];
  /** Values copied from an example and never filled in. */
  placeholders: Placeholder[];
  /** Image tags older than the target's own. */
  pins: OldPin[];
  /** The values file for the target version (values files only), comments kept. */
  rewritten?: string;
  /** What the rewrite changed, one line each. */
  changes: string[];
  /** The rewrite through the console's lints (keys, types, refused keys, images, cluster id,
   * placeholders): empty when it passes them all. */
  rewriteFindings: string[];
  /** How the file federated and whether the rewrite still does (values files only). */
  federation?: Federation;
  /** Things the rewrite leaves running that the target does not use. */
  hints: string[];
}

/** A refused input is one problem whose path is the form field at fault: "target" or "text". */
export type DoctorResult = Result<DoctorReport>;

export function diagnose(input: DoctorInput): DoctorResult {
  const line = /^\d+\.\d+\.\d+$/.test(input.target) ? lineOfVersion(input.target) : undefined;
  if (!line) {
    return failWith(`Give a Kubecost chart version such as ${nearestVerified(input.target)}: ${input.target || "(empty)"} is not on a line the console knows`, "target");
  }
  // Bounded (size, keys) and free of prototype keys: lib/values/parse.ts. The Document keeps the
  // file's comments and key order for the rewrite.
  const parsed = parseBoundedYaml(input.text);
  if (!parsed.ok) return failWith(parsed.problems[0].message, "text");
  const { document, data: doc } = parsed.value;
  if (doc === null || doc === undefined) return failWith("The file is empty: paste a values.yaml or a federated-store.yaml", "text");
  if (typeof doc !== "object" || Array.isArray(doc)) return failWith("A values file is a YAML map of keys (global:, kubecostModel: ...), not a list or a single value", "text");
  const target: ChartRef = { chart: line.chart, version: input.target };
  const values = doc as Values;
  const placeholders = findPlaceholders(values);
  const base = { target, line: line.id, placeholders, changes: [] as string[], rewriteFindings: [] as string[], hints: [] as string[] };
  if (isObjstore(values)) {
    return ok({ ...base, kind: "objstore", keys: [], types: [], pins: [], problems: [...objstoreProblems(values, line, input), ...placeholderProblems(placeholders)] });
  }
  const valueRefusals = chartRefusals(target, values);
  const keys = leaves(values).map((l) => keyReport(l.path, target, line, valueRefusals));
  const rewrite = rewriteValues(values, target, line);
  reconcile(document, rewrite.values, rewrite.origins);
  const rewriteFindings = checkRewrite(target, line, rewrite.values, rewrite.federation);
  const hints = thanosSidecarHint(values, rewrite.values, line, target);
  const header = rewriteHeader(target, rewrite.federation, rewriteFindings, hints).split("\n").map((l) => ` ${l}`).join("\n");
  document.commentBefore = [header, document.commentBefore].filter(Boolean).join("\n\n");
  return ok({
    ...base,
    kind: "values",
    keys,
    types: wrongTypes(target, values),
    problems: [...clusterIdProblems(values, line), ...storeProblems(values, line, input), ...placeholderProblems(placeholders)],
    pins: oldPins(target, values),
    rewritten: document.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true }),
    changes: rewrite.changes,
    rewriteFindings,
    federation: rewrite.federation,
    hints,
  });
}

const placeholderProblems = (ps: Placeholder[]): Problem[] =>
  ps.map((p) => ({ path: p.path, message: `${JSON.stringify(p.value)} is a placeholder from an example: helm installs it as written. Put your own value here` }));

/** An objstore document: type + config at the top, nothing a chart would take. */
const isObjstore = (v: Values) => typeof v.type === "string" && typeof v.config === "object" && Object.keys(v).every((k) => ["type", "config", "prefix"].includes(k));

function keyReport(path: string, target: ChartRef, line: KubecostLine, valueRefusals: { path: string; message: string }[]): KeyReport {
  const move = moveFor(path, line.id);
  const to = move ? movedPath(path, move) ?? undefined : undefined;
  const name = `Kubecost ${target.version}`;
  const refusedKey = Object.keys(refusedKeys(target)).find((k) => path === k || path.startsWith(`${k}.`));
  // Rules that look at the value (thanos.store.enabled: true on 2.x, the default cluster id).
  const refusedHere = valueRefusals.find((r) => path === r.path || path.startsWith(`${r.path}.`));
  const now = (m: string) => (to ? `${m} (now ${to})` : m);
  if (move?.failsOn.includes(line.id) || refusedKey || refusedHere) {
    const why = move?.failsOn.includes(line.id) ? move.why : refusedKey ? refusalMessage(refusedKeys(target)[refusedKey]) : refusedHere!.message;
    const id = move?.failsOn.includes(line.id) ? move.from : (refusedKey ?? refusedHere!.path);
    const groupWhy = move?.subtree && move.to ? `${why} (now ${move.to}.*)` : why;
    return { path, status: "fails", message: now(`${name} fails the install: ${why}`), to, group: { id: `fails:${id}`, message: `${name} fails the install: ${groupWhy}` } };
  }
  if (move?.keepOn?.includes(line.id)) {
    const message = `Read by ${name}; ${to} must hold the same value (${move.why})`;
    return { path, status: "read", message, to, group: { id: `keep:${move.from}`, message } };
  }
  if (move) {
    const message = `${move.why}${to ? `: now ${to}` : ""}`;
    const groupMessage = move.subtree && move.to ? `${move.why}: now under ${move.to}` : move.why;
    return { path, status: "removed", message, to, group: { id: `removed:${move.from}`, message: to && !move.subtree ? message : groupMessage } };
  }
  const keys = chartKeys(target);
  if (!chartReadsPath(keys, path)) {
    const suggestion = didYouMean(path, keys);
    const unread = `${name} does not read this key: helm accepts it and nothing changes`;
    if (suggestion) return { path, status: "ignored", message: `${unread}. Did you mean ${suggestion}?`, didYouMean: suggestion, group: { id: `ignored:${path}`, message: `${unread}. Did you mean ${suggestion}?` } };
    return { path, status: "ignored", message: unread, group: { id: "ignored", message: `${name} does not read these keys: helm accepts them and nothing changes` } };
  }
  return { path, status: "read", message: `Read by ${name}`, group: { id: "read", message: `Read by ${name}` } };
}
