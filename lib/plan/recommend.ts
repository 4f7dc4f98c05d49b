import type { Method } from "./schema";
import { kubecostLine, linesForMethod, NEWEST_LINE, type ChartLine } from "./kubecost-lines";

// "Help me choose": a few answers -> one method with its reasons. New installs, and clusters on
// 3.x or the 2.9 bridge, get the current line's federated storage (kubecost/kubecost v3.2.1
// README: 3.x is current, 2.8 was the last 2.x feature release). On 2.x: Federated ETL, AMP quick
// start up to 100 clusters, AMP + ETL bucket beyond; Thanos is costly at scale and gone in 2.x
// (https://github.com/kubecost/kubecost/blob/v2.4.2/cost-analyzer/templates/_helpers.tpl), but
// Thanos standalone beside kube-prometheus-stack gives raw PromQL across clusters on the lines
// the line table lists for it (lib/plan/kubecost-lines.ts).

export interface ChooserAnswers {
  clusterCount: number;
  /** The Kubecost chart line running today; "none" = not installed yet (new installs get 3.x). */
  kubecostVersion: ChartLine | "none";
  /** kube-prometheus-stack (or another Prometheus) already runs in each cluster. */
  existingPrometheus: boolean;
  /** Engineers need raw PromQL over every cluster's metrics, not just Kubecost's cost views. */
  needRawPromQL: boolean;
  /** The team prefers AWS-managed services over running its own query and storage components. */
  preferAwsManaged: boolean;
}

export interface Recommendation {
  method: Method;
  reasons: string[];
  /** Things to act on before or while following the steps. */
  cautions: string[];
  alternatives: { method: Method; why: string }[];
}

/** The seed's AMP quick start (every cluster remote-writes to one workspace) is sized for this many clusters. */
export const AMP_QUICK_START_MAX_CLUSTERS = 100;
/** Above this, the bundled Thanos's per-cluster sidecars, store gateway and compactor cost more than ETL files. */
export const THANOS_SMALL_FEDERATION = 10;

export const DEFAULT_ANSWERS: ChooserAnswers = {
  clusterCount: 3,
  kubecostVersion: "none",
  existingPrometheus: false,
  needRawPromQL: false,
  preferAwsManaged: false,
};

/** "Kubecost 2.x and 1.108": the lines a method runs on, from the line table. */
export function linesText(m: Method): string {
  const names = linesForMethod(m).map((l) => (l.id === "1.x" ? "1.108" : l.id));
  return `Kubecost ${names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0]}`;
}

const runsOn = (m: Method, line: ChartLine) => linesForMethod(m).some((l) => l.id === line);

