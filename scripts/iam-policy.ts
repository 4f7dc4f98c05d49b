// `npm run iam-policy -- <file>`: the least-privilege IAM policy for the console's probes, as JSON
// on stdout. <file> is a status config (FC_CONFIG), the chart's values file (its `config` key) or
// a FederationPlan (plan.yaml). --account <id> fills the AMP workspace ARN's account.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { probeTargetsForPlan } from "@/lib/deploy/console-values";
import { probeIamPolicy, type ProbeTargets } from "@/lib/deploy/iam-policy";
import { validatePlan } from "@/lib/plan/validate";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
const accountAt = args.indexOf("--account");
const accountId = accountAt >= 0 ? args[accountAt + 1] : undefined;
if (!file) {
  console.error("Usage: npm run iam-policy -- <status-config.yaml | values.yaml | plan.yaml> [--account 123456789012]");
  process.exit(2);
}

const doc = (parseYaml(readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
let targets: ProbeTargets;
if ("method" in doc) {
  const r = validatePlan(doc);
  if (!r.ok) {
    console.error(`${file} is not a valid plan:\n${JSON.stringify(r.problems, null, 2)}`);
    process.exit(1);
  }
  targets = probeTargetsForPlan(r.value);
} else {
  const config = (doc.config ?? doc) as ProbeTargets & { amp?: { region: string; workspaceId?: string } };
  targets = { etl: config.etl, thanos: config.thanos, amp: config.amp && { region: config.amp.region, workspaceId: config.amp.workspaceId } };
}
if (targets.amp && accountId) targets.amp.accountId = accountId;
if (!targets.etl && !targets.thanos && !targets.amp) {
  console.error(`${file} names no ETL bucket, Thanos bucket or AMP workspace.`);
  process.exit(1);
}
console.log(JSON.stringify(probeIamPolicy(targets), null, 2));
