import type { FederationPlan } from "@/lib/plan/schema";
import { statusLinkOmitsClusters, statusLinkQuery } from "@/lib/plan/url";

// The console's /status page takes the same targets as lib/status/request-targets.ts: a wizard
// link that watches exactly this federation (bucket, region, method, expected clusters).

/** Path and query of the status page for a plan, without the console's base path. The same
 * parameters as the wizard's "Monitor this federation" link (one builder: lib/plan/url.ts). */
export function statusLinkPath(plan: FederationPlan): string {
  return `/status?${new URLSearchParams(statusLinkQuery(plan)).toString()}`;
}

/** Said next to a status link that leaves the cluster list out (too long for a URL). */
export function omittedClustersNote(plan: FederationPlan): string {
  return statusLinkOmitsClusters(plan)
    ? " The link leaves out the expected clusters (too many for a URL): the page lists every cluster it finds, and knows which are missing once the console has FC_EXPECTED_CLUSTERS set to the ids in clusters.tsv."
    : "";
}

export function monitorNote(plan: FederationPlan): string {
  return `Monitor this federation: open the console's status page at ${statusLinkPath(plan)} (after the console's base path, e.g. /console). It shows each cluster's freshness and flags missing or stale ones.${omittedClustersNote(plan)}`;
}
