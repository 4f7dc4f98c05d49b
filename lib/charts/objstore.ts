// Thanos objstore config is parsed with yaml.UnmarshalStrict: an unknown key is a hard error
// (https://github.com/thanos-io/objstore/blob/main/client/factory.go). Which S3 config keys each Thanos version accepts.

const S3_BASE = [
  "bucket", "endpoint", "region", "aws_sdk_auth", "access_key", "secret_key", "insecure", "signature_version2",
  "put_user_metadata", "http_config", "trace", "list_objects_version", "bucket_lookup_type", "part_size",
  "sse_config", "sts_endpoint",
];
const HTTP_CONFIG = [
  "idle_conn_timeout", "response_header_timeout", "insecure_skip_verify", "tls_handshake_timeout",
  "expect_continue_timeout", "max_idle_conns", "max_idle_conns_per_host", "max_conns_per_host",
  "disable_compression", "tls_config",
];
const TLS_CONFIG = ["ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"];
const SSE_CONFIG = ["type", "kms_key_id", "kms_encryption_context", "encryption_key"];

function minor(version: string): number {
  const m = /^v?0\.(\d+)/.exec(version);
  if (!m) throw new Error(`Unknown Thanos version ${version}`);
  return Number(m[1]);
}

export function s3ConfigKeys(thanosVersion: string): string[] {
  const v = minor(thanosVersion);
  const keys = [...S3_BASE];
  if (v >= 31) keys.push("session_token");
  if (v >= 33) keys.push("send_content_md5");
  if (v >= 36) keys.push("disable_dualstack", "disable_multipart");
  if (v >= 37) keys.push("max_retries");
  return keys;
}

/** Keys in an objstore document that the given Thanos version would reject. */
export function unknownObjstoreKeys(thanosVersion: string, doc: unknown): string[] {
  const bad: string[] = [];
  if (!doc || typeof doc !== "object") return ["<not a map>"];
  const top = doc as Record<string, unknown>;
  // Top-level `prefix` arrived in Thanos v0.27.0: thanos-io/thanos CHANGELOG "[#5337] Thanos Object
  // Store: Add the `prefix` option to buckets" under v0.27.0, and pkg/objstore/client/factory.go at
  // tag v0.27.0 declares `Prefix string yaml:"prefix"`. So Kubecost 1.x's v0.32.5 accepts it.
  const topKeys = minor(thanosVersion) >= 27 ? ["type", "config", "prefix"] : ["type", "config"];
  for (const k of Object.keys(top)) if (!topKeys.includes(k)) bad.push(k);
  if (String(top.type).toUpperCase() !== "S3") return bad; // only S3 is generated
  const config = (top.config ?? {}) as Record<string, unknown>;
  const check = (obj: unknown, allowed: string[], path: string) => {
    if (!obj || typeof obj !== "object") return;
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) bad.push(`${path}${k}`);
  };
  check(config, s3ConfigKeys(thanosVersion), "config.");
  check(config.http_config, HTTP_CONFIG, "config.http_config.");
  check((config.http_config as Record<string, unknown> | undefined)?.tls_config, TLS_CONFIG, "config.http_config.tls_config.");
  check(config.sse_config, SSE_CONFIG, "config.sse_config.");
  check(config.trace, ["enable"], "config.trace.");
  return bad;
}

/** Kubecost 2.x reads federated-store.yaml with opencost's storage package: the Thanos objstore
 * layout, parsed with UnmarshalStrict, top-level `prefix` accepted. Linted against the Thanos key
 * set that matches it (https://thanos.io/tip/thanos/storage.md/#s3). */
export const FEDERATED_STORE_LINT_VERSION = "v0.34.0";
