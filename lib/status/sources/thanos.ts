import { z } from "zod";
import { bucketEnvVars, bucketTargetSchema, type SourceDefinition } from "./definition";

// Thanos sidecar blocks: one 2 h block about every 2 h (https://thanos.io/tip/components/sidecar.md/).
export const thanosSource = {
  id: "thanos",
  label: "Thanos bucket",
  shortLabel: "Thanos",
  place: "bucket",
  bucket: true,
  configSchema: bucketTargetSchema.extend({
    clusterLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/).default("cluster_id"),
    /** The full block scan (overlaps, compaction picture) runs at most this often. */
    fullScanIntervalSeconds: z.number().positive().default(15 * 60),
  }),
  envVars: [
    ...bucketEnvVars("thanos", { bucket: "Thanos block bucket name", prefix: "The objstore `prefix` of the Thanos bucket", expected: "Expected clusters for the Thanos bucket only" }),
    { name: "FC_THANOS_CLUSTER_LABEL", field: "thanos.clusterLabel", help: "External label naming the cluster (default cluster_id)" },
  ],
  // 3 h is a missed upload, 6 h is stale.
  freshness: (t) => ({ laggingAfterSeconds: t.thanosLaggingAfterSeconds, staleAfterSeconds: t.thanosStaleAfterSeconds }),
  dataNoun: "sidecar block",
  missingFix: (id) => `No block carries this cluster label: check the thanos-sidecar container and its object-store.yaml Secret, and that the external label is exactly "${id}".`,
} satisfies SourceDefinition;
