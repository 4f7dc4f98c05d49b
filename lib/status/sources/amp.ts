import { z } from "zod";
import type { AmpConfig } from "@/lib/probe/amp/control-plane";
import { sourceExpectedClusters, type SourceDefinition } from "./definition";

// Amazon Managed Prometheus: remote write is continuous, so minutes matter.
export const ampSource = {
  id: "amp",
  label: "Amazon Managed Prometheus",
  shortLabel: "AMP",
  place: "workspace",
  bucket: false,
  configSchema: z
    .object({
      region: z.string().min(1),
      workspaceId: z.string().regex(/^ws-[0-9a-f-]{36}$/).optional(),
      alias: z.string().min(1).optional(),
      clusterLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/).default("cluster_id"),
      expectedClusters: sourceExpectedClusters,
      rulesNamespace: z.string().default("kubecost-rules"),
      /** Endpoint overrides for local stand-ins; server config only. */
      controlPlaneEndpoint: z.url().optional(),
      queryEndpoint: z.url().optional(),
    })
    .refine((a) => a.workspaceId || a.alias, { message: "Give amp.workspaceId or amp.alias" }) satisfies z.ZodType<AmpConfig>,
  envVars: [
    { name: "FC_AMP_REGION", field: "amp.region", help: "Region of the AMP workspace" },
    { name: "FC_AMP_WORKSPACE_ID", field: "amp.workspaceId", help: "AMP workspace id (ws-...)" },
    { name: "FC_AMP_ALIAS", field: "amp.alias", help: "AMP workspace alias (prefix match) when the id is not known" },
    { name: "FC_AMP_CLUSTER_LABEL", field: "amp.clusterLabel", help: "Metric label naming the cluster (default cluster_id)" },
    { name: "FC_AMP_EXPECTED_CLUSTERS", field: "amp.expectedClusters", help: "Expected clusters for the AMP workspace only" },
  ],
  freshness: (t) => ({ laggingAfterSeconds: t.ampLaggingAfterSeconds, staleAfterSeconds: t.ampStaleAfterSeconds }),
  dataNoun: "sample",
  missingFix: (id) => `No samples labelled "${id}": check remote_write to the AMP workspace and the sigv4 proxy credentials on that cluster.`,
} satisfies SourceDefinition;
