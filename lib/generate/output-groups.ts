import type { Step } from "./types";

// The output reads in run order (the generators' order, numbered like STEPS.md), except that a
// run of per-cluster steps is regrouped by cluster, primary first, so an admin working through
// one cluster's shell finds all of its commands together (issue 3 item 3).

export interface NumberedStep {
  step: Step;
  /** 1-based position in STEPS.md. */
  number: number;
}

export type OutputItem =
  | { kind: "step"; item: NumberedStep }
  | { kind: "cluster"; clusterId: string; primary: boolean; items: NumberedStep[] };

export function groupSteps(steps: Step[], clusters: { id: string; role: string }[]): OutputItem[] {
  const order = new Map(clusters.map((c, i) => [c.id, c.role === "primary" ? -1 : i]));
  const primaryId = clusters.find((c) => c.role === "primary")?.id;
  const out: OutputItem[] = [];
  let run: NumberedStep[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const byCluster = new Map<string, NumberedStep[]>();
    for (const s of run) byCluster.set(s.step.clusterId!, [...(byCluster.get(s.step.clusterId!) ?? []), s]);
    const ids = [...byCluster.keys()].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
    for (const id of ids) out.push({ kind: "cluster", clusterId: id, primary: id === primaryId, items: byCluster.get(id)! });
    run = [];
  };
  steps.forEach((step, i) => {
    const item = { step, number: i + 1 };
    if (step.clusterId) run.push(item);
    else {
      flush();
      out.push({ kind: "step", item });
    }
  });
  flush();
  return out;
}
