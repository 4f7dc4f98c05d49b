import type { Method } from "@/lib/plan/schema";
import { linesText } from "@/lib/plan/recommend";
import { AMP_QUICK_START_MAX_CLUSTERS } from "@/lib/plan/recommend";

/** One paragraph per method: what runs where. Which Kubecost lines run it is read from the line
 * table (lib/plan/kubecost-lines.ts) that the version step also reads, so the card and the step
 * cannot disagree. */
const SUMMARY: Record<Method, { note?: string; summary: string }> = {
  "federated-storage": {
    note: "current line",
    summary: "Each cluster's FinOps agent writes its cost data to one S3 bucket; the primary's aggregator reads every cluster's folder. No Prometheus, Thanos or AMP.",
  },
  "federated-etl": {
    summary: "Each cluster uploads its cost ETL to one S3 bucket; the primary's Aggregator reads federated/<cluster_id>/. No metrics leave the clusters. Moves to 3.x through the 2.9 bridge.",
  },
  "thanos-bundled": {
    note: "legacy",
    summary: "The chart's bundled Thanos: each Prometheus gets a sidecar that uploads blocks to one bucket; the primary runs query and the only compactor. Costly at scale; removed in 2.x.",
  },
  "thanos-standalone": {
    summary: "kube-prometheus-stack with Thanos sidecars in every cluster; an observer cluster runs Thanos query, store gateway and compactor. Raw PromQL across clusters.",
  },
  amp: {
    note: `up to ${AMP_QUICK_START_MAX_CLUSTERS} clusters`,
    summary: "Every cluster remote-writes to one Amazon Managed Service for Prometheus workspace through a SigV4 proxy; the primary queries it. Nothing to run yourself.",
  },
  "amp-federated": {
    note: `beyond ${AMP_QUICK_START_MAX_CLUSTERS} clusters`,
    summary: "AMP holds the metrics; each cluster also uploads cost ETL to a bucket that the primary's Aggregator reads.",
  },
};

export const METHOD_INFO = Object.fromEntries(
  Object.entries(SUMMARY).map(([m, { note, summary }]) => [m, { versions: [linesText(m as Method), note].filter(Boolean).join(" · "), summary }]),
) as Record<Method, { versions: string; summary: string }>;
