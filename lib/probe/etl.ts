import "server-only";
import type { BucketTarget } from "./targets";
import type { SourceReport } from "@/lib/health/types";
import type { ProbeContext } from "./context";
import { bucketSourceReport } from "./bucket-report";
import { ETL_CHECKS, type EtlRun } from "./etl-checks";

// Federated ETL probe (layout: https://github.com/opencost/opencost/blob/develop/core/pkg/exporter/pathing/bingenpath_test.go): cluster folders under <prefix>federated/, newest bingen file
// per pipeline/resolution, coverage, zero-byte files, 1.x combined/ and diagnostics/<id>.json.
// Cost, by the plan the first page picks: clusters with fewer keys than a page share one
// key-ordered listing of federated/ (exactly the pages of a full listing of it); clusters with
// more get a folder listing and one listing each that jumps over history older than the
// coverage window (never the pages of a full listing). Plus the diagnostics listing and at most
// MAX_DIAG_READS small GETs, only for late clusters whose Kubecost still writes diagnostics.
//
// The steps are the named checks of lib/probe/etl-checks.ts (ETL_CHECKS), run in order.

export async function probeEtl(target: BucketTarget, ctx: ProbeContext): Promise<SourceReport> {
  const started = Date.now();
  const r: EtlRun = {
    target,
    ctx,
    fed: `${target.prefix}federated/`,
    checks: [],
    observations: [],
    t0: Date.now(),
    diagByCluster: new Map(),
    listings: [],
    pages: 1,
    clusterIds: [],
    failedListings: [],
    zeroByteFiles: 0,
  };
  for (const check of ETL_CHECKS) if ((await check.run(r)) === "stop") break;
  return bucketSourceReport("etl", target, ctx, r.checks, r.observations, started);
}
