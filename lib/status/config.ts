import { z } from "zod";
import { CLUSTER_ID, CLUSTER_ID_MESSAGE } from "@/lib/plan/ids";
import { thresholdsSchema } from "@/lib/health/thresholds";
import type { AmpConfig } from "@/lib/probe/amp/control-plane";

// What the status probes look at. Read once at server start from FC_CONFIG (a JSON or YAML
// file) and/or FC_* environment variables (lib/status/load-config.ts). Credentials never come
// from here: only the AWS default provider chain on the server (IRSA in a cluster).

const clusterId = z
  .string()
  .regex(CLUSTER_ID, CLUSTER_ID_MESSAGE);

export { thresholdsSchema, type Thresholds } from "@/lib/health/thresholds";

/** Per-source expected clusters override the global list: a Thanos bucket and an ETL bucket (or
 * an AMP workspace) may hold different clusters, and a cluster expected by one source must not
 * be reported missing by another. */
const sourceExpectedClusters = z.array(clusterId).optional();

export const bucketTargetSchema = z.object({
  bucket: z.string().min(3),
  region: z.string().min(1),
  prefix: z.string().default(""),
  expectedClusters: sourceExpectedClusters,
});

const ampTargetSchema = z
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
  .refine((a) => a.workspaceId || a.alias, { message: "Give amp.workspaceId or amp.alias" }) satisfies z.ZodType<AmpConfig>;

export const statusConfigSchema = z.object({
  /** Custom S3 endpoint (fauxqs, MinIO...). Only ever from server config, never from a request. */
  s3Endpoint: z.url().optional(),
  /** Lets a wizard link choose bucket/region/expected clusters (the endpoint stays server-side).
   * Off by default: a link makes the server list buckets and query workspaces with its own AWS
   * credentials, so anyone who can open /status could read what that role can read (a confused
   * deputy). `npm start`'s demo turns it on so the wizard's "Monitor this federation" link works. */
  allowRequestTargets: z.boolean().default(false),
  /** When non-empty, a link may name only these buckets and AMP workspace ids (besides the
   * server's own targets). Empty: any bucket or workspace, once allowRequestTargets is on. */
  allowedTargets: z.array(z.string().min(1)).default([]),
  etl: bucketTargetSchema.optional(),
  thanos: bucketTargetSchema
    .extend({
      clusterLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/).default("cluster_id"),
      /** The full block scan (overlaps, compaction picture) runs at most this often. */
      fullScanIntervalSeconds: z.number().positive().default(15 * 60),
    })
    .optional(),
  /** Where Kubecost 2.9 / 3.x FinOps agents write heartbeat and diagnostics (finops-agent/<id>/);
   * often the Federated ETL bucket itself, since 2.9 agents write both. */
  agent: bucketTargetSchema.optional(),
  amp: ampTargetSchema.optional(),
  expectedClusters: z.array(clusterId).default([]),
  thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
  /** Directory for what the console keeps across restarts (the cluster memory file). Unset:
   * memory only. */
  dataDir: z.string().min(1).optional(),
  /** How often the page auto-refreshes (seconds). */
  refreshSeconds: z.number().int().min(5).default(60),
});
export type StatusConfig = z.infer<typeof statusConfigSchema>;
