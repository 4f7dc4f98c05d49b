import { bucketEnvVars, bucketTargetSchema, type SourceDefinition } from "./definition";

// Federated ETL: Kubecost 2.x agents (and 2.9 / 3.x agents exporting the legacy data model)
// upload federated/<cluster>/etl/bingen/... after each hourly ETL build.
export const etlSource = {
  id: "etl",
  label: "Federated ETL",
  shortLabel: "ETL",
  place: "bucket",
  bucket: true,
  configSchema: bucketTargetSchema,
  envVars: bucketEnvVars("etl", {
    bucket: "Federated ETL bucket name",
    prefix: "Key prefix in front of federated/ (usually empty)",
    expected: "Expected clusters for the ETL bucket only (overrides FC_EXPECTED_CLUSTERS there)",
  }),
  // Lagging after 3 h (three missed hourly builds), stale after 12 h (half a daily file missing).
  freshness: (t) => ({ laggingAfterSeconds: t.etlLaggingAfterSeconds, staleAfterSeconds: t.etlStaleAfterSeconds }),
  dataNoun: "ETL upload",
  missingFix: (id) =>
    `Nothing under federated/${id}/: on that cluster set federatedETL.federatedCluster=true, mount the federated-store Secret (key federated-store.yaml) and check that CLUSTER_ID is exactly "${id}".`,
} satisfies SourceDefinition;