export function recommendMethod(a: ChooserAnswers): Recommendation {
  const n = Math.max(1, Math.floor(a.clusterCount || 1));
  const clusters = `${n} cluster${n === 1 ? "" : "s"}`;
  const cautions: string[] = [];
  if (n === 1) cautions.push("With one cluster there is nothing to federate yet; the steps still set up the primary so agents can join later.");

  if (a.kubecostVersion === "none" || runsOn("federated-storage", a.kubecostVersion)) return currentLine(a, n, cautions);

  if (a.preferAwsManaged) {
    const federated = n > AMP_QUICK_START_MAX_CLUSTERS;
    const reasons = [
      "You prefer AWS-managed services: Amazon Managed Service for Prometheus stores and serves the metrics, so you run no query or storage components.",
      federated
        ? `${clusters} is beyond the quick start's ${AMP_QUICK_START_MAX_CLUSTERS}: each cluster keeps its metrics in AMP and uploads cost ETL to a bucket that the primary's Aggregator reads.`
        : `${clusters} fits the AMP quick start (up to ${AMP_QUICK_START_MAX_CLUSTERS}): every cluster remote-writes to one workspace and the primary queries it.`,
    ];
    if (a.needRawPromQL) reasons.push("AMP answers PromQL across every cluster in the workspace.");
    if (a.kubecostVersion === "1.x") {
      cautions.push(
        federated
          ? "AMP + ETL bucket uses the Kubecost 2.x Aggregator: upgrade to 2.x first."
          : "The generated AMP settings (global.amp.*, sigV4Proxy.*) are checked against Kubecost 2.x: upgrading first is simplest.",
      );
    }
    return {
      method: federated ? "amp-federated" : "amp",
      reasons,
      cautions,
      alternatives: [
        { method: "federated-etl", why: "Cheaper when you need only Kubecost's cost views: no metrics leave the clusters, only ETL files." },
      ],
    };
  }

  if (a.needRawPromQL) {
    const reasons = [
      "You need raw PromQL across clusters: Thanos query fans out to every cluster's Prometheus and to the bucket's history.",
      `Thanos standalone runs beside the Kubecost chart (${linesText("thanos-standalone")}), so it stays when 2.x removes the bundled Thanos.`,
    ];
    if (a.existingPrometheus) reasons.push("It reuses your kube-prometheus-stack: each cluster gets a Thanos sidecar that uploads blocks to the bucket.");
    if (n > THANOS_SMALL_FEDERATION) {
      cautions.push(
        `At ${clusters} Thanos is costly: every metric sample lands in the bucket, and the observer cluster runs store gateways, query and one compactor for all of it.`,
      );
    }
    return {
      method: "thanos-standalone",
      reasons,
      cautions,
      alternatives: [
        { method: n > AMP_QUICK_START_MAX_CLUSTERS ? "amp-federated" : "amp", why: "AMP also answers PromQL across clusters, without running Thanos yourself." },
        { method: "federated-etl", why: "If cost views are enough, Federated ETL is cheaper and simpler." },
      ],
    };
  }

  if (a.kubecostVersion === "1.x" && n <= THANOS_SMALL_FEDERATION) {
    return {
      method: "thanos-bundled",
      reasons: [
        "You run Kubecost 1.x, whose chart bundles Thanos: federation is a values file and one secret per cluster.",
        `${clusters} is small enough that the bundled Thanos's cost stays modest.`,
      ],
      cautions: [
        "Kubecost 2.x removed the bundled Thanos (the 2.x chart fails the install when thanos.store.enabled is set): plan the upgrade to 2.x with Federated ETL.",
        ...cautions,
      ],
      alternatives: [
        { method: "federated-storage", why: "Kubecost 3.x, the current line: the upgrade planner moves a Thanos federation to it." },
        { method: "federated-etl", why: "After upgrading to Kubecost 2.x: no metrics shipped, only cost ETL files." },
      ],
    };
  }

  const reasons = ["Federated ETL is how Kubecost 2.x federates without shipping metrics: each cluster uploads its cost ETL to one bucket and the primary's Aggregator reads federated/<cluster_id>/."];
  if (a.kubecostVersion === "1.x") {
    reasons.push(`At ${clusters} the bundled Thanos gets costly (every metric sample in the bucket, one compactor for all), and 2.x removed it.`);
    cautions.push("Upgrade every cluster to Kubecost 2.x first: the steps use 2.x settings.");
  }
  if (a.existingPrometheus) reasons.push("Your existing Prometheus stays as it is: only Kubecost's ETL files leave each cluster.");
  if (n > 20) cautions.push("With 20+ clusters give the Aggregator more memory, and ingest every 1-2 hours instead of the default 10 minutes.");
  cautions.push(`${kubecostLine("2.x").status} The bucket and the cluster ids carry over to 3.x's federated storage.`);
  return {
    method: "federated-etl",
    reasons,
    cautions,
    alternatives: [
      { method: "federated-storage", why: "Move to Kubecost 3.x, the current line, through the 2.9 bridge (the upgrade planner orders it)." },
      { method: n > AMP_QUICK_START_MAX_CLUSTERS ? "amp-federated" : "amp", why: "If you prefer AWS-managed metrics storage." },
      { method: "thanos-standalone", why: "If you also need raw PromQL across clusters." },
    ],
  };
}

/** New installs, and clusters already on 3.x or the 2.9 bridge: the current line's federated
 * storage. What 2.x methods offered and 3.x does not is said, not recommended around. */
function currentLine(a: ChooserAnswers, n: number, cautions: string[]): Recommendation {
  const line = kubecostLine(NEWEST_LINE);
  const reasons = [
    a.kubecostVersion === "none"
      ? `New installs get Kubecost ${line.id}, the current line (${line.verified}): each cluster's FinOps agent writes its cost data to one bucket and the primary's aggregator reads it.`
      : a.kubecostVersion === "2.9"
        ? `Kubecost 2.9 is the bridge to ${line.id}: its FinOps agents already write the federated-store bucket, and the primary moves to ${line.id} after 48 hours.`
        : `Kubecost ${line.id} federates one way: each cluster's FinOps agent writes its cost data to one bucket and the primary's aggregator reads it.`,
    "No Prometheus, Thanos or AMP to run: 3.x collects without them, so nothing else ships metrics between clusters.",
    "One bucket and one Secret per cluster: the same setup from 2 clusters to hundreds.",
  ];
  if (n > 20) cautions.unshift("With 20+ clusters give the aggregator more memory and fast storage.");
  if (a.needRawPromQL) cautions.push(`Raw PromQL across clusters is outside Kubecost 3.x (it runs no Prometheus). Run your own Prometheus with Thanos or AMP beside it; the console's Thanos standalone plan is checked with ${linesText("thanos-standalone")}.`);
  if (a.preferAwsManaged) cautions.push(`The AMP methods run on ${linesText("amp")} only; on 3.x the AWS-managed part is the S3 bucket itself.`);
  return {
    method: "federated-storage",
    reasons,
    cautions,
    alternatives: [
      { method: "federated-etl", why: "Only if you must stay on Kubecost 2.x for now; every 2.x setup moves to 3.x through the 2.9 bridge later." },
      ...(a.needRawPromQL ? [{ method: "thanos-standalone" as const, why: `Raw PromQL across clusters, beside ${linesText("thanos-standalone")}.` }] : []),
    ],
  };
}
