import type { ChartRef } from "@/lib/charts/data";
import { unreadValuePaths } from "@/lib/charts/lint";
import { refusedKeys as chartRefusals } from "@/lib/charts/refused";
import { deadImages } from "@/lib/charts/images";
import type { KubecostLine } from "@/lib/plan/kubecost-lines";
import { wrongTypes, refusedPaths } from "./lints";
import { clusterIdProblems, storeProblems } from "./checks";
import { findPlaceholders } from "./placeholders";
import { oldPins } from "./images";
import { federatedThrough, type Federation } from "./federation";
import { getAt, type Values } from "./tree";

// The rewrite goes through the lints the console's generated files pass (lib/charts: keys the
// chart reads, types, refused keys, images) and the doctor's own file checks before it is shown;
// its header says what they found, so a file that looks finished is one that is.

/** Findings on the rewritten values, one sentence each; empty when clean. */
export function checkRewrite(target: ChartRef, line: KubecostLine, values: Values, federation: Federation): string[] {
  const name = `${target.chart} ${target.version}`;
  return [
    ...unreadValuePaths(target, values).map((p) => `${p}: ${name} does not read it`),
    ...wrongTypes(target, values).map((t) => `${t.path}: the chart wants a ${t.want}, the file has a ${t.got}`),
    ...refusedPaths(target, values).map((r) => `${r.path}: ${name} fails the install: ${r.message}`),
    ...chartRefusals(target, values).map((r) => `${r.path}: ${name} fails the install: ${r.message}`),
    ...deadImages(target, values),
    ...oldPins(target, values).map((p) => p.message),
    ...clusterIdProblems(values, line).map((p) => p.message),
    ...storeProblems(values, line, {}).map((p) => p.message),
    ...findPlaceholders(values).map((p) => `${p.path} is a placeholder (${p.value}): put your own value there`),
    ...federation.missing.map((m) => `Not a federation member: missing ${m}`),
  ].filter((x, i, all) => all.indexOf(x) === i);
}

/** The planner that builds the move with the bucket, the Secret and the order of clusters. */
export const UPGRADE_PAGE = "/upgrade";

const THROUGH = { "federated-etl": "Federated ETL", amp: "Amazon Managed Prometheus", thanos: "Thanos" } as const;

/** The rewrite's header comment: what it is, whether it passed the lints, whether the cluster
 * stays in its federation, and what is left to do. */
export function rewriteHeader(target: ChartRef, federation: Federation, findings: string[], hints: string[]): string {
  const lines = [`Rewritten for Kubecost ${target.version} (${target.chart} chart) by the Federation Console doctor.`];
  lines.push(findings.length
    ? `Checked like the console's own files (chart keys, types, refused keys, images, cluster id, placeholders): ${findings.length} to fix before installing:`
    : "Checked like the console's own files (chart keys, types, refused keys, images, cluster id, placeholders): nothing to fix.");
  lines.push(...findings.map((f) => `  - ${f}`));
  if (federation.through) {
    const how = THROUGH[federation.through];
    lines.push(federation.missing.length
      ? `This cluster federated through ${how}; this file does not keep it in the federation until the above is fixed. Plan the move with the console's upgrade planner (${UPGRADE_PAGE}).`
      : `This cluster federated through ${how}; here it stays a member${federation.viaAgent ? ": its FinOps agent writes to the federated-store bucket under global.clusterId" : ` through ${how}`}.`);
  }
  if (federation.todo.length) lines.push("Before installing:", ...federation.todo.map((t) => `  - ${t}`));
  if (hints.length) lines.push(...hints.map((h) => `Note: ${h}`));
  return lines.join("\n");
}

const mentionsThanos = (v: unknown) => JSON.stringify(v ?? null).toLowerCase().includes("thanos");

/** A 1.x Thanos file moved to a line without Thanos: the Prometheus sidecar the file adds still
 * uploads blocks, and nothing reads them any more. */
export function thanosSidecarHint(original: Values, rewritten: Values, line: KubecostLine, target: ChartRef): string[] {
  if (line.id === "1.x") return [];
  const sidecars = getAt(rewritten, ["prometheus", "server", "sidecarContainers"]);
  const wasThanos = federatedThrough(original) === "thanos" || mentionsThanos(getAt(original, ["thanos"]));
  if (!mentionsThanos(sidecars) || !wasThanos) return [];
  return [
    `prometheus.server.sidecarContainers still runs the Thanos sidecar: it keeps uploading Prometheus blocks to the Thanos bucket, and nothing in Kubecost ${target.version} reads them ("Kubecost no longer includes Thanos by default", https://github.com/kubecost/kubecost/blob/v2.8.7/cost-analyzer/templates/_helpers.tpl). Remove the sidecar (and its object-store volume) unless a Thanos of your own still queries that bucket.`,
  ];
}
