import type { StatusConfig } from "@/lib/status/config";
import type { DemoBackends } from "./index";
import { demoEtlObjects } from "./seed-etl";
import { demoThanosObjects } from "./seed-thanos";
import { DEMO_AGENT_EXPECTED, DEMO_ETL_ONLY_CLUSTER, demoAgentObjects } from "./seed-agent";
import { startSeedableFauxqs } from "./seed-store";

// The embedded demo: an in-process fauxqs S3 holding a Federated ETL bucket and a Thanos bucket
// with healthy, lagging, stale, missing and unexpected clusters, a zero-byte file, the 1.x
// combined/ folder, diagnostics, an overlap, a partial upload and a deletion mark, and a
// Kubecost 2.9 / 3.x FinOps agent fleet (lib/demo/seed-agent.ts) in the ETL bucket. The data is
// re-seeded relative to the clock every few minutes so a long-running demo keeps its picture.

export const DEMO_ETL_BUCKET = "kubecost-federated-etl";
export const DEMO_THANOS_BUCKET = "kubecost-thanos";
const RESEED_MS = 5 * 60_000;

export async function startS3Demo(): Promise<DemoBackends> {
  const s3 = await startSeedableFauxqs();
  s3.createBucket(DEMO_ETL_BUCKET);
  s3.createBucket(DEMO_THANOS_BUCKET);
  const seed = () => {
    const now = Date.now();
    s3.empty(DEMO_ETL_BUCKET);
    s3.empty(DEMO_THANOS_BUCKET);
    const etl = demoEtlObjects("", now);
    s3.put(DEMO_ETL_BUCKET, etl.objects);
    s3.put(DEMO_ETL_BUCKET, demoAgentObjects("", now));
    s3.put(DEMO_THANOS_BUCKET, demoThanosObjects("", now).objects);
    return etl.expectedClusters;
  };
  // The same clusters are expected in both buckets (prod-eu-1 never shows up in either), except
  // the 2.x cluster that federates through ETL only.
  const thanosExpected = seed();
  const expectedClusters = [...thanosExpected, DEMO_ETL_ONLY_CLUSTER];
  const timer = setInterval(seed, RESEED_MS);
  timer.unref();

  const config: Partial<StatusConfig> = {
    s3Endpoint: s3.endpoint,
    etl: { bucket: DEMO_ETL_BUCKET, region: "us-east-1", prefix: "", expectedClusters },
    // Kubecost 2.9 / 3.x agents write their heartbeats into the same federated storage.
    agent: { bucket: DEMO_ETL_BUCKET, region: "us-east-1", prefix: "", expectedClusters: DEMO_AGENT_EXPECTED },
    thanos: { bucket: DEMO_THANOS_BUCKET, region: "us-east-1", prefix: "", clusterLabel: "cluster_id", fullScanIntervalSeconds: 15 * 60, expectedClusters: thanosExpected },
  };
  return {
    config,
    stop: async () => {
      clearInterval(timer);
      await s3.stop();
    },
  };
}
