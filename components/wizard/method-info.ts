import type { Method } from "@/lib/plan/schema";

/** One paragraph per method: what runs where, and which Kubecost versions it works with
 * (kubecost/kubecost chart templates of each tag: https://github.com/kubecost/kubecost/tree/v2.8.7/cost-analyzer). */
export const METHOD_INFO: Record<Method, { versions: string; summary: string }> = {
  "federated-storage": {
    versions: "Kubecost 3.x · current (2.9 as the bridge)",
    summary: "Each cluster's FinOps agent writes its cost data to one S3 bucket; the primary's aggregator reads every cluster's folder. No Prometheus, Thanos or AMP.",
  },
  "federated-etl": {
    versions: "Kubecost 2.x · preferred",
    summary: "Each cluster uploads its cost ETL to one S3 bucket; the primary's Aggregator reads federated/<cluster_id>/. No metrics leave the clusters.",
  },
  "thanos-bundled": {
    versions: "Kubecost 1.x only",
    summary: "The chart's bundled Thanos: each Prometheus gets a sidecar that uploads blocks to one bucket; the primary runs query and the only compactor. Costly at scale; removed in 2.x.",
  },
  "thanos-standalone": {
    versions: "Any Kubecost version",
    summary: "kube-prometheus-stack with Thanos sidecars in every cluster; an observer cluster runs Thanos query, store gateway and compactor. Raw PromQL across clusters.",
  },
  amp: {
    versions: "Up to 100 clusters",
    summary: "Every cluster remote-writes to one Amazon Managed Service for Prometheus workspace through a SigV4 proxy; the primary queries it. Nothing to run yourself.",
  },
  "amp-federated": {
    versions: "Kubecost 2.x · beyond 100 clusters",
    summary: "AMP holds the metrics; each cluster also uploads cost ETL to a bucket that the primary's Aggregator reads.",
  },
};
