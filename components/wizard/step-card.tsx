"use client";

import { renderCommand } from "@/lib/generate/shell";
import type { Step } from "@/lib/generate";
import type { GeneratedCommand } from "@/lib/generate/types";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { FileBlock } from "./file-block";

/** A command as STEPS.md shows it: its comment lines above, then the pasteable command. */
export function commandText(c: GeneratedCommand): string {
  const comment = c.comment ? c.comment.split("\n").map((l) => `# ${l}`).join("\n") + "\n" : "";
  return comment + renderCommand(c);
}

export function StepCard({ step, number, level }: { step: Step; number: number; level: 3 | 4 }) {
  const H = level === 3 ? "h3" : "h4";
  const headingId = `step-${step.id}`;
  const commands = step.commands.map(commandText);
  return (
    <section aria-labelledby={headingId} data-step-number={number} className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <H id={headingId} className="text-base font-semibold">
          <span className="text-slate-500 dark:text-slate-400">Step {number} · </span>
          {step.title}
        </H>
        {commands.length > 1 && <CopyButton className="ml-auto" text={commands.join("\n\n")} label="Copy all commands" describe={`of step ${number}`} />}
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">{step.why}</p>
      {step.files.map((f) => (
        <FileBlock key={f.path} file={f} />
      ))}
      {commands.map((text, i) => (
        <div key={i} data-kind="command">
          <CodeBlock code={text} title={commands.length > 1 ? `Command ${i + 1} of ${commands.length}` : "Command"} describe={`command ${i + 1} of step ${number}`} maxHeight={false} />
        </div>
      ))}
      {step.note && <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800 dark:bg-slate-900 dark:text-slate-200">{step.note}</p>}
    </section>
  );
}
