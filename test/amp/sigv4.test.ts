import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromClient } from "@/lib/probe/amp/query";

// The query client's SigV4 signature, checked by an independent implementation of the spec
// (canonical request -> string to sign -> signing key for service "aps") with node:crypto.

interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
const captured: Captured[] = [];
const creds = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token-example" };
const WS = "ws-12345678-90ab-4cde-8f01-234567890abc";

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      captured.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [{ metric: { cluster_id: "a" }, value: [1, "1700000000"] }] } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/workspaces/${WS}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s, "utf8").digest();

/** Recomputes the signature per the SigV4 spec from what arrived on the wire. */
function expectedSignature(c: Captured, secret: string, body = c.body) {
  const auth = String(c.headers.authorization);
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) throw new Error(`Malformed Authorization header: ${auth}`);
  const [, accessKey, date, region, service, signedHeaders, signature] = m;
  const url = new URL(c.path, "http://x");
  const canonicalHeaders = signedHeaders
    .split(";")
    .map((h) => `${h}:${String(c.headers[h]).trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalQuery = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join("&");
  const canonicalRequest = [c.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders, sha256(body)].join("\n");
  const amzDate = String(c.headers["x-amz-date"]);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  return { accessKey, date, region, service, signedHeaders: signedHeaders.split(";"), signature, recomputed: hmac(key, stringToSign).toString("hex") };
}

describe("SigV4 on AMP queries", () => {
  it("signs a POST form body for service aps in the workspace region, host and body hash included", async () => {
    const client = createPromClient({ baseUrl: base, region: "eu-west-1", credentials: creds });
    const result = await client.query('max by (cluster_id) (timestamp(kubecost_cluster_info{env="prod"}))', new Date("2026-01-01T00:00:00Z"));
    expect(result).toEqual([{ metric: { cluster_id: "a" }, value: 1700000000 }]);

    const c = captured.at(-1)!;
    expect(c.method).toBe("POST");
    expect(c.path).toBe(`/workspaces/${WS}/api/v1/query`);
    expect(c.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(c.body);
    expect(form.get("query")).toBe('max by (cluster_id) (timestamp(kubecost_cluster_info{env="prod"}))');
    expect(form.get("time")).toBe("1767225600.000");

    const sig = expectedSignature(c, creds.secretAccessKey);
    expect(sig).toMatchObject({ accessKey: "AKIDEXAMPLE", region: "eu-west-1", service: "aps" });
    expect(sig.signedHeaders).toEqual(expect.arrayContaining(["host", "x-amz-date", "content-type", "x-amz-security-token"]));
    expect(c.headers.host).toBe(new URL(base).host);
    expect(c.headers["x-amz-security-token"]).toBe("session-token-example");
    expect(c.headers["x-amz-content-sha256"]).toBe(sha256(c.body)); // body hash covers the form body
    expect(Math.abs(Date.now() - Date.parse(String(c.headers["x-amz-date"]).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z")))).toBeLessThan(60_000);
    expect(sig.recomputed).toBe(sig.signature);

    // The verifier is not a rubber stamp: another body or secret gives another signature.
    expect(expectedSignature(c, creds.secretAccessKey, c.body.replace("prod", "dev")).recomputed).not.toBe(sig.signature);
    expect(expectedSignature(c, "wrong-secret").recomputed).not.toBe(sig.signature);
  });

  it("signs series requests the same way, with match[] in the body", async () => {
    const client = createPromClient({ baseUrl: `${base}/`, region: "us-west-2", credentials: creds });
    await client.series('{__name__="kubecost_cluster_info",cluster_id=""}', new Date(1_700_000_000_000), new Date(1_700_086_400_000)).catch(() => undefined);
    const c = captured.at(-1)!;
    expect(c.path).toBe(`/workspaces/${WS}/api/v1/series`);
    expect(new URLSearchParams(c.body).get("match[]")).toBe('{__name__="kubecost_cluster_info",cluster_id=""}');
    const sig = expectedSignature(c, creds.secretAccessKey);
    expect(sig.region).toBe("us-west-2");
    expect(sig.recomputed).toBe(sig.signature);
  });
});
