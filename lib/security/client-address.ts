import { BlockList, isIP } from "node:net";
import { failWith, ok, type Result } from "@/lib/problem";

// Who a request comes from, for the per-client link-probe budget (issue 15: a client-sent
// X-Forwarded-For reset its own budget). The socket's address is the identity; X-Forwarded-For is
// read only when the socket belongs to a proxy FC_TRUSTED_PROXIES names, and then from the right:
// the first address that is not a trusted proxy is the client (the rule of nginx's
// real_ip_recursive, https://nginx.org/en/docs/http/ngx_http_realip_module.html).

/** The proxies to trust (undefined: none); a refusal names FC_TRUSTED_PROXIES as its path. */
export type TrustedProxies = Result<BlockList | undefined>;

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is its IPv4 address. */
export function normalizeAddress(raw: string | undefined): string | undefined {
  const a = raw?.trim().replace(/^\[|\]$/g, "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return a && isIP(a) ? a.toLowerCase() : undefined;
}

/** FC_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the proxies in front (an
 * ingress controller's pod range). Empty: no proxy is trusted. */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies {
  const entries = (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!entries.length) return ok(undefined);
  const list = new BlockList();
  for (const e of entries) {
    const [addr, bits, extra] = e.split("/");
    const a = normalizeAddress(addr);
    const family = a && isIP(a) === 6 ? "ipv6" : "ipv4";
    const max = family === "ipv6" ? 128 : 32;
    if (!a || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))) {
      return failWith(`FC_TRUSTED_PROXIES: "${e}" is not an address or a CIDR range (such as 10.0.0.0/8 or fd00::/8)`, "FC_TRUSTED_PROXIES");
    }
    if (bits === undefined) list.addAddress(a, family);
    else list.addSubnet(a, Number(bits), family);
  }
  return ok(list);
}

const trusts = (list: BlockList, a: string) => list.check(a, isIP(a) === 6 ? "ipv6" : "ipv4");

/** The budget's key for a request: the socket's address, or with a trusted proxy the nearest
 * untrusted address in X-Forwarded-For. */
export function clientIdentity(socketAddress: string | undefined, forwardedFor: string | undefined, trusted: BlockList | undefined): string {
  const peer = normalizeAddress(socketAddress);
  if (!peer) return "unknown";
  if (!trusted || !trusts(trusted, peer)) return peer;
  let client = peer;
  const hops = (forwardedFor ?? "").split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    // A hop that is not an address was written by the client: stop at the last proxy we trust.
    if (!hop) break;
    client = hop;
    if (!trusts(trusted, hop)) break;
  }
  return client;
}
