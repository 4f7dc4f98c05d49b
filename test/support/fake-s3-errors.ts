import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A tiny HTTP server that answers path-style S3 requests the way S3 fails (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): XML
// error bodies, status codes and x-amz-bucket-region. fauxqs does no auth and knows no regions,
// so these branches need a stand-in. Behaviour is chosen by bucket name:
//   denied-bucket     403 AccessDenied on everything
//   missing-bucket    404 NoSuchBucket
//   west-bucket       301 PermanentRedirect + x-amz-bucket-region: us-west-2 unless the request is
//                     signed for us-west-2, then a listing with one cluster folder
//   west-slow-bucket  like west-bucket, but the us-west-2 listing takes 300 ms (a redirect in flight)
//   east-bucket       a listing with one cluster folder when signed for us-east-1, else 301 to it
//   burst-bucket      503 SlowDown for the first 2 requests of every 4 (a throttling burst), else a listing
//   reset-bucket      the first request of every 2 has its connection reset, the next gets a listing
//   slow-body-bucket  200 with the listing's first bytes, then the body stalls forever
//   moved-bucket      301 PermanentRedirect + x-amz-bucket-region: eu-central-1, always
//   malformed-bucket  400 AuthorizationHeaderMalformed expecting eu-west-1
//   slow-bucket       503 SlowDown, always
//   hang-bucket       never answers
//   meta-denied       lists one block dir, but GET meta.json is 403 AccessDenied
//   reset-bucket      closes the connection without an answer (ECONNRESET)
//   chatty-bucket     500 InternalError whose message echoes credentials and runs on for pages

export interface FakeS3 {
  endpoint: string;
  /** Requests seen per bucket. */
  hits: Record<string, number>;
  /** The SigV4 region of every request, per bucket, in arrival order. */
  signedRegions: Record<string, string[]>;
  stop(): Promise<void>;
}

const REQUEST_ID = "4442587FB7D0A2F9";

function xmlError(res: ServerResponse, status: number, code: string, message: string, extra = "", headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": REQUEST_ID, "x-amz-id-2": "fake", ...headers });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>${REQUEST_ID}</RequestId><HostId>fake</HostId></Error>`);
}

/** A delimiter listing answers the folders; one without a delimiter, a daily ETL file in each. */
function listResult(res: ServerResponse, bucket: string, prefix: string, prefixes: string[], delimited = true) {
  res.writeHead(200, { "content-type": "application/xml", "x-amz-request-id": REQUEST_ID });
  const entries = delimited
    ? prefixes.map((p) => `<CommonPrefixes><Prefix>${p}</Prefix></CommonPrefixes>`)
    : prefixes.map((p) => `<Contents><Key>${p}etl/bingen/allocations/1d/1773100800-1773187200</Key><LastModified>2026-03-10T12:00:00.000Z</LastModified><Size>1</Size></Contents>`);
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${prefixes.length}</KeyCount><MaxKeys>1000</MaxKeys>${delimited ? "<Delimiter>/</Delimiter>" : ""}<IsTruncated>false</IsTruncated>${entries.join("")}</ListBucketResult>`,
  );
}

/** Region in the SigV4 credential scope: Credential=AKID/20260310/us-west-2/s3/aws4_request. */
function signedRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\//.exec(req.headers.authorization ?? "")?.[1];
}

export async function startFakeS3Errors(): Promise<FakeS3> {
  const hits: Record<string, number> = {};
  const signedRegions: Record<string, string[]> = {};
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const prefix = url.searchParams.get("prefix") ?? "";
    const list = (prefixes: string[]) => listResult(res, bucket, prefix, prefixes, url.searchParams.has("delimiter"));
    hits[bucket] = (hits[bucket] ?? 0) + 1;
    (signedRegions[bucket] ??= []).push(signedRegion(req) ?? "");
    req.resume();
    switch (bucket) {
      case "denied-bucket":
        return xmlError(res, 403, "AccessDenied", "Access Denied");
      case "missing-bucket":
        return xmlError(res, 404, "NoSuchBucket", "The specified bucket does not exist", `<BucketName>${bucket}</BucketName>`);
      case "west-bucket":
        if (signedRegion(req) !== "us-west-2") {
          return xmlError(res, 301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.", `<Endpoint>${bucket}.s3.us-west-2.amazonaws.com</Endpoint><Bucket>${bucket}</Bucket>`, { "x-amz-bucket-region": "us-west-2" });
        }
        return list(prefix === "federated/" ? ["federated/west-1/"] : []);
      case "west-slow-bucket":
        if (signedRegion(req) !== "us-west-2") {
          return xmlError(res, 301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.", `<Bucket>${bucket}</Bucket>`, { "x-amz-bucket-region": "us-west-2" });
        }
        hanging.add(res);
        setTimeout(() => {
          hanging.delete(res);
          list(["federated/west-1/"]);
        }, 300);
        return;
      case "burst-bucket":
        if ((hits[bucket] - 1) % 4 < 2) return xmlError(res, 503, "SlowDown", "Please reduce your request rate.");
        return list(prefix === "federated/" ? ["federated/prod-1/"] : []);
      case "reset-bucket":
        if (hits[bucket] % 2 === 1) return void req.socket.destroy();
        return list(prefix === "federated/" ? ["federated/prod-1/"] : []);
      case "slow-body-bucket":
        res.writeHead(200, { "content-type": "application/xml", "x-amz-request-id": REQUEST_ID });
        res.write(`<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name>`);
        hanging.add(res);
        return;
      case "east-bucket":
        if (signedRegion(req) !== "us-east-1") {
          return xmlError(res, 301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.", `<Bucket>${bucket}</Bucket>`, { "x-amz-bucket-region": "us-east-1" });
        }
        return list(prefix === "federated/" ? ["federated/east-1/"] : []);
      case "moved-bucket":
        return xmlError(res, 301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.", `<Bucket>${bucket}</Bucket>`, { "x-amz-bucket-region": "eu-central-1" });
      case "malformed-bucket":
        return xmlError(res, 400, "AuthorizationHeaderMalformed", `The authorization header is malformed; the region '${signedRegion(req)}' is wrong; expecting 'eu-west-1'`, "<Region>eu-west-1</Region>");
      case "slow-bucket":
        return xmlError(res, 503, "SlowDown", "Please reduce your request rate.");
      case "hang-bucket":
        hanging.add(res);
        return;
      case "reset-bucket":
        req.socket.destroy();
        return;
      case "chatty-bucket":
        return xmlError(res, 500, "InternalError", `We encountered an internal error. Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260310/us-east-1/s3/aws4_request, Signature=0123456789abcdef0123456789abcdef0123456789abcdef; aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY ${"retrying ".repeat(200)}`);
      case "meta-denied":
        if (key.endsWith("meta.json")) return xmlError(res, 403, "AccessDenied", "Access Denied");
        return list([`${prefix}01KAB000000000000000000000/`]);
      default:
        return xmlError(res, 404, "NoSuchBucket", "The specified bucket does not exist");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    hits,
    signedRegions,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
