import { describe, expect, it } from "vitest";
import { METHODS } from "./kubecost-lines";
import { METHOD_DEFINITIONS, sourcesOf, sourcesOfLinkMethod } from "./methods";
import { starterPlan } from "./defaults";
import { statusLinkQuery } from "./url";
import { statusConfigForPlan } from "@/lib/deploy/console-values";
import { applyRequestTargets, requestTargetsSchema } from "@/lib/status/request-targets";
import { statusConfigSchema } from "@/lib/status/config";

const withBucket = (m: (typeof METHODS)[number]) => {
  const p = starterPlan(m);
  return {
    ...p,
    storage: p.storage && { ...p.storage, bucket: "acme-kubecost" },
    clusters: [
      { id: "prod-1", role: "primary" as const },
      { id: "prod-2", role: "agent" as const },
    ],
  };
};

describe("the method registry", () => {
  it("holds every method, each on the lines kubecost-lines gives it", () => {
    expect(Object.keys(METHOD_DEFINITIONS).sort()).toEqual([...METHODS].sort());
    expect(METHOD_DEFINITIONS["federated-storage"].lines).toEqual(["3.x", "2.9"]);
    expect(METHOD_DEFINITIONS["thanos-bundled"].lines).toEqual(["1.x"]);
  });

  it("federated storage is watched by the ETL folders and the FinOps agents' heartbeats", () => {
    expect(sourcesOf("federated-storage")).toEqual(["etl", "agent"]);
  });

  it.each(METHODS)("%s: the status link, the console's chart values and the link parser name the registry's sources", (m) => {
    const plan = withBucket(m);
    const want = [...sourcesOf(m)].sort();
    // The wizard's status link, read back the way the status page reads it.
    const link = requestTargetsSchema.parse(statusLinkQuery(plan as never));
    expect([...new Set(link.method!.flatMap((x) => sourcesOfLinkMethod(x) ?? []))].sort()).toEqual(want);
    // The console's own config for this plan.
    const config = statusConfigForPlan(plan as never);
    expect((["etl", "thanos", "agent", "amp"] as const).filter((s) => config[s] !== undefined).sort()).toEqual(want.filter((s) => s !== "amp" || plan.amp));
    // A server watching every source keeps only the method's.
    const server = statusConfigSchema.parse({
      allowRequestTargets: true,
      etl: { bucket: "server-etl", region: "us-east-1" },
      thanos: { bucket: "server-thanos", region: "us-east-1" },
      agent: { bucket: "server-etl", region: "us-east-1" },
      amp: { region: "us-east-1", workspaceId: "ws-12345678-abcd-1234-abcd-123456789012" },
    });
    const applied = applyRequestTargets(server, { method: [m] });
    expect((["etl", "thanos", "agent", "amp"] as const).filter((s) => applied[s] !== undefined).sort()).toEqual(want);
  });
});
