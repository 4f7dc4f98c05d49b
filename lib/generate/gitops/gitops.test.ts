import { describe, it } from "vitest";
import { loadExamplePlans } from "@/test/support/example-plans";
import type { FederationPlan } from "@/lib/plan/schema";
import { fleetOf } from "../fleet/scale";
import { expectGitOpsEqualsInstalls, expectWaveOrder, sharedInstall } from "@/test/support/install-run";

// The GitOps files install what the scripts install, on a grown fleet of every example: the
// ApplicationSet's Applications and helmfile's releases equal the helm installs install.sh runs
// (test/support/install-run.ts). The examples as written are checked the same way on the one
// install.sh run fleet/fleet.test.ts makes of each.

// One install.sh run of at most 13 clusters: 7 s measured with the 2 cores at load average 15.
const INSTALL_TIMEOUT_MS = 60_000;

/** Clusters in a grown plan: the primary and every agent of the example twice, in the order
 * fleetOf deals them out, so each agent shape is both a first and a repeated list element. */
const grownSize = (plan: FederationPlan) => 1 + 2 * Math.max(1, plan.clusters.filter((c) => c.role !== "primary").length);
/** An example bigger than this (the two 150-cluster ones) is not grown: its agents already repeat
 * their shapes. */
const GROW_MAX = 12;

for (const { name, plan: few } of loadExamplePlans().filter((e) => e.plan.clusters.length <= GROW_MAX)) {
  describe(`GitOps output: ${name} grown to ${grownSize(few)} clusters`, () => {
    const install = sharedInstall(fleetOf(few, grownSize(few)));
    it("the ApplicationSet's Applications and helmfile's releases equal the helm installs install.sh runs", () => {
      expectGitOpsEqualsInstalls(install());
    }, INSTALL_TIMEOUT_MS);
    it("install.sh finishes every first-wave cluster before it starts the second", () => {
      expectWaveOrder(install());
    }, INSTALL_TIMEOUT_MS);
  });
}
