import type { FederationPlan } from "@/lib/plan/schema";
import type { GeneratedFile, GeneratedPlan } from "../types";
import { applicationSetFile } from "./argocd";
import { helmfileFile } from "./helmfile";
import { helmReleases } from "./releases";

export { ARGOCD_DOCS, APPLICATIONSET_FILE } from "./argocd";
export { HELMFILE_DOCS } from "./helmfile";

/** The GitOps alternatives to install.sh's helm steps: an Argo CD ApplicationSet and a helmfile. */
export function gitopsFiles(plan: FederationPlan, generated: GeneratedPlan): GeneratedFile[] {
  const releases = helmReleases(plan, generated);
  if (releases.length === 0) return [];
  return [applicationSetFile(plan, releases), helmfileFile(plan, releases)];
}
