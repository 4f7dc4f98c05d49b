import type { FederationPlan } from "@/lib/plan/schema";
import type { UpgradeKind } from "@/lib/plan/upgrade";
import type { Step } from "../types";
import { bucketLs } from "./common";

// Issue 20: "Kubecost 3.x cannot read Thanos blocks" came after the steps that had already
// replaced each agent's Prometheus and sidecar. What an upgrade cannot undo is the first step, as a
// choice with its alternatives, before any command changes anything.

const REINGEST = "The 3.x primary re-ingests every cluster's data from the bucket: 20 minutes to 2 days depending on size, the UI filling in as it goes (https://github.com/kubecost/kubecost/blob/v3.2.1/README.md).";

interface Decision { title: string; why: string; choices: string[]; look?: { path: string; comment: string } }

const DECISIONS: Record<UpgradeKind, (from: FederationPlan) => Decision> = {
  "thanos-to-3x": () => ({
    title: "Decide first: the Thanos history does not come to 3.x",
    why: "Kubecost 3.x cannot read Thanos blocks and has no ETL utils (the 3.2.1 chart fails on etlUtils): once the primary moves, the months Thanos holds no longer appear in Kubecost.",
    choices: [
      "A) Go through 2.x instead (plan the move to 2.x: ETL utils converts the Thanos history into the federated layout), then 2.x -> 2.9 -> 3.x, which carries it.",
      "B) Stay on 1.108 reading Thanos until its retention window has passed, then move to 3.x with nothing to lose.",
      "C) Go on with this plan and accept that 3.x starts from the day the agents first write; the blocks stay in the bucket, readable by a 1.x or 2.x install only.",
    ],
    look: { path: "", comment: "Check: the <ULID>/ folders listed are the Thanos history at stake" },
  }),
  "thanos-to-etl": () => ({
    title: "Decide first: the Thanos sidecars go as each agent moves",
    why: "The 2.x chart has no Thanos: each agent stops uploading blocks when it moves, and the history reaches 2.x only through ETL utils on the primary (a later step).",
    choices: [
      "A) Go on: agents first, then the primary converting the history (keep the blocks until you have compared the old months in the UI).",
      "B) Stay on 1.108 until the history you need is older than your retention, and move then.",
    ],
    look: { path: "", comment: "Check: the <ULID>/ folders listed are the Thanos history ETL utils will convert" },
  }),
  bridge: (from) => ({
    title: "Decide first: what the 2.9 bridge changes",
    why: "2.9 adds the FinOps agent beside the 2.x cost-model on the same bucket; nothing is removed, and helm rollback returns a cluster to 2.x.",
    choices: [
      "A) Go on: every cluster to 2.9, then wait 48 hours of FinOps-agent data before any move to 3.x.",
      ...(from.method === "amp-federated" ? ["AMP stays in use during the bridge; it is dropped only at 3.x."] : []),
    ],
    look: { path: "federated/", comment: "Check: one <cluster_id>/ folder per 2.x cluster, the data that carries over" },
  }),
  "etl-to-3x": (from) => ({
    title: "Decide first: what 3.x cannot undo",
    why: `${REINGEST}${from.method === "amp-federated" ? " The AMP metrics are not carried: 3.x reads only the bucket, so the Prometheus data in the workspace stays behind (keep the workspace until the 3.x primary shows every cluster)." : ""}`,
    choices: [
      "A) Go on: agents and the primary to 2.9, a 48-hour gate, then the primary to 3.x and the agents after it; a cluster still on 2.9 can go back with helm rollback (each step records the revision).",
      "B) Stop at 2.9 (plan the move to 2.9 only) and move to 3.x later: nothing is lost while you wait, the agents keep writing.",
      "C) Plan the 3.x primary's re-ingestion for a quiet window: the UI is incomplete until it ends.",
    ],
    look: { path: "federated/", comment: "Check: one <cluster_id>/ folder per 2.x cluster, the data 3.x re-ingests" },
  }),
};

/** The first step of every upgrade: the choice, its alternatives, and a look at what is at stake. */
export function decisionStep(kind: UpgradeKind, from: FederationPlan): Step {
  const d = DECISIONS[kind](from);
  return {
    id: "upgrade-decision",
    title: d.title,
    why: d.why,
    phase: "prerequisites",
    files: [],
    commands: d.look ? [bucketLs(from, d.look.path, d.look.comment)] : [],
    note: `Choose before running anything below. ${d.choices.join(" ")}`,
  };
}
