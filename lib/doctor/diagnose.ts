import { toYaml } from "@/lib/generate/yaml";
import type { ChartRef } from "@/lib/generate/types";
import { chartKeys } from "@/lib/charts/keys";
import { chartReadsPath } from "@/lib/charts/lint";
import { lineOfVersion, nearestVerified, type KubecostLine } from "@/lib/plan/kubecost-lines";
import { refusalMessage, refusedKeys } from "./chart-data";
import { wrongTypes, type TypeProblem } from "./lints";
import { moveFor, movedPath, type Move } from "./migrations";
import { leaves, type Values } from "./tree";
import { parseBoundedYaml } from "@/lib/values/parse";
import { clusterIdProblems, storeProblems, type Problem } from "./checks";
import { rewriteValues } from "./rewrite";
import { objstoreProblems } from "./objstore-check";

// The config doctor: a values.yaml (or a federated-store.yaml / object-store.yaml) and a target
// Kubecost version in; per key what that version's chart does with it, wrong types, cluster id
// and Secret key problems, and the values rewritten for the target out. Pure: the browser tab
// and the CLI run it on text that never leaves them.

export type KeyStatus = "read" | "ignored" | "removed" | "fails";
export interface KeyReport { path: string; status: KeyStatus; message: string; to?: string }

export interface DoctorInput {
  text: string;
  /** Target Kubecost chart version, e.g. 3.2.1. */
  target: string;
  /** The file's name, when opened from disk (a federated-store.yaml is told from a values file by content). */
  fileName?: string;
  /** The key the admin's federated-store Secret holds, when known. */
  secretKey?: string;
}

export type { Problem };

export interface DoctorReport {
  kind: "values" | "objstore";
  target: ChartRef;
  line: KubecostLine["id"];
  keys: KeyReport[];
  types: TypeProblem[];
  problems: Problem[];
  /** The values file for the target version (values files only). */
  rewritten?: string;
  /** What the rewrite changed, one line each. */
  changes: string[];
}

export type DoctorResult = { ok: true; report: DoctorReport } | { ok: false; field: "target" | "text"; message: string };

export function diagnose(input: DoctorInput): DoctorResult {
  const line = /^\d+\.\d+\.\d+$/.test(input.target) ? lineOfVersion(input.target) : undefined;
  if (!line) {
    return { ok: false, field: "target", message: `Give a Kubecost chart version such as ${nearestVerified(input.target)}: ${input.target || "(empty)"} is not on a line the console knows` };
  }
  // Bounded (size, keys) and free of prototype keys: lib/values/parse.ts.
  const parsed = parseBoundedYaml(input.text);
  if (!parsed.ok) return { ok: false, field: "text", message: parsed.message };
  const doc = parsed.value;
  if (doc === null || doc === undefined) return { ok: false, field: "text", message: "The file is empty: paste a values.yaml or a federated-store.yaml" };
  if (typeof doc !== "object" || Array.isArray(doc)) return { ok: false, field: "text", message: "A values file is a YAML map of keys (global:, kubecostModel: ...), not a list or a single value" };
  const target: ChartRef = { chart: line.chart, version: input.target };
  const values = doc as Values;
  if (isObjstore(values)) {
    return { ok: true, report: { kind: "objstore", target, line: line.id, keys: [], types: [], problems: objstoreProblems(values, line, input), changes: [] } };
  }
  const keys = leaves(values).map((l) => keyReport(l.path, target, line));
  const rewrite = rewriteValues(values, target, line);
  return {
    ok: true,
    report: {
      kind: "values",
      target,
      line: line.id,
      keys,
      types: wrongTypes(target, values),
      problems: [...clusterIdProblems(values, line), ...storeProblems(values, line, input)],
      rewritten: toYaml(rewrite.values, `Rewritten for Kubecost ${input.target} (${target.chart} chart) by the Federation Console doctor: check it before use`),
      changes: rewrite.changes,
    },
  };
}

/** An objstore document: type + config at the top, nothing a chart would take. */
const isObjstore = (v: Values) => typeof v.type === "string" && typeof v.config === "object" && Object.keys(v).every((k) => ["type", "config", "prefix"].includes(k));

function keyReport(path: string, target: ChartRef, line: KubecostLine): KeyReport {
  const move: Move | undefined = moveFor(path, line.id);
  const to = move ? movedPath(path, move) ?? undefined : undefined;
  const refusedKey = Object.keys(refusedKeys(target)).find((k) => path === k || path.startsWith(`${k}.`));
  const name = `${target.chart} ${target.version}`;
  if (move?.failsOn.includes(line.id) || refusedKey) {
    const why = move?.why ?? refusalMessage(refusedKeys(target)[refusedKey!]);
    return { path, status: "fails", message: `${name} fails the install: ${why}${to ? ` (now ${to})` : ""}`, to };
  }
  if (move?.keepOn?.includes(line.id)) return { path, status: "read", message: `Read by ${name}; ${to} must hold the same value (${move.why})`, to };
  if (move) return { path, status: "removed", message: `${move.why}${to ? `: now ${to}` : ""}`, to };
  if (!chartReadsPath(chartKeys(target), path)) return { path, status: "ignored", message: `${name} does not read this key: helm accepts it and nothing changes` };
  return { path, status: "read", message: `Read by ${name}` };
}
