import "server-only";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";

// Every object body the probes read goes through here, with a size cap: a 50 MB meta.json (or
// a diagnostics file someone replaced with a dump) must cost at most `maxBytes` of memory and
// be reported as a finding about that object, never parsed whole or called an S3 error.

export type ObjectRead =
  | { text: string; lastModifiedMs?: number }
  /** The object exists but its body is not what the probe can read (too big, not text). */
  | { unreadable: string; lastModifiedMs?: number };

export async function readSmallObject(s3: S3Client, bucket: string, key: string, maxBytes: number, abortSignal?: AbortSignal): Promise<ObjectRead> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
  const lastModifiedMs = out.LastModified?.getTime();
  const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
  const tooBig = { unreadable: `larger than ${formatBytes(maxBytes)}, not read`, lastModifiedMs };
  if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
    body?.destroy?.();
    return tooBig;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body) {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        body.destroy?.();
        return tooBig;
      }
      chunks.push(chunk);
    }
  }
  const bytes = Buffer.concat(chunks);
  // NUL bytes or invalid UTF-8: a binary file where JSON belongs. Its bytes stay out of messages.
  if (bytes.includes(0)) return { unreadable: "binary data, not JSON", lastModifiedMs };
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD")) return { unreadable: "binary data, not JSON", lastModifiedMs };
  return { text, lastModifiedMs };
}

/** Parses JSON, or says in a few words why not (never quoting the body). */
export function parseJsonObject(text: string): { json: unknown } | { unreadable: string } {
  if (text.trim() === "") return { unreadable: "empty" };
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { unreadable: "not valid JSON" };
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MB` : `${Math.round(n / 1024)} kB`;
}
