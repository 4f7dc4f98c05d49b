import type { ChartRef } from "@/lib/charts/data";
import { chartKeys } from "@/lib/charts/keys";
import { chartReadsPath } from "@/lib/charts/lint";
import { refusedKeys as chartRefusals } from "@/lib/charts/refused";
import type { KubecostLine } from "@/lib/plan/kubecost-lines";
import { chartTypes, refusedKeys } from "./chart-data";
import { typeOf } from "@/lib/charts/types";
import { moveFor, movedPath } from "./migrations";
import { getAt, hasAt, leaves, setAt, splitPath, type Values } from "./tree";
import { keepInFederation, originalClusterId, type Federation } from "./federation";
import { imageMoves, imageSources } from "./images";
import { isPlaceholder } from "./placeholders";

// The values file rewritten for a target version: moved keys at their new place, what the chart
// fails on or never reads dropped, "true"/"1" strings made bools/numbers where the chart wants
// them, image settings moved whole, and what the target needs added (3.x: global.acknowledged
// with an Enterprise key, localStore off with federated storage, agents' UI pieces off; 2.9 and
// 3.x: what keeps the cluster in its federation, lib/doctor/federation.ts).

export const CLUSTER_ID_PLACEHOLDER = "REPLACE_WITH_UNIQUE_CLUSTER_ID";

function coerce(value: unknown, want: string | undefined): { ok: boolean; value: unknown } {
  const got = typeOf(value);
  if (!want || want === "null" || want === got) return { ok: true, value };
  if (want === "bool" && got === "string" && /^(true|false)$/i.test(value as string)) return { ok: true, value: (value as string).toLowerCase() === "true" };
  if (want === "number" && got === "string" && /^-?\d+(\.\d+)?$/.test(value as string)) return { ok: true, value: Number(value) };
  if (want === "string" && (got === "number" || got === "bool")) return { ok: true, value: String(value) };
  return { ok: false, value };
}

export interface RewriteResult {
  values: Values;
  changes: string[];
  federation: Federation;
  /** Where each new leaf came from (joined segments -> original segments), so comments move too. */
  origins: Map<string, string[]>;
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);
export const segKey = (segments: string[]) => segments.join("\u0000");

export function rewriteValues(values: Values, target: ChartRef, line: KubecostLine): RewriteResult {
  const keys = chartKeys(target);
  const types = chartTypes(target);
  const refused = Object.keys(refusedKeys(target));
  const refusedHere = chartRefusals(target, values).map((r) => r.path);
  const out: Values = {};
  const changes: string[] = [];
  const origins = new Map<string, string[]>();
  const moved: { segments: string[]; value: unknown; from?: string[] }[] = [];
  const images = imageMoves(values, line);
  const imageFrom = imageSources(line).filter((p) => images.some((m) => m.from === p));
  for (const leaf of leaves(values)) {
    const image = imageFrom.find((p) => under(leaf.path, p));
    if (image) {
      const tos = images.filter((m) => m.from === image).map((m) => m.to);
      if (leaf.path === image || leaf.path.endsWith(".repository")) changes.push(`${image} -> ${tos.join(", ")} (registry, repository and tag kept)`);
      continue;
    }
    const move = moveFor(leaf.path, line.id);
    if (move) {
      const to = movedPath(leaf.path, move);
      const value = move.value ? move.value(leaf.value) : leaf.value;
      if (move.to !== null) {
        const below = move.subtree ? leaf.segments.slice(move.from.split(".").length) : [];
        const placeholder = move.to === "global.clusterId" && isPlaceholder(value);
        if (!placeholder) moved.push({ segments: [...move.to.split("."), ...below], value, from: move.value ? undefined : leaf.segments });
      }
      if (!move.keepOn?.includes(line.id)) {
        changes.push(to ? `${leaf.path} -> ${to}` : `${leaf.path} removed: ${move.why}`);
        continue;
      }
    }
    if (refused.some((k) => under(leaf.path, k)) || refusedHere.some((k) => under(leaf.path, k))) {
      changes.push(`${leaf.path} removed: the ${target.chart} ${target.version} chart fails on it`);
      continue;
    }
    if (!chartReadsPath(keys, leaf.path)) {
      changes.push(`${leaf.path} removed: ${target.chart} ${target.version} does not read it`);
      continue;
    }
    const c = coerce(leaf.value, types[leaf.path]);
    if (!c.ok) {
      changes.push(`${leaf.path} removed: the chart wants a ${types[leaf.path]}, the file has a ${typeOf(leaf.value)}`);
      continue;
    }
    if (c.value !== leaf.value) changes.push(`${leaf.path}: ${JSON.stringify(leaf.value)} -> ${JSON.stringify(c.value)}`);
    if (leaf.path === "global.clusterId" && isPlaceholder(c.value)) {
      changes.push(`global.clusterId removed: ${JSON.stringify(c.value)} is a placeholder`);
      continue;
    }
    setAt(out, leaf.segments, c.value);
  }
  // Moved keys fill in only what the file did not already set at the new place.
  for (const m of moved) {
    if (hasAt(out, m.segments)) continue;
    const c = coerce(m.value, types[m.segments.join(".")]);
    if (c.ok && chartReadsPath(keys, m.segments.join("."))) {
      setAt(out, m.segments, c.value);
      if (c.value === m.value && m.from) origins.set(segKey(m.segments), m.from);
    }
  }
  for (const m of images) {
    for (const [k, v] of Object.entries(m.value)) setAt(out, [...m.to.split("."), k], v);
  }
  const federation = addRequired(values, out, line, changes);
  return { values: out, changes, federation, origins };
}

function addRequired(original: Values, out: Values, line: KubecostLine, changes: string[]): Federation {
  const add = (path: string, value: unknown, why: string) => {
    const s = splitPath(path);
    if (hasAt(out, s)) return;
    setAt(out, s, value);
    changes.push(`${path}: ${JSON.stringify(value)} added (${why})`);
  };
  if (line.id === "3.x" || line.id === "2.9") {
    const id = originalClusterId(original);
    add("global.clusterId", CLUSTER_ID_PLACEHOLDER, id.placeholder ? `${id.placeholder}, a placeholder: set a name unique in the federation` : "required; set a name unique in the federation");
  }
  const federation = keepInFederation(original, out, line, add);
  if (line.id === "3.x" || line.id === "2.9") add("finopsagent.enabled", true, "the FinOps agent writes this cluster's data");
  const hasStore = ["existingSecret", "config"].some((k) => !!getAt(out, ["global", "federatedStorage", k]));
  if (line.id === "3.x") {
    if (getAt(out, ["kubecostProductConfigs", "productKey", "enabled"]) === true) add("global.acknowledged", true, "3.x refuses an Enterprise key without it");
    if (hasStore) add("localStore.enabled", false, "not used with federated storage");
    if (getAt(out, ["aggregator", "enabled"]) === false) {
      for (const part of ["frontend", "cloudCost", "forecasting"]) add(`${part}.enabled`, false, "an agent runs no UI of its own");
    }
  }
  return federation;
}
