import type { FederationPlan } from "@/lib/plan/schema";
import { statusLinkQuery } from "@/lib/plan/url";

// The console's /status page takes the same targets as lib/status/request-targets.ts: a wizard
// link that watches exactly this federation (bucket, region, method, expected clusters).

/** Path and query of the status page for a plan, without the console's base path. The same
 * parameters as the wizard's "Monitor this federation" link (one builder: lib/plan/url.ts). */
export function statusLinkPath(plan: FederationPlan): string {
  return `/status?${new URLSearchParams(statusLinkQuery(plan)).toString()}`;
}

export function monitorNote(plan: FederationPlan): string {
  return `Monitor this federation: open the console's status page at ${statusLinkPath(plan)} (after the console's base path, e.g. /console). It shows each cluster's freshness and flags missing or stale ones.`;
}
