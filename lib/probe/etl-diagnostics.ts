import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import { parseJsonObject, readSmallObject } from "./s3-object";

const MAX_DIAGNOSTICS_BYTES = 2 << 20;

// Kubecost 2.x writes diagnostics/<cluster_id>.json every 300 s (https://github.com/kubecost/kubecost/pull/2846). Its layout is
// unverified, so we look for the named checks Kubecost runs anywhere in the JSON and report the
// ones that look failed, without assuming a schema.

const KNOWN_CHECKS = [
  "kubecostEmittingMetric",
  "prometheusHasKubecostMetric",
  "prometheusHasCadvisorMetric",
  "prometheusHasKSMMetric",
  "dailyAllocationEtlHealthy",
  "dailyAssetEtlHealthy",
  "kubecostPodsNotOOMKilled",
  "kubecostPodsNotPending",
  "costModelStorageStats",
];

const FAILED_WORDS = new Set([false, "false", "failed", "fail", "error", "unhealthy"]);

/** Names of checks that look failed, e.g. ["kubecostPodsNotOOMKilled"]. */
export function failedDiagnostics(json: unknown): string[] {
  const failed = new Set<string>();
  const visit = (node: unknown, depth: number) => {
    if (depth > 6 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const obj = node as Record<string, unknown>;
    const name = [obj.name, obj.id, obj.type, obj.check].find((v) => typeof v === "string") as string | undefined;
    const verdict = [obj.passed, obj.healthy, obj.success, obj.ok, obj.status, obj.result].find((v) => v !== undefined);
    if (name && verdict !== undefined && FAILED_WORDS.has(verdict as never)) failed.add(name);
    for (const [k, v] of Object.entries(obj)) {
      if (KNOWN_CHECKS.includes(k) && FAILED_WORDS.has(v as never)) failed.add(k);
      else visit(v, depth + 1);
    }
  };
  visit(json, 0);
  return [...failed].sort();
}

export async function readDiagnostics(
  s3: S3Client,
  bucket: string,
  key: string,
  abortSignal?: AbortSignal,
): Promise<{ failed: string[] } | { unreadable: string }> {
  const read = await readSmallObject(s3, bucket, key, MAX_DIAGNOSTICS_BYTES, abortSignal);
  if ("unreadable" in read) return read;
  const parsed = parseJsonObject(read.text);
  return "unreadable" in parsed ? parsed : { failed: failedDiagnostics(parsed.json) };
}
