import { CHART_LINE_IDS, METHODS, type ChartLine, type FederationPlan, type Method } from "./schema";
import { kubecostLine } from "./kubecost-lines";
import {
  DEFAULT_CA_CONFIGMAP,
  DEFAULT_NAMESPACE,
  DEFAULT_REGION,
  DEFAULT_RELEASE,
  starterPlan,
  type ClusterDraft,
  type PlanDraft,
} from "./defaults";

// A plan as URL search params, so a link reproduces the wizard (issue 3 item 4). Typed, short
// names, defaults left out, versioned with `v` so old links keep working or are ignored whole.
// Secrets never enter: auth.accessKeyId / secretAccessKey have no parameter at all, and the
// decoder reads only the names below (a hand-made link cannot smuggle keys into the state).

export const PLAN_URL_VERSION = "1";

/** Parameter names (v1). Kept short: a 100-cluster plan must fit in a link. */
export const PLAN_PARAMS = {
  version: "v",
  method: "m",
  chartLine: "kl",
  chartVersion: "kv",
  namespace: "ns",
  releaseName: "rel",
  chartRepo: "repo",
  awsAccountId: "acct",
  bucket: "b",
  region: "r",
  endpoint: "ep",
  prefix: "px",
  encryption: "sse",
  kmsKeyId: "kms",
  caFile: "ca",
  caConfigMap: "cacm",
  auth: "auth",
  roleArn: "role",
  ampAlias: "alias",
  ampWorkspaceId: "ws",
  ampRegion: "ar",
  thanosDomain: "dom",
  cluster: "c",
} as const;

/** Per-cluster fields, in order, inside one `c` value separated by "~". */
const CLUSTER_FIELDS = ["id", "role", "displayName", "eksClusterName", "region", "kubeContext", "sidecarHost"] as const;
const MAX_CLUSTERS = 5000;
const MAX_VALUE = 2000;

const P = PLAN_PARAMS;

// "~" separates cluster fields; a literal "~" or "%" inside a field is percent-escaped.
const escapeField = (s: string) => s.replace(/[%~]/g, (c) => (c === "%" ? "%25" : "%7E"));
const unescapeField = (s: string) => s.replace(/%(25|7E)/gi, (m) => (m === "%25" ? "%" : "~"));

export function encodeCluster(c: ClusterDraft): string {
  const values = CLUSTER_FIELDS.map((f) => (f === "role" ? (c.role === "primary" ? "p" : "a") : escapeField(c[f] ?? "")));
  while (values.length > 2 && values[values.length - 1] === "") values.pop();
  return values.join("~");
}

export function decodeCluster(value: string): ClusterDraft {
  const parts = value.slice(0, MAX_VALUE).split("~").map(unescapeField);
  const c: ClusterDraft = { id: parts[0] ?? "", role: parts[1] === "p" ? "primary" : "agent" };
  CLUSTER_FIELDS.forEach((f, i) => {
    if (f === "id" || f === "role") return;
    if (parts[i]) c[f] = parts[i];
  });
  return c;
}

/** Plan draft -> search params. Never includes access keys. */
export function planToSearchParams(plan: PlanDraft): URLSearchParams {
  const q = new URLSearchParams();
  const set = (name: string, value: string | undefined, skipIf?: string) => {
    if (value !== undefined && value !== "" && value !== skipIf) q.set(name, value);
  };
  q.set(P.version, PLAN_URL_VERSION);
  q.set(P.method, plan.method);
  set(P.chartLine, plan.kubecost.chartLine);
  set(P.chartVersion, plan.kubecost.chartVersion);
  set(P.namespace, plan.kubecost.namespace, DEFAULT_NAMESPACE);
  set(P.releaseName, plan.kubecost.releaseName, DEFAULT_RELEASE);
  set(P.chartRepo, plan.kubecost.chartRepo, kubecostLine(plan.kubecost.chartLine).repo);
  set(P.awsAccountId, plan.awsAccountId);
  const s = plan.storage;
  if (s) {
    set(P.bucket, s.bucket);
    set(P.region, s.region);
    set(P.endpoint, s.endpoint);
    set(P.prefix, s.prefix);
    const enc = s.encryption ?? { type: "none" };
    if (enc.type === "SSE-S3") q.set(P.encryption, "s3");
    if (enc.type === "SSE-KMS") {
      q.set(P.encryption, "kms");
      set(P.kmsKeyId, enc.kmsKeyId);
    }
    if (s.internalCa) {
      q.set(P.caFile, s.internalCa.caFile);
      set(P.caConfigMap, s.internalCa.configMapName, DEFAULT_CA_CONFIGMAP);
    }
  }
  // Only the mode and the (non-secret) role ARN: keys stay in the browser tab (issue 3 item 4).
  if (plan.auth?.mode === "access-keys") q.set(P.auth, "keys");
  if (plan.auth?.mode === "irsa") set(P.roleArn, plan.auth.roleArn);
  if (plan.amp) {
    if (plan.amp.workspace.mode === "create") q.set(P.ampAlias, plan.amp.workspace.alias);
    else q.set(P.ampWorkspaceId, plan.amp.workspace.workspaceId);
    set(P.ampRegion, plan.amp.region);
  }
  set(P.thanosDomain, plan.thanosDomain);
  for (const c of plan.clusters) q.append(P.cluster, encodeCluster(c));
  return q;
}

