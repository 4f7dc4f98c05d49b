import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { CHART_LINE_IDS, METHODS, type ChartLine, type FederationPlan, type Method } from "./schema";
import { kubecostLine } from "./kubecost-lines";
import { methodDefinition } from "./methods";
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
  agentNamespace: "ans",
  chartRepo: "repo",
  imageMirror: "mir",
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
  /** Every cluster in one value: delta-coded ids, deflated, base64url (fleet-size plans). */
  clustersCompact: "cz",
} as const;

/** Per-cluster fields, in order, inside one `c` value separated by "~". */
const CLUSTER_FIELDS = ["id", "role", "displayName", "eksClusterName", "region", "kubeContext", "sidecarHost", "egressCidrs"] as const;
const MAX_CLUSTERS = 5000;
const MAX_VALUE = 2000;

const P = PLAN_PARAMS;

// "~" separates cluster fields; a literal "~" or "%" inside a field is percent-escaped.
const escapeField = (s: string) => s.replace(/[%~]/g, (c) => (c === "%" ? "%25" : "%7E"));
const unescapeField = (s: string) => s.replace(/%(25|7E)/gi, (m) => (m === "%25" ? "%" : "~"));

export function encodeCluster(c: ClusterDraft): string {
  const values = CLUSTER_FIELDS.map((f) => (f === "role" ? (c.role === "primary" ? "p" : "a") : f === "egressCidrs" ? escapeField((c.egressCidrs ?? []).join(",")) : escapeField(c[f] ?? "")));
  while (values.length > 2 && values[values.length - 1] === "") values.pop();
  return values.join("~");
}

export function decodeCluster(value: string): ClusterDraft {
  const parts = value.slice(0, MAX_VALUE).split("~").map(unescapeField);
  const c: ClusterDraft = { id: parts[0] ?? "", role: parts[1] === "p" ? "primary" : "agent" };
  CLUSTER_FIELDS.forEach((f, i) => {
    if (f === "id" || f === "role" || !parts[i]) return;
    if (f === "egressCidrs") c.egressCidrs = parts[i].split(",");
    else c[f] = parts[i];
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
  set(P.agentNamespace, plan.kubecost.agentNamespace);
  set(P.chartRepo, plan.kubecost.chartRepo, kubecostLine(plan.kubecost.chartLine).repo);
  set(P.imageMirror, plan.kubecost.imageMirror);
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
  if (plan.auth?.mode === "pod-identity") q.set(P.auth, "pod");
  if (plan.auth?.mode === "irsa" || plan.auth?.mode === "pod-identity") set(P.roleArn, plan.auth.roleArn);
  if (plan.amp) {
    if (plan.amp.workspace.mode === "create") q.set(P.ampAlias, plan.amp.workspace.alias);
    else q.set(P.ampWorkspaceId, plan.amp.workspace.workspaceId);
    set(P.ampRegion, plan.amp.region);
  }
  set(P.thanosDomain, plan.thanosDomain);
  const encoded = plan.clusters.map(encodeCluster);
  const compact = encoded.length > COMPACT_FROM ? encodeClusterList(encoded) : undefined;
  // URLSearchParams writes "~" as %7E: each plain cluster costs its encoded length plus "&c=".
  if (compact !== undefined && compact.length < encoded.reduce((n, e) => n + encodeURIComponent(e).length + 3, 0)) q.set(P.clustersCompact, compact);
  else for (const e of encoded) q.append(P.cluster, e);
  return q;
}

/** Above this many clusters the link carries them compactly (cz). */
const COMPACT_FROM = 20;
/** Links longer than this are refused when opened (servers limit a request line and headers to
 * about 16 KB): the wizard says so and offers plan.yaml instead. */
export const SHARE_LINK_MAX = 15_000;

/** Whether a plan's link is too long to open; the message says what to do instead. */
export function shareLinkProblem(q: URLSearchParams): string | undefined {
  const length = q.toString().length;
  if (length <= SHARE_LINK_MAX) return undefined;
  return `This plan is too big for a link (${Math.ceil(length / 1000)} KB; links over ${SHARE_LINK_MAX / 1000} KB are refused): download plan.yaml instead and open it here with "Open plan.yaml".`;
}

/** Cluster values (encodeCluster) -> one compact value: each id as the length it shares with the
 * previous one (base 36) and the rest, so fleets named agent-0001... cost a few bytes each. */
export function encodeClusterList(encoded: string[]): string {
  let prev = "";
  const lines = encoded.map((e) => {
    let k = 0;
    while (k < e.length && k < prev.length && k < 35 && e[k] === prev[k]) k++;
    prev = e;
    return k.toString(36) + e.slice(k);
  });
  return toBase64Url(deflateSync(strToU8(lines.join("\n")), { level: 9 }));
}

/** The inverse of encodeClusterList; null for a damaged value. */
export function decodeClusterList(value: string): string[] | null {
  try {
    const text = strFromU8(inflateSync(fromBase64Url(value)));
    if (text.length > MAX_CLUSTERS * MAX_VALUE) return null;
    let prev = "";
    return text
      .split("\n")
      .slice(0, MAX_CLUSTERS)
      .map((line) => {
        const k = parseInt(line[0] ?? "0", 36);
        prev = prev.slice(0, Number.isNaN(k) ? 0 : k) + line.slice(1);
        return prev;
      });
  } catch {
    return null;
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
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
  plan.kubecost.agentNamespace = get(P.agentNamespace);
  plan.kubecost.chartRepo = get(P.chartRepo) ?? kubecostLine(plan.kubecost.chartLine).repo;
  plan.kubecost.imageMirror = get(P.imageMirror);
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
  const auth = get(P.auth);
  plan.auth = auth === "keys" ? { mode: "access-keys" } : { mode: auth === "pod" ? "pod-identity" : "irsa", roleArn: get(P.roleArn) };

  const ws = get(P.ampWorkspaceId);
  const alias = get(P.ampAlias);
  if (plan.amp || ws || alias) {
    plan.amp = {
      workspace: ws ? { mode: "existing", workspaceId: ws } : { mode: "create", alias: alias ?? "" },
      region: get(P.ampRegion) ?? plan.storage?.region ?? DEFAULT_REGION,
    };
  }
  plan.thanosDomain = get(P.thanosDomain);
  const compact = q.get(P.clustersCompact);
  const values = compact ? (decodeClusterList(compact) ?? []) : q.getAll(P.cluster);
  plan.clusters = values.slice(0, MAX_CLUSTERS).map(decodeCluster);
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
  // The method's name: the status page watches the sources its registry entry lists
  // (lib/plan/methods.ts), e.g. the ETL folders and the FinOps agents' heartbeats for federated storage.
  const q: Record<string, string> = { method: plan.method };
  const s = plan.storage;
  const bucketSource = methodDefinition(plan.method).bucketSource;
  if (s && bucketSource) {
    const thanos = bucketSource === "thanos";
    q[thanos ? "thanosBucket" : "etlBucket"] = s.bucket;
    if (s.prefix) q[thanos ? "thanosPrefix" : "etlPrefix"] = s.prefix;
  }
  // region is the bucket's when there is one, else the workspace's; ampRegion only when the
  // workspace sits in another region than the bucket (lib/status/request-targets.ts).
  const bucketRegion = bucketSource ? s?.region : undefined;
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
