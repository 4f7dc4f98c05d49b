import type { Method } from "@/lib/plan/schema";
import { usesAmp } from "@/lib/plan/defaults";
import { methodDefinition, type WizardStepId } from "@/lib/plan/methods";
import type { Problem } from "@/lib/problem";

// Which wizard steps a method has, and which step each validation path belongs to, so a message
// from lib/plan lands next to its field and blocks the right step.

export type StepId = WizardStepId;

export const STEP_TITLES: Record<StepId, string> = {
  method: "Method",
  kubecost: "Kubecost chart",
  storage: "Storage & access",
  amp: "AMP workspace",
  clusters: "Clusters",
  output: "Commands & files",
};

export function stepsFor(method: Method | undefined): StepId[] {
  if (!method) return ["method"];
  return [...methodDefinition(method).wizardSteps];
}

export function isStepId(s: string | null | undefined): s is StepId {
  return !!s && Object.hasOwn(STEP_TITLES, s); // not `in`: "toString" is no step
}

/** The step whose form holds the field at `path` ("storage.bucket", "clusters.2.id"). */
export function stepOfPath(path: string, method: Method): StepId {
  const head = path.split(".")[0];
  switch (head) {
    case "method":
      // "Thanos with 2.x" is fixed by the chart line or the method; shown on the chart step.
      return "kubecost";
    case "kubecost":
      return "kubecost";
    case "storage":
    case "auth":
      return "storage";
    case "amp":
      return "amp";
    case "awsAccountId":
      return usesAmp(method) ? "amp" : "storage";
    case "thanosDomain":
    case "clusters":
      return "clusters";
    default:
      return "method";
  }
}

export function issuesByStep(issues: Problem[], method: Method): Map<StepId, Problem[]> {
  const out = new Map<StepId, Problem[]>();
  for (const i of issues) {
    const step = stepOfPath(i.path, method);
    out.set(step, [...(out.get(step) ?? []), i]);
  }
  return out;
}
