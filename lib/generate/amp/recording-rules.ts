// Kubecost's recording rules for AMP, with the record names the seed doc ("AWS Managed Service for
// Prometheus", "Add recording rules") lists and the expressions of the 2.4.2 chart: precomputed CPU, memory and savings series that make Kubecost's
// queries against the workspace cheaper. Uploaded as one rule groups namespace.

/** The namespace name the console's AMP status probe looks for. */
export const RULE_GROUPS_NAMESPACE = "kubecost-rules";
export const RECORDING_RULES_FILE = "amp/recording-rules.yaml";

interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** Every cluster remote-writes into one workspace: each aggregation keeps cluster_id, or the
 * rule adds up all clusters' series into one (and pods of the same name in two clusters). */
const BY = "cluster_id";

const savings = (record: string, owner: "!=" | "=", perNode: boolean, metric: string): RecordingRule => ({
  record,
  expr: `sum(avg(kube_pod_owner{owner_kind${owner}"DaemonSet"}) by (pod, ${BY}) * on (pod, ${BY}) sum(${metric}) by (pod, ${BY})) by (${BY})${perNode ? ` / on (${BY}) sum(kube_node_info) by (${BY})` : ""}`,
  labels: { daemonset: perNode ? "true" : "false" },
});

export const KUBECOST_RECORDING_RULES: { groups: { name: string; rules: RecordingRule[] }[] } = {
  groups: [
    {
      name: "CPU",
      rules: [
        // cAdvisor dropped container_name/pod_name in Kubernetes 1.16: filtering or grouping on
        // them yields empty series. Expressions as in the 2.4.2 chart's own prometheus rules
        // (cost-analyzer values.yaml, prometheus.server serverFiles rules, group CPU).
        { record: "cluster:cpu_usage:rate5m", expr: `sum(rate(container_cpu_usage_seconds_total{container!=""}[5m])) by (${BY})` },
        // Not summed: every label stays, cluster_id among them. A series without cluster_id (a
        // cluster writing without its external label) is left out rather than mixed with others.
        { record: "cluster:cpu_usage_nosum:rate5m", expr: `rate(container_cpu_usage_seconds_total{container!="", ${BY}!=""}[5m])` },
        {
          record: "kubecost_container_cpu_usage_irate",
          expr: `avg(irate(container_cpu_usage_seconds_total{container!="POD", container!=""}[5m])) by (container,pod,namespace,${BY})`,
        },
        {
          record: "kubecost_container_memory_working_set_bytes",
          expr: `sum(container_memory_working_set_bytes{container!="POD",container!=""}) by (container,pod,namespace,${BY})`,
        },
        { record: "kubecost_cluster_memory_working_set_bytes", expr: `sum(container_memory_working_set_bytes{container!="POD",container!=""}) by (${BY})` },
      ],
    },
    {
      name: "Savings",
      rules: [
        savings("kubecost_savings_cpu_allocation", "!=", false, "container_cpu_allocation"),
        savings("kubecost_savings_cpu_allocation", "=", true, "container_cpu_allocation"),
        savings("kubecost_savings_memory_allocation_bytes", "!=", false, "container_memory_allocation_bytes"),
        savings("kubecost_savings_memory_allocation_bytes", "=", true, "container_memory_allocation_bytes"),
      ],
    },
  ],
};
