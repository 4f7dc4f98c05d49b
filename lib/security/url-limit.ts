// How long a request URL the console reads. Node refuses a request head over
// --max-http-header-size (16 KB by default) with an empty 431; the servers raise that to
// MAX_HEADER_BYTES (scripts/start.ts, the image's NODE_OPTIONS) and proxy.ts answers a URL over
// MAX_URL_BYTES with a readable 414 instead. A wizard link names every expected cluster, so about
// 1,450 ids of 10 characters already pass 16 KB.

export const MAX_HEADER_BYTES = 64 * 1024;
export const MAX_URL_BYTES = 32 * 1024;
/** Ingresses in front of the console usually stop lower: ingress-nginx reads a request line into
 * 8 KB buffers (large_client_header_buffers, https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers). */
export const PROXY_SAFE_URL_BYTES = 8 * 1024;

export function urlTooLongMessage(bytes: number): string {
  return (
    `This link is ${Math.ceil(bytes / 1024)} KB long; the console reads links up to ${MAX_URL_BYTES / 1024} KB. ` +
    "Put the expected clusters in the server's config instead (FC_EXPECTED_CLUSTERS or expectedClusters in FC_CONFIG, docs/status-api.md) " +
    "and open /status without the clusters parameter."
  );
}

/** For the wizard: a warning when a link would be refused here or by a typical ingress. */
export function linkLengthWarning(url: string): string | undefined {
  const bytes = new TextEncoder().encode(url).length;
  if (bytes > MAX_URL_BYTES) return urlTooLongMessage(bytes);
  if (bytes > PROXY_SAFE_URL_BYTES) {
    return `This link is ${Math.ceil(bytes / 1024)} KB long; proxies in front of the console often refuse links over 8 KB. Put the expected clusters in the server's config (FC_EXPECTED_CLUSTERS) instead.`;
  }
  return undefined;
}
