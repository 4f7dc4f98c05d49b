import type { FederationPlan } from "@/lib/plan/schema";

// The console's /status page takes the same targets as lib/status/request-targets.ts: a wizard
// link that watches exactly this federation (bucket, region, method, expected clusters).

/** Path and query of the status page for a plan, without the console's base path. */
export function statusLinkPath(plan: FederationPlan): string {
  const params = new URLSearchParams({ method: plan.method });
  const thanos = plan.method === "thanos-bundled" || plan.method === "thanos-standalone";
  if (plan.storage && plan.method !== "amp") {
    params.set(thanos ? "thanosBucket" : "etlBucket", plan.storage.bucket);
    if (plan.storage.prefix) params.set(thanos ? "thanosPrefix" : "etlPrefix", plan.storage.prefix);
  }
  const region = plan.method === "amp" || plan.method === "amp-federated" ? plan.amp?.region : plan.storage?.region;
  if (region) params.set("region", region);
  if (plan.amp?.workspace.mode === "existing") params.set("ampWorkspaceId", plan.amp.workspace.workspaceId);
  params.set("clusters", plan.clusters.map((c) => c.id).join(","));
  return `/status?${params.toString()}`;
}

export function monitorNote(plan: FederationPlan): string {
  return `Monitor this federation: open the console's status page at ${statusLinkPath(plan)} (after the console's base path, e.g. /console). It shows each cluster's freshness and flags missing or stale ones.`;
}
