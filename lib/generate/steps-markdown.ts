import { renderCommand } from "./shell";
import type { GeneratedFile, Step } from "./types";
import type { FleetStage } from "./fleet";
import { ARGOCD_DOCS, HELMFILE_DOCS } from "./gitops";

/** STEPS.md: reads like the wizard's output. Commands in ```bash fences, files referenced by path.
 * A stage step names its per-cluster folder once instead of listing every cluster's files. */
export function renderStepsMarkdown(plan: { title: string; steps: (Step & { stage?: FleetStage })[] }, gitops: GeneratedFile[] = []): string {
  const out: string[] = [`# ${plan.title}`, "", "Run the steps in order. Files referenced below are in this folder.", ""];
  plan.steps.forEach((step, i) => {
    out.push(`## ${i + 1}. ${step.title}`, "", step.why, "");
    if (step.files.length || step.stage) {
      out.push("Files:", "");
      for (const f of step.files) out.push(`- \`${f.path}\`: ${f.description}`);
      if (step.stage) {
        const n = String(step.stage.number).padStart(2, "0");
        out.push(`- \`clusters/<cluster-id>/steps/${n}-*.sh\`: this stage's commands for ${step.stage.clusterFiles.size === 1 ? `its one cluster, ${[...step.stage.clusterFiles.keys()][0]}` : `each of the ${step.stage.clusterFiles.size} clusters`} (${step.stage.scripts.map((s) => s.kind).join(", ")})`);
      }
      out.push("");
    }
    if (step.commands.length) {
      out.push("```bash");
      step.commands.forEach((c, j) => {
        if (j > 0) out.push("");
        if (c.comment) out.push(...c.comment.split("\n").map((l) => `# ${l}`));
        out.push(renderCommand(c));
      });
      out.push("```", "");
    }
    if (step.note) out.push(step.note, "");
  });
  if (gitops.length) {
    out.push(
      "## Install with GitOps instead",
      "",
      "Run the steps above with `--skip-helm` added to each `bash install.sh` line (the Secrets, IAM and namespaces stay prerequisites), then let Git install the charts:",
      "",
      ...gitops.map((f) => `- \`${f.path}\`: ${f.description}`),
      "",
      `Argo CD ApplicationSet: ${ARGOCD_DOCS}`,
      `helmfile: ${HELMFILE_DOCS}`,
      "",
    );
  }
  return out.join("\n");
}
