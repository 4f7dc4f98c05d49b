import { z } from "zod";
import { thresholdsSchema } from "@/lib/health/thresholds";
import { SOURCE_DEFINITIONS, SOURCE_IDS, type SourceId } from "./sources";
import { clusterIdSchema } from "./sources/definition";

// What the status probes look at. Read once at server start from FC_CONFIG (a JSON or YAML
// file) and/or FC_* environment variables (lib/status/load-config.ts). Credentials never come
// from here: only the AWS default provider chain on the server (IRSA in a cluster). Each
// source's section (etl, thanos, amp, agent) is its registry definition's schema
// (lib/status/sources).

export { thresholdsSchema, type Thresholds } from "@/lib/health/thresholds";
export { bucketTargetSchema } from "./sources/definition";

type SourceSections = { [K in SourceId]: z.ZodOptional<(typeof SOURCE_DEFINITIONS)[K]["configSchema"]> };
const sourceSections = Object.fromEntries(SOURCE_IDS.map((id) => [id, SOURCE_DEFINITIONS[id].configSchema.optional()])) as SourceSections;

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
  ...sourceSections,
  expectedClusters: z.array(clusterIdSchema).default([]),
  thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
  /** Directory for what the console keeps across restarts (the cluster memory file). Unset:
   * memory only. */
  dataDir: z.string().min(1).optional(),
  /** How often the page auto-refreshes (seconds). */
  refreshSeconds: z.number().int().min(5).default(60),
});
export type StatusConfig = z.infer<typeof statusConfigSchema>;
