import { z } from "zod";
import { AMP_WORKSPACE_ID, bucketNameProblem, isAwsRegion } from "@/lib/plan/aws";
import { CLUSTER_ID, CLUSTER_ID_MESSAGE } from "@/lib/plan/ids";
import { LINK_METHOD_NAMES, sourcesOfLinkMethod } from "@/lib/plan/methods";
import type { Problem } from "@/lib/problem";
import type { StatusConfig } from "./config";

// What a wizard link may choose on /status and /api/status: which buckets, region, method and
// expected clusters. Never an endpoint: the S3 endpoint and the AMP endpoints come from server
// config only (issue 4 item 1), so a link cannot make the server call an arbitrary URL.
// Naming rules come from lib/plan/aws.ts so the wizard and this parser give the same messages.

// A link's `method` names sources (etl, thanos, amp, agent) or wizard methods; a method means the
// sources its registry entry lists (lib/plan/methods.ts), the same ones the wizard links to.

const bucket = z.string().superRefine((v, ctx) => {
  const problem = bucketNameProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: `${problem} (got "${v}")` });
});
const region = z.string().superRefine((v, ctx) => {
  if (!isAwsRegion(v)) ctx.addIssue({ code: "custom", message: `"${v}" is not an AWS region code (for example us-east-1, eu-west-1)` });
});

/** "teams/platform", "/teams/platform/" -> "teams/platform/": the probes put the prefix straight
 * in front of federated/ or the block ULIDs, and Thanos objstore treats `prefix` as a folder. */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  return trimmed ? `${trimmed}/` : "";
}

export const REQUEST_TARGET_PARAMS = ["etlBucket", "etlPrefix", "thanosBucket", "thanosPrefix", "region", "clusters", "method", "ampWorkspaceId", "ampRegion"] as const;

export const requestTargetsSchema = z
  .object({
    etlBucket: bucket.optional(),
    etlPrefix: z.string().max(512).regex(/^[^\s]*$/, "Prefixes have no spaces").optional(),
    thanosBucket: bucket.optional(),
    thanosPrefix: z.string().max(512).regex(/^[^\s]*$/, "Prefixes have no spaces").optional(),
    region: region.optional(),
    /** The workspace's region when it differs from the bucket's (AMP + ETL bucket). */
    ampRegion: region.optional(),
    ampWorkspaceId: z.string().regex(AMP_WORKSPACE_ID, "AMP workspace ids look like ws-12345678-abcd-1234-abcd-1234567890ab").optional(),
    /** Comma-separated expected cluster ids. */
    clusters: z
      .string()
      .transform((s) => s.split(",").map((c) => c.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(CLUSTER_ID, CLUSTER_ID_MESSAGE))
          .max(5000, "At most 5,000 expected clusters in a link"),
      )
      .optional(),
    /** One method or a comma list: etl, thanos, amp, or the wizard's method names. */
    method: z
      .string()
      .transform((s) => s.split(",").map((m) => m.trim()).filter(Boolean))
      .pipe(
        z.array(
          z.string().superRefine((m, ctx) => {
            if (!sourcesOfLinkMethod(m)) {
              ctx.addIssue({ code: "custom", message: `Unknown method "${m}": use ${LINK_METHOD_NAMES.join(", ")}` });
            }
          }),
        ),
      )
      .optional(),
  })
  .strict();
export type RequestTargets = z.infer<typeof requestTargetsSchema>;

/** URLSearchParams -> plain object of the known params; unknown params are reported by .strict(). */
export function requestTargetsFromSearchParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k === "fresh" || k === "partial") continue; // how to answer, not a target (app/api/status/route.ts)
    if (v !== "") out[k] = v;
  }
  return out;
}

export function hasRequestTargets(t: RequestTargets): boolean {
  return Object.values(t).some((v) => v !== undefined);
}

/** One problem per bad query parameter (path: the parameter); unknown parameters are one problem
 * for the query as a whole (path ""). */
export function targetProblems(error: z.ZodError): Problem[] {
  return error.issues.map((i) =>
    i.code === "unrecognized_keys"
      ? { path: "", message: `Unknown query parameter(s) ${i.keys.join(", ")}: use ${REQUEST_TARGET_PARAMS.join(", ")}` }
      : { path: i.path.join("."), message: i.message },
  );
}

/** One line per problem, naming the query parameter: "etlBucket: Bucket names use lowercase...". */
export function describeTargetErrors(error: z.ZodError): string {
  return targetProblems(error)
    .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
    .join("\n");
}

/** How to turn links on, said wherever a link is refused (API 403 body, the /status page). */
export const ENABLE_REQUEST_TARGETS_HELP =
  "To allow links, set FC_ALLOW_REQUEST_TARGETS=true on the console server (or allowRequestTargets: true in the FC_CONFIG file). The server then lists the linked buckets and queries the linked AMP workspace with its own AWS credentials, so anyone who can open /status can read what that role can read; limit it with FC_ALLOWED_TARGETS=<bucket>,<ws-id>,...";

export class RequestTargetsNotAllowed extends Error {
  constructor(reason = "This server does not let a link choose what to probe (allowRequestTargets is off, the default). Remove the query parameters to see the server's own targets.") {
    super(`${reason} ${ENABLE_REQUEST_TARGETS_HELP}`);
    this.name = "RequestTargetsNotAllowed";
  }
}

