import type { FederationPlan } from "@/lib/plan/schema";
import { simpleCommands } from "../shell";
import type { GeneratedCommand, GeneratedPlan, HelmRelease } from "../types";
import { WATCH_STEP_ID } from "../watch-step";

// The helm releases the generators' commands carry as data (GeneratedCommand.intent, built by
// lib/generate/common/helm.ts), whatever step or generator emitted them, so the GitOps files
// install exactly what the scripts install. Nothing here reads argv.

export type { HelmRelease } from "../types";

/** Every helm release of a command (itself and its branches), in order. */
function releasesOf(cmd: GeneratedCommand): HelmRelease[] {
  const own = cmd.intent?.kind === "helm-release" ? [cmd.intent.release] : [];
  return [...own, ...[cmd.then, cmd.orElse].flatMap((b) => (b ? releasesOf(b as GeneratedCommand) : []))];
}

/** Every helm release the plan's commands install, in run order. The console's own optional
 * watch step is not one: it installs from a checkout of this repository (docs/deploy.md). */
export function helmReleases(plan: FederationPlan, generated: GeneratedPlan): HelmRelease[] {
  const commands = generated.steps.filter((s) => s.id !== WATCH_STEP_ID).flatMap((s) => s.commands);
  const releases = commands.flatMap(releasesOf);
  // A helm install whose builder did not say what it is would be missing from the GitOps files.
  const untyped = commands.flatMap(simpleCommands).filter((argv) => argv[0] === "helm" && argv[1] === "upgrade").length - releases.length;
  if (untyped !== 0) throw new Error(`${untyped} helm upgrade command(s) carry no HelmRelease: build them with helmUpgradeInstall (lib/generate/common/helm.ts)`);
  const known = new Set(plan.clusters.map((c) => c.id));
  for (const r of releases) if (!known.has(r.clusterId)) throw new Error(`helm install of ${r.release} targets ${r.clusterId}, which is no cluster of the plan`);
  return releases;
}
