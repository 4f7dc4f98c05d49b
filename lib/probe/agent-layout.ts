import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import { AGENT_APP } from "./agent-files";
import { isBlockId } from "./thanos-blocks";
import { listChildPrefixes, type ListedObject } from "./s3-list";
import { mapPool } from "./pool";

// Finds where FinOps agents write, without assuming one folder order: finops-agent/<cluster>/
// {heartbeat,diagnostics,kubemodel}/ (current agents) and <cluster>/{heartbeat,diagnostics}/
// finops-agent/ (another exporter revision), plus <cluster>/write-test/ objects an agent failed to
// delete, and the cluster ids under federated/ (Federated ETL: what 2.x cost-models and agents
// with agent.exporter.exportLegacyDataModels write). Top-level names the other Kubecost writers
// use (federated/, diagnostics/, Thanos ULIDs) are skipped; at most MAX_CANDIDATES other
// top-level folders are looked into (one listing each).

export interface AgentFolders {
  clusterId: string;
  layout: string;
  heartbeat?: string;
  diagnostics?: string;
  /** finops-agent/<cluster>/kubemodel/: a heartbeat-less agent is judged on these objects. */
  kubemodel?: string;
  leftoverWriteTest?: ListedObject;
}

export interface AgentBucketLayout {
  folders: AgentFolders[];
  /** Cluster ids under federated/ (without the 1.x federator's combined/). */
  federatedIds: string[];
}

const NOT_CLUSTERS = new Set(["federated", "diagnostics", AGENT_APP]);
const MAX_CANDIDATES = 500;

export async function discoverAgentFolders(s3: S3Client, bucket: string, prefix: string, abortSignal?: AbortSignal): Promise<AgentBucketLayout> {
  const children = async (p: string) => (await listChildPrefixes(s3, bucket, p, { abortSignal })).prefixes.map((c) => c.slice(p.length, -1));
  const top = await children(prefix);
  const byId = new Map<string, AgentFolders>();
  if (top.includes(AGENT_APP)) {
    const root = `${prefix}${AGENT_APP}/`;
    for (const id of await children(root)) {
      const base = `${root}${id}/`;
      byId.set(id, { clusterId: id, layout: `${AGENT_APP}/<cluster>/heartbeat/`, heartbeat: `${base}heartbeat/`, diagnostics: `${base}diagnostics/`, kubemodel: `${base}kubemodel/` });
    }
  }
  const federatedIds = top.includes("federated") ? (await children(`${prefix}federated/`)).filter((id) => id !== "combined") : [];
  const candidates = top.filter((n) => !NOT_CLUSTERS.has(n) && !isBlockId(n)).slice(0, MAX_CANDIDATES);
  await mapPool(candidates, 16, async (id) => {
    const base = `${prefix}${id}/`;
    const listed = await listChildPrefixes(s3, bucket, base, { abortSignal });
    const kids = listed.prefixes.map((c) => c.slice(base.length, -1));
    const entry = byId.get(id) ?? { clusterId: id, layout: `<cluster>/heartbeat/${AGENT_APP}/` };
    if (kids.includes("heartbeat") && !entry.heartbeat) {
      const app = (await children(`${base}heartbeat/`)).includes(AGENT_APP) ? `${AGENT_APP}/` : "";
      entry.heartbeat = `${base}heartbeat/${app}`;
      if (kids.includes("diagnostics")) entry.diagnostics = `${base}diagnostics/${app}`;
    }
    if (kids.includes("kubemodel") && !entry.kubemodel) entry.kubemodel = `${base}kubemodel/`;
    if (kids.includes("write-test")) {
      const objects = (await listChildPrefixes(s3, bucket, `${base}write-test/`, { abortSignal })).objects;
      entry.leftoverWriteTest = objects.sort((a, b) => b.lastModifiedMs - a.lastModifiedMs)[0];
    }
    if (entry.heartbeat || entry.kubemodel || entry.leftoverWriteTest) byId.set(id, entry);
  });
  return { folders: [...byId.values()].sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1)), federatedIds };
}
