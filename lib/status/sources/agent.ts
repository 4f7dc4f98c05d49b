import { bucketEnvVars, bucketTargetSchema, type SourceDefinition } from "./definition";

// The Kubecost 2.9 / 3.x FinOps agent: a heartbeat every 5 min
// (https://github.com/kubecost/finops-agent-chart values, agent.exportIntervals.heartbeat), so
// three missed beats lag and an hour is stale. Agents with heartbeats off are judged on their
// cost data with the agentData* limits (lib/probe/agent-checks.ts).
export const agentSource = {
  id: "agent",
  label: "FinOps agent (Kubecost 2.9 / 3.x)",
  shortLabel: "Agent",
  place: "bucket",
  bucket: true,
  configSchema: bucketTargetSchema,
  envVars: bucketEnvVars("agent", {
    bucket: "Bucket the Kubecost 2.9 / 3.x FinOps agents write heartbeat and diagnostics to (often the ETL bucket)",
    prefix: "Key prefix in front of finops-agent/ (usually empty)",
    expected: "Expected clusters for the FinOps agent bucket only",
  }),
  freshness: (t) => ({ laggingAfterSeconds: t.agentLaggingAfterSeconds, staleAfterSeconds: t.agentStaleAfterSeconds }),
  dataNoun: "agent heartbeat",
  missingFix: (id) =>
    `No heartbeat or cost data from "${id}" in this bucket (finops-agent/${id}/, federated/${id}/): on that cluster enable the FinOps agent (finopsagent.enabled=true) with global.federatedStorage pointing at this bucket, and check that global.clusterId is exactly "${id}".`,
} satisfies SourceDefinition;
