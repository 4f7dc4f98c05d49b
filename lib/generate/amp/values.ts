import type { Cluster, FederationPlan } from "@/lib/plan/schema";
import type { ShellWord } from "../shell";
import { clusterIdentityValues, federatedEtlValues, mergeValues, type Values } from "../etl/values";
import { serviceAccountValues } from "../etl/irsa";
import { imageOverrides } from "@/lib/charts/images";
import { costAnalyzerChart } from "../common/helm";
import { AMP_COST_ANALYZER_SA, AMP_PROMETHEUS_SERVER_SA, apsWorkspacesHost, queryEndpoint, remoteWriteEndpoint, requireAmp } from "./constants";

// helm values for AMP. The real 2.x keys are global.amp.sigv4.region and top-level sigV4Proxy.*;
// global.amp.sigV4Proxy.* (in published examples) is read by no template (https://github.com/kubecost/kubecost/blob/v2.8.7/cost-analyzer/values-amp.yaml).

/** config-values.yaml, shared by every cluster. For a workspace created by these steps the id is
 * unknown now: the endpoints are passed with --set from ${AMP_WORKSPACE_ID} instead. */
export function ampConfigValues(plan: FederationPlan): Values {
  const amp = requireAmp(plan);
  const global: Values = { enabled: true };
  if (amp.workspace.mode === "existing") {
    global.prometheusServerEndpoint = literal(queryEndpoint(amp));
    global.remoteWriteService = literal(remoteWriteEndpoint(amp));
  }
  global.sigv4 = { region: amp.region };
  return {
    global: { amp: global },
    sigV4Proxy: { region: amp.region, host: apsWorkspacesHost(amp.region) },
  };
}

/** Per-cluster values: identity, the IRSA service accounts, and for the federated variant the
 * Federated ETL settings with a shared Prometheus (agents filter AMP to their own cluster_id). */
export function ampClusterValues(plan: FederationPlan, cluster: Cluster): Values {
  const roleArn = plan.auth.mode === "irsa" ? plan.auth.roleArn : undefined;
  const parts: Values[] = [
    clusterIdentityValues(cluster),
    serviceAccountValues({ costAnalyzer: AMP_COST_ANALYZER_SA, prometheusServer: AMP_PROMETHEUS_SERVER_SA }, roleArn),
  ];
  if (plan.awsAccountId) parts.push({ kubecostProductConfigs: { projectID: plan.awsAccountId } });
  if (plan.method === "amp-federated") parts.push(federatedEtlValues(plan, cluster, { sharedPrometheus: true }));
  // Quick start: every cluster's Kubecost reads the one workspace. An agent filters it to its own
  // cluster_id; without this it computes every cluster's costs (the primary must see them all).
  else if (cluster.role !== "primary") parts.push({ federatedETL: { useMultiClusterDB: true } });
  const values = mergeValues(...parts);
  // config-values.yaml comes first on the helm line: it decides which components run.
  const ref = costAnalyzerChart(plan);
  return mergeValues(values, imageOverrides(ref, mergeValues(ampConfigValues(plan), values), plan.kubecost.imageMirror));
}

/** --set pairs for the endpoints when the id is only known in the admin's shell. */
export function ampEndpointSets(plan: FederationPlan): [string, ShellWord][] {
  const amp = requireAmp(plan);
  if (amp.workspace.mode === "existing") return [];
  return [
    ["global.amp.prometheusServerEndpoint", queryEndpoint(amp)],
    ["global.amp.remoteWriteService", remoteWriteEndpoint(amp)],
  ];
}

function literal(w: ShellWord): string {
  if (typeof w !== "string") throw new Error("an existing workspace's endpoints are literal");
  return w;
}
