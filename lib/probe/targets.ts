// Where the bucket probes look. The status config (lib/status/config.ts) validates these; the
// shapes live here so lib/probe does not import the status layer above it.

export interface BucketTarget {
  bucket: string;
  region: string;
  /** Key prefix, normalized to "" or "a/b/". */
  prefix: string;
  expectedClusters?: string[];
}

export interface ThanosTarget extends BucketTarget {
  /** External label naming the cluster. */
  clusterLabel: string;
  /** The full block scan runs at most this often. */
  fullScanIntervalSeconds: number;
}
