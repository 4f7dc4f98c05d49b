import { isIP } from "node:net";

// DNS rebinding defence: a page on attacker.example whose name is re-pointed at 127.0.0.1 reaches
// the console with `Host: attacker.example`. Only names the operator expects are served; IP
// literals are always allowed because a rebinding page cannot have one as its origin, and the
// kubelet and Prometheus address pods by IP (the rule Vite uses:
// https://vite.dev/config/server-options#server-allowedhosts).

/** FC_ALLOWED_HOSTS: comma-separated host names; ".example.com" also allows every subdomain. */
export function parseAllowedHosts(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** Host header without the port; brackets kept off IPv6 literals. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") >= 0 ? h.indexOf("]") : undefined);
  const colon = h.lastIndexOf(":");
  return colon >= 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

export function isAllowedHost(hostHeader: string | null, allowed: string[]): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader).replace(/\.$/, "");
  if (!name) return false;
  if (isIP(name)) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  return allowed.some((a) => (a.startsWith(".") ? name === a.slice(1) || name.endsWith(a) : name === a));
}
