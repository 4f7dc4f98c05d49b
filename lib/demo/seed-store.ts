import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildApp } from "fauxqs";

// fauxqs (in-process S3, https://www.npmjs.com/package/fauxqs) started so that seeding can write straight into its store:
// the demo and the bench put hundreds of thousands of objects with backdated LastModified, which
// over HTTP would take minutes and need a faked clock. Requests from the probes still go through
// fauxqs's real HTTP/XML S3 layer.
//
// `byteOrderIndex` swaps fauxqs's listObjects (filter + localeCompare sort of the whole bucket on
// every call) for a sorted index with the same paging rules, in S3's byte order (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
// Stock listing costs O(bucket) per request, which at the bench's 400k objects measures fauxqs
// rather than the probe. lib/demo/seed-store.test.ts checks both give the same pages.

export interface SeedObject {
  key: string;
  body: string | Uint8Array;
  lastModifiedMs: number;
}

interface StoredObject {
  key: string;
  lastModified: Date;
  contentLength: number;
}

interface ListOptions {
  prefix?: string;
  delimiter?: string;
  maxKeys?: number;
  startAfter?: string;
  marker?: string;
}

interface FauxqsS3Store {
  buckets: Map<string, Map<string, StoredObject>>;
  createBucket(name: string): void;
  emptyBucket(name: string): void;
  putObject(bucket: string, key: string, body: Buffer, contentType?: string): StoredObject;
  listObjects(bucket: string, options?: ListOptions): { objects: StoredObject[]; commonPrefixes: string[]; isTruncated: boolean };
}

export interface SeedableS3 {
  endpoint: string;
  createBucket(name: string): void;
  put(bucket: string, objects: Iterable<SeedObject>): number;
  /** Removes every object, keeps the bucket. */
  empty(bucket: string): void;
  stop(): Promise<void>;
}

async function loadS3StoreClass(): Promise<new () => FauxqsS3Store> {
  // fauxqs exports only its entry point; the store class sits next to it.
  let appUrl: string;
  try {
    appUrl = import.meta.resolve("fauxqs");
  } catch {
    appUrl = pathToFileURL(path.join(process.cwd(), "node_modules/fauxqs/dist/app.js")).href;
  }
  const mod = (await import(/* webpackIgnore: true */ new URL("./s3/s3Store.js", appUrl).href)) as { S3Store: new () => FauxqsS3Store };
  return mod.S3Store;
}

/** Byte-order listing over a sorted key array, rebuilt lazily after writes. */
export function installByteOrderIndex(store: FauxqsS3Store): void {
  const sorted = new Map<string, string[]>();
  const putObject = store.putObject.bind(store);
  store.putObject = (bucket, key, body, contentType) => {
    sorted.delete(bucket);
    return putObject(bucket, key, body, contentType);
  };
  const original = store.listObjects.bind(store);
  store.listObjects = (bucket, options = {}) => {
    const objects = store.buckets.get(bucket);
    if (!objects) return original(bucket, options);
    let keys = sorted.get(bucket);
    if (!keys || keys.length !== objects.size) {
      keys = [...objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      sorted.set(bucket, keys);
    }
    const prefix = options.prefix ?? "";
    const delimiter = options.delimiter;
    const maxKeys = options.maxKeys ?? 1000;
    const startAfter = options.startAfter ?? options.marker ?? "";
    const lowerBound = (s: string) => {
      let lo = 0;
      let hi = keys!.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys![mid] < s) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    let i = lowerBound(startAfter > prefix ? startAfter : prefix);
    const result: StoredObject[] = [];
    const commonPrefixes: string[] = [];
    let isTruncated = false;
    while (i < keys.length) {
      const key = keys[i];
      if (!key.startsWith(prefix)) break;
      if (startAfter && key <= startAfter) {
        i++;
        continue;
      }
      const idx = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (delimiter && idx >= 0) {
        const cp = key.slice(0, idx + delimiter.length);
        if (!(startAfter && cp <= startAfter)) {
          if (result.length + commonPrefixes.length >= maxKeys) {
            isTruncated = true;
            break;
          }
          commonPrefixes.push(cp);
        }
        // Skip every key under this common prefix in one step.
        i = lowerBound(cp + "\uffff");
        continue;
      }
      if (result.length + commonPrefixes.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      result.push(objects.get(key)!);
      i++;
    }
    return { objects: result, commonPrefixes, isTruncated };
  };
}

export async function startSeedableFauxqs(opts: { byteOrderIndex?: boolean } = {}): Promise<SeedableS3> {
  const S3Store = await loadS3StoreClass();
  const store = new S3Store();
  if (opts.byteOrderIndex) installByteOrderIndex(store);
  const app = buildApp({ logger: false, stores: { s3Store: store } as never });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    createBucket: (name) => store.createBucket(name),
    put(bucket, objects) {
      let n = 0;
      for (const o of objects) {
        const body = typeof o.body === "string" ? Buffer.from(o.body) : Buffer.from(o.body);
        const stored = store.putObject(bucket, o.key, body);
        stored.lastModified = new Date(o.lastModifiedMs);
        n++;
      }
      return n;
    },
    empty: (bucket) => store.emptyBucket(bucket),
    stop: async () => {
      await app.close();
    },
  };
}
