import type { ChartRef } from "@/lib/generate/types";
import { chartKeys } from "@/lib/charts/keys";
import { chartReadsPath } from "@/lib/charts/lint";
import type { KubecostLine } from "@/lib/plan/kubecost-lines";
import { chartTypes, refusedKeys } from "./chart-data";
import { typeOf } from "@/lib/charts/types";
import { moveFor, movedPath } from "./migrations";
import { getAt, hasAt, leaves, setAt, splitPath, type Values } from "./tree";

// The values file rewritten for a target version: moved keys at their new place, what the chart
// fails on or never reads dropped, "true"/"1" strings made bools/numbers where the chart wants
// them, and what the target needs added (3.x: global.acknowledged with an Enterprise key,
// localStore off with federated storage, agents' UI pieces off; 2.9: the FinOps agent on).

export const CLUSTER_ID_PLACEHOLDER = "REPLACE_WITH_UNIQUE_CLUSTER_ID";

function coerce(value: unknown, want: string | undefined): { ok: boolean; value: unknown } {
  const got = typeOf(value);
  if (!want || want === "null" || want === got) return { ok: true, value };
  if (want === "bool" && got === "string" && /^(true|false)$/i.test(value as string)) return { ok: true, value: (value as string).toLowerCase() === "true" };
  if (want === "number" && got === "string" && /^-?\d+(\.\d+)?$/.test(value as string)) return { ok: true, value: Number(value) };
  if (want === "string" && (got === "number" || got === "bool")) return { ok: true, value: String(value) };
  return { ok: false, value };
}

export function rewriteValues(values: Values, target: ChartRef, line: KubecostLine): { values: Values; changes: string[] } {
  const keys = chartKeys(target);
  const types = chartTypes(target);
  const refused = Object.keys(refusedKeys(target));
  const out: Values = {};
  const changes: string[] = [];
  const moved: { segments: string[]; value: unknown; from: string }[] = [];
  for (const leaf of leaves(values)) {
    const move = moveFor(leaf.path, line.id);
    if (move) {
      const to = movedPath(leaf.path, move);
      const value = move.value ? move.value(leaf.value) : leaf.value;
      if (move.to !== null) {
        const below = move.subtree ? leaf.segments.slice(move.from.split(".").length) : [];
        moved.push({ segments: [...move.to.split("."), ...below], value, from: leaf.path });
      }
      if (!move.keepOn?.includes(line.id)) {
        changes.push(to ? `${leaf.path} -> ${to}` : `${leaf.path} removed: ${move.why}`);
        continue;
      }
    }
    if (refused.some((k) => leaf.path === k || leaf.path.startsWith(`${k}.`))) {
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
    setAt(out, leaf.segments, c.value);
  }
  // Moved keys fill in only what the file did not already set at the new place.
  for (const m of moved) {
    if (hasAt(out, m.segments)) continue;
    const c = coerce(m.value, types[m.segments.join(".")]);
    if (c.ok && chartReadsPath(keys, m.segments.join("."))) setAt(out, m.segments, c.value);
  }
  addRequired(out, line, changes);
  return { values: out, changes };
}

function addRequired(out: Values, line: KubecostLine, changes: string[]) {
  const add = (path: string, value: unknown, why: string) => {
    const s = splitPath(path);
    if (hasAt(out, s)) return;
    setAt(out, s, value);
    changes.push(`${path}: ${JSON.stringify(value)} added (${why})`);
  };
  const hasStore = ["existingSecret", "config"].some((k) => !!getAt(out, ["global", "federatedStorage", k]));
  if (line.id === "3.x" || line.id === "2.9") {
    add("global.clusterId", CLUSTER_ID_PLACEHOLDER, "required; set a name unique in the federation");
    add("finopsagent.enabled", true, "the FinOps agent writes this cluster's data");
  }
  if (line.id === "3.x") {
    if (getAt(out, ["kubecostProductConfigs", "productKey", "enabled"]) === true) add("global.acknowledged", true, "3.x refuses an Enterprise key without it");
    if (hasStore) add("localStore.enabled", false, "not used with federated storage");
    if (getAt(out, ["aggregator", "enabled"]) === false) {
      for (const part of ["frontend", "cloudCost", "forecasting"]) add(`${part}.enabled`, false, "an agent runs no UI of its own");
    }
  }
}
