import { bashVersionGate } from "../common/bash-version";
import type { FederationPlan } from "@/lib/plan/schema";
import { CLUSTER_ID_RULE } from "@/lib/plan/ids";
import type { GeneratedFile } from "../types";
import { requireStorage } from "../common/storage";
import { quoteWord } from "../shell";

// Issue 20: the 48 h wait was a sentence and one `aws s3 ls` per cluster to read by eye (150 of
// them at fleet size). The gate is a command: it reads each cluster's oldest FinOps-agent
// heartbeat from the bucket and exits non-zero naming every cluster not yet ready, so install.sh
// stops at it. The agent writes finops-agent/<cluster_id>/heartbeat/<YYYYMMDDHHmmss>.json every
// 5 minutes (another exporter revision: <cluster_id>/heartbeat/finops-agent/), the layout the
// status page reads (lib/probe/agent-layout.ts); the names are UTC times, so the first key listed
// is the oldest and the comparison is one of strings, with no date parsing (macOS and GNU
// `date` differ).

export const GATE_FILE = "upgrade/gate.sh";

/** "Run all agents on 2.9 for at least two days before upgrading the primary"
 * (https://github.com/kubecost/kubecost/blob/v3.2.1/README.md, upgrade notes); lib/health's
 * READY_AFTER_MS is the same 48 h for the status page. */
export const GATE_HOURS = 48;

/** The agent writes a heartbeat every 5 minutes (finops-agent chart agent.exportIntervals.heartbeat,
 * https://github.com/kubecost/finops-agent-chart): a newest one older than six intervals means the
 * agent stopped writing, whatever its first heartbeat says. */
export const GATE_STALE_MINUTES = 30;

