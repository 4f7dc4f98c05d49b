import { CLUSTER_ID, CLUSTER_ID_MESSAGE } from "@/lib/plan/ids";
import { z } from "zod";
import type { Thresholds } from "@/lib/health/thresholds";
import type { FreshnessThresholds } from "@/lib/health/observation";
import type { Source } from "@/lib/health/types";

// What one status source is, in one place: its config section and environment variables, its
// freshness limits, the words its verdicts use, the fix for a cluster it does not show, and its
// labels. Pure data (zod and types only): the page, the config loader, lib/health and the
// probes read it. The probe itself is server-only, so it is registered in ./probes.ts.

/** The status sources: "etl" | "thanos" | "amp" | "agent" (the method registry maps methods to these). */
export type SourceId = Source;

export interface SourceEnvVar {
  name: string;
  /** Dotted field of the status config it sets, e.g. "etl.bucket". */
  field: string;
  help: string;
}

export interface SourceDefinition<Schema extends z.ZodType = z.ZodType> {
  id: SourceId;
  /** Headings and dialogs: "Federated ETL". */
  label: string;
  /** Table cells and filters: "ETL". */
  shortLabel: string;
  /** What the source reads, in messages: "bucket" or "workspace". */
  place: "bucket" | "workspace";
  /** The config section (`etl:`, `thanos:`...), optional in the status config. */
  configSchema: Schema;
  /** S3 bucket sources: region falls back to AWS_REGION, the prefix is normalized. */
  bucket: boolean;
  envVars: readonly SourceEnvVar[];
  /** When its newest data is lagging and stale (lib/health/thresholds.ts holds the defaults). */
  freshness(t: Thresholds): FreshnessThresholds;
  /** What one piece of its data is called in reasons: "no sidecar block ... was found". */
  dataNoun: string;
  /** The fix for an expected cluster it shows nothing from. */
  missingFix(clusterId: string): string;
}

export const clusterIdSchema = z.string().regex(CLUSTER_ID, CLUSTER_ID_MESSAGE);

/** Per-source expected clusters override the global list: a Thanos bucket and an ETL bucket (or
 * an AMP workspace) may hold different clusters, and a cluster expected by one source must not
 * be reported missing by another. */
export const sourceExpectedClusters = z.array(clusterIdSchema).optional();

export const bucketTargetSchema = z.object({
  bucket: z.string().min(3),
  region: z.string().min(1),
  prefix: z.string().default(""),
  expectedClusters: sourceExpectedClusters,
});

/** The env variables every bucket source has: FC_<ID>_BUCKET, _REGION, _PREFIX, _EXPECTED_CLUSTERS. */
export function bucketEnvVars(id: SourceId, what: { bucket: string; prefix: string; expected: string }): SourceEnvVar[] {
  const up = id.toUpperCase();
  return [
    { name: `FC_${up}_BUCKET`, field: `${id}.bucket`, help: what.bucket },
    { name: `FC_${up}_REGION`, field: `${id}.region`, help: `Region of the ${id === "etl" ? "ETL" : id === "thanos" ? "Thanos" : id} bucket (falls back to AWS_REGION)` },
    { name: `FC_${up}_PREFIX`, field: `${id}.prefix`, help: what.prefix },
    { name: `FC_${up}_EXPECTED_CLUSTERS`, field: `${id}.expectedClusters`, help: what.expected },
  ];
}
