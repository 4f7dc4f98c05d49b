import { renderCommand } from "./shell";
import type { GeneratedPlan } from "./types";

/** STEPS.md: reads like the wizard's output. Commands in ```bash fences, files referenced by path. */
export function renderStepsMarkdown(plan: GeneratedPlan): string {
  const out: string[] = [`# ${plan.title}`, "", "Run the steps in order. Files referenced below are in this folder.", ""];
  plan.steps.forEach((step, i) => {
    out.push(`## ${i + 1}. ${step.title}`, "", step.why, "");
    if (step.files.length) {
      out.push("Files:", "");
      for (const f of step.files) out.push(`- \`${f.path}\`: ${f.description}`);
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
  return out.join("\n");
}