/** Buckets and workspaces a link names that the allowlist does not hold. The server's own targets
 * are always allowed: naming them in a link gives nobody anything new. */
function notAllowedTargets(config: StatusConfig, t: RequestTargets): string[] {
  if (config.allowedTargets.length === 0) return [];
  const allowed = new Set([...config.allowedTargets, config.etl?.bucket, config.thanos?.bucket, config.amp?.workspaceId]);
  return [t.etlBucket, t.thanosBucket, t.ampWorkspaceId].filter((v): v is string => !!v && !allowed.has(v));
}

/** The server config with a link's choices applied. Throws RequestTargetsNotAllowed when the
 * server forbids it. Endpoints and thresholds always stay the server's. */
export function applyRequestTargets(config: StatusConfig, t: RequestTargets): StatusConfig {
  if (!hasRequestTargets(t)) return config;
  if (!config.allowRequestTargets) throw new RequestTargetsNotAllowed();
  const refused = notAllowedTargets(config, t);
  if (refused.length > 0) {
    throw new RequestTargetsNotAllowed(`This server lets links name only the targets in FC_ALLOWED_TARGETS, and ${refused.join(", ")} is not one of them.`);
  }
  const out: StatusConfig = { ...config };
  const regionFor = (current?: { region: string }) => t.region ?? current?.region;

  if (t.etlBucket) {
    const r = regionFor(config.etl);
    if (!r) throw new MissingRegion("etlBucket");
    out.etl = { bucket: t.etlBucket, region: r, prefix: normalizePrefix(t.etlPrefix) };
    // Kubecost 2.9 / 3.x agents write their heartbeats into the same federated storage: where the
    // server watches agents, a link's ETL bucket is also where its agents are looked for.
    if (config.agent) out.agent = { bucket: t.etlBucket, region: r, prefix: normalizePrefix(t.etlPrefix) };
  } else if (out.etl && (t.region || t.etlPrefix !== undefined)) {
    out.etl = { ...out.etl, region: t.region ?? out.etl.region, prefix: t.etlPrefix !== undefined ? normalizePrefix(t.etlPrefix) : out.etl.prefix };
  }
  if (t.thanosBucket) {
    const r = regionFor(config.thanos);
    if (!r) throw new MissingRegion("thanosBucket");
    out.thanos = {
      clusterLabel: config.thanos?.clusterLabel ?? "cluster_id",
      fullScanIntervalSeconds: config.thanos?.fullScanIntervalSeconds ?? 15 * 60,
      bucket: t.thanosBucket,
      region: r,
      prefix: normalizePrefix(t.thanosPrefix),
    };
  } else if (out.thanos && (t.region || t.thanosPrefix !== undefined)) {
    out.thanos = {
      ...out.thanos,
      region: t.region ?? out.thanos.region,
      prefix: t.thanosPrefix !== undefined ? normalizePrefix(t.thanosPrefix) : out.thanos.prefix,
    };
  }
  if (t.ampWorkspaceId) {
    const r = t.ampRegion ?? t.region ?? config.amp?.region;
    if (!r) throw new MissingRegion("ampWorkspaceId");
    const sameWorkspace = t.ampWorkspaceId === config.amp?.workspaceId && r === config.amp?.region;
    out.amp = {
      clusterLabel: "cluster_id",
      rulesNamespace: "kubecost-rules",
      ...config.amp,
      region: r,
      workspaceId: t.ampWorkspaceId,
      alias: undefined,
      // A configured query endpoint holds the server's own workspace id: keeping it for another
      // workspace would judge workspace B's control plane with workspace A's samples. Another
      // workspace's queries go where its DescribeWorkspace says (or the standard URL).
      queryEndpoint: sameWorkspace ? config.amp?.queryEndpoint : undefined,
    };
  }
  if (t.clusters) {
    // The link's list is the whole truth: per-source lists from the server would override it.
    // Sorted and de-duplicated: the list is part of the report's cache key (lib/status/service.ts),
    // so the same clusters in another order must not cost another probe.
    out.expectedClusters = [...new Set(t.clusters)].sort();
    if (out.etl) out.etl = { ...out.etl, expectedClusters: undefined };
    if (out.thanos) out.thanos = { ...out.thanos, expectedClusters: undefined };
    if (out.amp) out.amp = { ...out.amp, expectedClusters: undefined };
    if (out.agent) out.agent = { ...out.agent, expectedClusters: undefined };
  }
  if (t.method?.length) {
    const keep = new Set(t.method.flatMap((m) => sourcesOfLinkMethod(m) ?? []));
    if (!keep.has("etl")) out.etl = undefined;
    if (!keep.has("thanos")) out.thanos = undefined;
    if (!keep.has("amp")) out.amp = undefined;
    if (!keep.has("agent")) out.agent = undefined;
  }
  return out;
}

export class MissingRegion extends Error {
  constructor(param: string) {
    super(`${param} needs a region: add region=<aws region> to the link (for example region=us-east-1)`);
    this.name = "MissingRegion";
  }
}