export function gateScript(plan: FederationPlan): GeneratedFile {
  const s = requireStorage(plan);
  const config = [
    `bucket=${quoteWord(s.bucket)}`,
    `prefix=${quoteWord(s.prefix ? `${s.prefix}/` : "")}`,
    `region=${quoteWord(s.region)}`,
    `endpoint=${quoteWord(s.endpoint ? `https://${s.endpoint}` : "")}`,
    `hours=${GATE_HOURS}`,
    `stale_minutes=${GATE_STALE_MINUTES}`,
    `id_rule=${quoteWord(CLUSTER_ID_RULE)}`,
  ].join("\n");
  return {
    path: GATE_FILE,
    language: "shell",
    description: `The ${GATE_HOURS} h gate: exits 1 naming every cluster whose FinOps agent has not written heartbeats for ${GATE_HOURS} h, or no longer writes them`,
    content: `#!/usr/bin/env bash
# The ${GATE_HOURS} h gate before the primary moves to Kubecost 3.x: every cluster's FinOps agent has
# written heartbeats for at least ${GATE_HOURS} hours ("run all agents on 2.9 for at least two days
# before upgrading the primary": https://github.com/kubecost/kubecost/blob/v3.2.1/README.md).
# Usage: bash ${GATE_FILE} [<cluster-id>...]   (default: every cluster in clusters.tsv)
# Ready: the oldest heartbeat is ${GATE_HOURS} h old or more and the newest at most ${GATE_STALE_MINUTES} min old.
# Exits 0 when every cluster asked is ready, 1 naming each one that is not, 2 when it cannot check.
# Needs the AWS CLI with read access to the bucket (s3:ListBucket).
set -uo pipefail
${config}

${bashVersionGate("gate.sh")}
cd "$(dirname "\${BASH_SOURCE[0]}")/.." || exit 2

ids=("$@")
if [ "\${#ids[@]}" -eq 0 ]; then
  if [ ! -f clusters.tsv ]; then echo "gate.sh: clusters.tsv is missing next to install.sh" >&2; exit 2; fi
  line=0
  while IFS=$'\\t' read -r id _rest || [ -n "$id" ]; do
    line=$((line + 1))
    [ "$line" -eq 1 ] || [ -z "$id" ] || ids+=("$id")
  done < clusters.tsv
fi
for id in "\${ids[@]}"; do
  if ! [[ "$id" =~ $id_rule ]]; then
    printf 'gate.sh: %q is not a cluster id (letters, digits, ".", "_" or "-", starting with a letter or digit, at most 63 characters); nothing was checked\\n' "$id" >&2
    exit 2
  fi
done

export TZ=UTC
printf -v now '%(%s)T' -1
printf -v cutoff '%(%Y%m%d%H%M%S)T' "$((now - hours * 3600))"
printf -v stale_before '%(%Y%m%d%H%M%S)T' "$((now - stale_minutes * 60))"
when() { printf '%s-%s-%s %s:%s:%s UTC' "\${1:0:4}" "\${1:4:2}" "\${1:6:2}" "\${1:8:2}" "\${1:10:2}" "\${1:12:2}"; }
endpoint_args=()
[ -n "$endpoint" ] && endpoint_args=(--endpoint-url "$endpoint")

# The first key under a folder: heartbeat names are UTC times, so the oldest heartbeat.
first_key() {
  aws s3api list-objects-v2 --bucket "$bucket" --prefix "$1" --max-items 1 --query 'Contents[0].Key' --output text --region "$region" "\${endpoint_args[@]}"
}
# The last key under a folder: the newest heartbeat (one every 5 minutes, so a few pages of
# listing per cluster). The AWS CLI follows the pages; with text output it answers the query page
# by page, so the last line is the last key of the last page.
last_key() {
  aws s3api list-objects-v2 --bucket "$bucket" --prefix "$1" --query 'Contents[-1].Key' --output text --region "$region" "\${endpoint_args[@]}" | tail -n 1
}

not_ready=()
for id in "\${ids[@]}"; do
  key=""
  for folder in "\${prefix}finops-agent/$id/heartbeat/" "\${prefix}$id/heartbeat/finops-agent/"; do
    if ! key="$(first_key "$folder")"; then
      echo "gate.sh: could not list s3://$bucket/$folder (the AWS CLI's error is above): check the credentials, the region ($region) and s3:ListBucket" >&2
      exit 2
    fi
    if [ -n "$key" ] && [ "$key" != None ]; then break; fi
    key=""
  done
  if [ -z "$key" ]; then
    reason="no heartbeat yet under s3://$bucket/\${prefix}finops-agent/$id/heartbeat/ (is its FinOps agent on 2.9 and running?)"
  elif ! [[ "$key" =~ ([0-9]{14})[.]json$ ]]; then
    reason="its first heartbeat $key has no UTC time in its name"
  elif [[ "\${BASH_REMATCH[1]}" > "$cutoff" ]]; then
    reason="first heartbeat at $(when "\${BASH_REMATCH[1]}"), less than $hours h ago (ready $hours h after it)"
  else
    first="\${BASH_REMATCH[1]}"
    # Written for 48 h is not enough: the agent must still be writing (one heartbeat every 5 min).
    if ! last="$(last_key "\${key%/*}/")"; then
      echo "gate.sh: could not list s3://$bucket/\${key%/*}/ (the AWS CLI's error is above): check the credentials, the region ($region) and s3:ListBucket" >&2
      exit 2
    fi
    if ! [[ "$last" =~ ([0-9]{14})[.]json$ ]]; then
      reason="its newest heartbeat $last has no UTC time in its name"
    elif [[ "\${BASH_REMATCH[1]}" < "$stale_before" ]]; then
      reason="heartbeats since $(when "$first"), but the newest is from $(when "\${BASH_REMATCH[1]}"), more than $stale_minutes min ago: is its FinOps agent still running? (kubectl logs deployment/<release>-finopsagent on that cluster)"
    else
      echo "ready     $id: heartbeats since $(when "$first"), newest at $(when "\${BASH_REMATCH[1]}")"
      continue
    fi
  fi
  not_ready+=("$id")
  echo "NOT READY $id: $reason"
done

if [ "\${#not_ready[@]}" -gt 0 ]; then
  if [ "\${#ids[@]}" -gt 1 ]; then
    echo "Not ready: \${#not_ready[@]} of \${#ids[@]} clusters: \${not_ready[*]}"
    echo "Do not move the primary to 3.x yet: the days these agents did not cover would be lost. Run this again later; install.sh resumes here when rerun with the same command."
  fi
  exit 1
fi
echo "Ready: \${#ids[@]} cluster(s) have written heartbeats for $hours h or more."
`,
  };
}
