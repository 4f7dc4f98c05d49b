import { createHash, timingSafeEqual } from "node:crypto";
import { failWith, ok, type Result } from "@/lib/problem";

// Optional access control for every page and API, checked once in proxy.ts. FC_AUTH is either
//   bearer:<token>            clients send `Authorization: Bearer <token>` (an upstream proxy, scripts)
//   basic:<user>:<password>   browsers prompt; `basic:*:<password>` accepts any user name, which is
//                             what oauth2-proxy's --pass-basic-auth sends (the signed-in e-mail)
// FC_METRICS_TOKEN is a second, read-only bearer token that opens /api/metrics and nothing else,
// so a Prometheus scrape config never holds the login that reads bucket names and keys.

export type AuthConfig =
  | { mode: "none"; metricsToken?: string }
  | { mode: "bearer"; token: string; metricsToken?: string }
  | { mode: "basic"; user: string; password: string; metricsToken?: string };

/** A refusal is one problem whose path is the variable at fault (FC_AUTH or FC_METRICS_TOKEN); its
 * message never repeats the secret. */
export type AuthConfigResult = Result<AuthConfig>;

/** A login or scrape token: at least 16 characters, at least 8 of them different (issue 15:
 * `bearer:aaaaaaaaaaaaaaaa` was accepted). `openssl rand -hex 32` gives 64. */
export const MIN_SECRET_LENGTH = 16;
export const MIN_SECRET_DISTINCT = 8;

/** Why a secret is too weak, or undefined. Never repeats the secret. */
export function weakSecretProblem(name: string, secret: string): string | undefined {
  if (secret.length < MIN_SECRET_LENGTH) return `${name} is shorter than ${MIN_SECRET_LENGTH} characters: use a random value (openssl rand -hex 32).`;
  if (new Set(secret).size < MIN_SECRET_DISTINCT) return `${name} has fewer than ${MIN_SECRET_DISTINCT} different characters: use a random value (openssl rand -hex 32).`;
  return undefined;
}

export function parseAuthConfig(env: Record<string, string | undefined>): AuthConfigResult {
  const raw = env.FC_AUTH?.trim() ?? "";
  const metricsToken = env.FC_METRICS_TOKEN?.trim() || undefined;
  const weakScrape = metricsToken && weakSecretProblem("FC_METRICS_TOKEN", metricsToken);
  if (weakScrape) return failWith(weakScrape, "FC_METRICS_TOKEN");
  if (!raw) return ok({ mode: "none", metricsToken });
  const colon = raw.indexOf(":");
  const kind = colon < 0 ? raw : raw.slice(0, colon);
  const rest = colon < 0 ? "" : raw.slice(colon + 1);
  if (kind === "bearer") {
    const weak = weakSecretProblem("The FC_AUTH=bearer:<token> token", rest);
    if (weak) return failWith(weak, "FC_AUTH");
    return ok({ mode: "bearer", token: rest, metricsToken });
  }
  if (kind === "basic") {
    const sep = rest.indexOf(":");
    const user = sep < 0 ? "" : rest.slice(0, sep);
    const password = sep < 0 ? "" : rest.slice(sep + 1);
    if (!user) return failWith("FC_AUTH=basic:<user>:<password> needs a user (or *).", "FC_AUTH");
    const weak = weakSecretProblem("The FC_AUTH=basic:<user>:<password> password", password);
    if (weak) return failWith(weak, "FC_AUTH");
    return ok({ mode: "basic", user, password, metricsToken });
  }
  return failWith(`FC_AUTH must start with "bearer:" or "basic:" (got "${kind}:..."); unset it to run without a login on loopback.`, "FC_AUTH");
}

/** Equal in time independent of where the strings differ and of their lengths (both are hashed). */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Paths that answer without credentials: the liveness probe (kubelet sends no headers; it tells
 * nothing but "the process answers"). */
export const PUBLIC_PATHS = ["/api/healthz", "/api/readyz"];
export const METRICS_PATH = "/api/metrics";

export type AuthDecision = "allow" | "unauthorized";

/** `pathname` is without the base path. */
export function authorize(config: AuthConfig, pathname: string, authorization: string | null): AuthDecision {
  if (PUBLIC_PATHS.includes(pathname)) return "allow";
  const header = authorization ?? "";
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (pathname === METRICS_PATH && config.metricsToken && bearer !== undefined && constantTimeEqual(bearer, config.metricsToken)) return "allow";
  if (config.mode === "none") return "allow";
  if (config.mode === "bearer") return bearer !== undefined && constantTimeEqual(bearer, config.token) ? "allow" : "unauthorized";
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
  if (!basic) return "unauthorized";
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const sep = decoded.indexOf(":");
  if (sep < 0) return "unauthorized";
  const userOk = config.user === "*" || constantTimeEqual(decoded.slice(0, sep), config.user);
  const passwordOk = constantTimeEqual(decoded.slice(sep + 1), config.password);
  return userOk && passwordOk ? "allow" : "unauthorized";
}

/** The challenge a 401 carries, so a browser shows its login prompt for basic auth. */
export function challenge(config: AuthConfig): string {
  return config.mode === "basic" ? 'Basic realm="Federation Console", charset="UTF-8"' : 'Bearer realm="Federation Console"';
}
