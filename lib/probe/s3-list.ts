import "server-only";
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

export interface ListedObject {
  key: string;
  size: number;
  lastModifiedMs: number;
}

export interface ListPage {
  objects: ListedObject[];
  prefixes: string[];
  truncated: boolean;
  nextToken?: string;
}

export interface ListRequest {
  bucket: string;
  prefix: string;
  startAfter?: string;
  delimiter?: string;
  continuationToken?: string;
  maxKeys?: number;
  abortSignal?: AbortSignal;
}

export async function listPage(s3: S3Client, req: ListRequest): Promise<ListPage> {
  const out = await s3.send(
    new ListObjectsV2Command({
      Bucket: req.bucket,
      Prefix: req.prefix || undefined,
      StartAfter: req.continuationToken ? undefined : req.startAfter,
      Delimiter: req.delimiter,
      ContinuationToken: req.continuationToken,
      MaxKeys: req.maxKeys,
    }),
    { abortSignal: req.abortSignal },
  );
  return {
    objects: (out.Contents ?? []).map((o) => ({
      key: o.Key ?? "",
      size: o.Size ?? 0,
      lastModifiedMs: o.LastModified ? o.LastModified.getTime() : 0,
    })),
    prefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? "").filter(Boolean),
    truncated: !!out.IsTruncated,
    nextToken: out.NextContinuationToken,
  };
}

/** Every CommonPrefix under `prefix` (delimiter "/"), paginated; also returns the page count. */
export async function listChildPrefixes(
  s3: S3Client,
  bucket: string,
  prefix: string,
  opts: { startAfter?: string; abortSignal?: AbortSignal; stopWhen?: (p: string) => boolean } = {},
): Promise<{ prefixes: string[]; objects: ListedObject[]; pages: number }> {
  const prefixes: string[] = [];
  const seen = new Set<string>();
  const objects: ListedObject[] = [];
  let token: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await listPage(s3, { bucket, prefix, delimiter: "/", startAfter: opts.startAfter, continuationToken: token, abortSignal: opts.abortSignal });
    pages++;
    // fauxqs may repeat prefixes on a page that mixes keys and prefixes; S3 never does.
    for (const p of page.prefixes) {
      if (seen.has(p)) continue;
      seen.add(p);
      prefixes.push(p);
    }
    objects.push(...page.objects);
    if (opts.stopWhen && page.prefixes.some(opts.stopWhen)) break;
    if (!page.truncated || !page.nextToken) break;
    token = page.nextToken;
  }
  return { prefixes, objects, pages };
}
