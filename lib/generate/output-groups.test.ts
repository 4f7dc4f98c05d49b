import { describe, expect, it } from "vitest";
import { groupSteps } from "./output-groups";
import type { Step } from "./types";

const step = (id: string, clusterId?: string): Step => ({ id, title: id, why: "", phase: clusterId ? "install" : "verify", clusterId, files: [], commands: [] });

describe("groupSteps", () => {
  it("keeps shared steps in place and groups each run of per-cluster steps by cluster, primary first", () => {
    const clusters = [
      { id: "agent-a", role: "agent" },
      { id: "hub", role: "primary" },
      { id: "agent-b", role: "agent" },
    ];
    const steps = [step("tools"), step("secret-agent-a", "agent-a"), step("secret-hub", "hub"), step("install-hub", "hub"), step("install-agent-a", "agent-a"), step("install-agent-b", "agent-b"), step("verify")];
    const out = groupSteps(steps, clusters);
    expect(out.map((o) => (o.kind === "step" ? o.item.step.id : `${o.clusterId}:${o.items.map((i) => `${i.number}`).join(",")}`))).toEqual([
      "tools",
      "hub:3,4",
      "agent-a:2,5",
      "agent-b:6",
      "verify",
    ]);
    const hub = out.find((o) => o.kind === "cluster" && o.clusterId === "hub");
    expect(hub).toMatchObject({ primary: true });
  });

  it("numbers steps as STEPS.md does and never drops one", () => {
    const steps = [step("a"), step("b", "x"), step("c")];
    const out = groupSteps(steps, [{ id: "x", role: "primary" }]);
    const numbers = out.flatMap((o) => (o.kind === "step" ? [o.item.number] : o.items.map((i) => i.number)));
    expect(numbers.sort()).toEqual([1, 2, 3]);
  });
});