/** Search params -> plan draft, or null when the params hold no plan (or an unknown version).
 * Values are not validated here: the wizard shows validatePlan's messages next to each field. */
export function planFromSearchParams(q: URLSearchParams): PlanDraft | null {
  if (q.get(P.version) !== PLAN_URL_VERSION) return null;
  const method = q.get(P.method);
  if (!method || !(METHODS as readonly string[]).includes(method)) return null;
  const get = (name: string) => {
    const v = q.get(name);
    return v === null || v === "" ? undefined : v.slice(0, MAX_VALUE);
  };
  const plan = starterPlan(method as Method);
  const line = get(P.chartLine);
  if (line && (CHART_LINE_IDS as readonly string[]).includes(line)) plan.kubecost.chartLine = line as ChartLine;
  plan.kubecost.chartVersion = get(P.chartVersion) ?? plan.kubecost.chartVersion;
  plan.kubecost.namespace = get(P.namespace) ?? DEFAULT_NAMESPACE;
  plan.kubecost.releaseName = get(P.releaseName) ?? DEFAULT_RELEASE;
  plan.kubecost.chartRepo = get(P.chartRepo) ?? kubecostLine(plan.kubecost.chartLine).repo;
  plan.awsAccountId = get(P.awsAccountId);

  const bucket = get(P.bucket);
  if (plan.storage || bucket) {
    const sse = get(P.encryption);
    const caFile = get(P.caFile);
    plan.storage = {
      bucket: bucket ?? "",
      region: get(P.region) ?? DEFAULT_REGION,
      endpoint: get(P.endpoint),
      prefix: get(P.prefix),
      encryption: sse === "s3" ? { type: "SSE-S3" } : sse === "kms" ? { type: "SSE-KMS", kmsKeyId: get(P.kmsKeyId) ?? "" } : { type: "none" },
      internalCa: caFile ? { caFile, configMapName: get(P.caConfigMap) ?? DEFAULT_CA_CONFIGMAP } : undefined,
    };
  }
  plan.auth = get(P.auth) === "keys" ? { mode: "access-keys" } : { mode: "irsa", roleArn: get(P.roleArn) };

  const ws = get(P.ampWorkspaceId);
  const alias = get(P.ampAlias);
  if (plan.amp || ws || alias) {
    plan.amp = {
      workspace: ws ? { mode: "existing", workspaceId: ws } : { mode: "create", alias: alias ?? "" },
      region: get(P.ampRegion) ?? plan.storage?.region ?? DEFAULT_REGION,
    };
  }
  plan.thanosDomain = get(P.thanosDomain);
  plan.clusters = q.getAll(P.cluster).slice(0, MAX_CLUSTERS).map(decodeCluster);
  return stripUndefined(plan);
}

function stripUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = v && typeof v === "object" && !Array.isArray(v) ? stripUndefined(v) : v;
  }
  return out as T;
}

/** The plan minus access keys: what may be written to a link or localStorage. */
export function withoutSecrets(plan: PlanDraft): PlanDraft {
  return plan.auth?.mode === "access-keys" ? { ...plan, auth: { mode: "access-keys" } } : plan;
}

/** Query for the status page's wizard link (lib/status/request-targets.ts): method, bucket,
 * region, prefix, AMP workspace and the expected cluster ids. Never keys or endpoints. */
export function statusLinkQuery(plan: FederationPlan): Record<string, string> {
  const q: Record<string, string> = { method: plan.method };
  const s = plan.storage;
  if (s && plan.method !== "amp") {
    const thanos = plan.method === "thanos-bundled" || plan.method === "thanos-standalone";
    q[thanos ? "thanosBucket" : "etlBucket"] = s.bucket;
    if (s.prefix) q[thanos ? "thanosPrefix" : "etlPrefix"] = s.prefix;
  }
  // region is the bucket's when there is one, else the workspace's; ampRegion only when the
  // workspace sits in another region than the bucket (lib/status/request-targets.ts).
  const bucketRegion = plan.method !== "amp" ? s?.region : undefined;
  const region = bucketRegion ?? plan.amp?.region;
  if (region) q.region = region;
  if (plan.amp && plan.amp.region !== region) q.ampRegion = plan.amp.region;
  if (plan.amp?.workspace.mode === "existing") q.ampWorkspaceId = plan.amp.workspace.workspaceId;
  const clusters = plan.clusters.map((c) => c.id).join(",");
  // A link listing thousands of ids is refused (about 16 KB of URL); without the list the status
  // page shows every cluster it finds, and FC_EXPECTED_CLUSTERS names the expected ones.
  if (clusters.length <= STATUS_LINK_MAX_CLUSTER_CHARS) q.clusters = clusters;
  return q;
}

/** Longest cluster list a status link carries (encoded, with the rest, it stays well under 16 KB). */
export const STATUS_LINK_MAX_CLUSTER_CHARS = 8000;

/** Whether statusLinkQuery left the expected clusters out (too many for a link). */
export const statusLinkOmitsClusters = (plan: FederationPlan) => plan.clusters.map((c) => c.id).join(",").length > STATUS_LINK_MAX_CLUSTER_CHARS;
