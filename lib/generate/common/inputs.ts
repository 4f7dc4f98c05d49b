import type { AdminInput, GeneratedCommand, Step } from "../types";

// Files the admin supplies (the Enterprise key, access keys, a CA bundle): a step that reads one
// checks for it first and stops with a non-zero exit naming the file and the fix, so install.sh
// counts the step as failed, names it, and runs it again on the next run (issue 20: a step that
// printed "Not created" and exited 0 was marked done and never rerun). The check carries the input
// as data (intent "input-file"), so the preflight lists and checks every one without reading argv.

/** Stops the step: `message` on stderr, exit 1. The `orElse` of a guard whose input is missing. */
export const stopWith = (message: string): GeneratedCommand => ({ argv: ["sh", "-c", 'echo "$1" >&2; exit 1', "sh", message], headWords: 5 });

/** Where the admin's files go: the bundle's top folder, where install.sh and STEPS.md run. */
export const INPUT_FOLDER_HINT = "next to STEPS.md (the bundle's top folder)";

/** The sentence that says an input is missing and how to supply it (the step and the preflight). */
export const missingInputMessage = (input: AdminInput) => `Missing ${input.path} (${input.what}): write it ${INPUT_FOLDER_HINT}, then run this step again.`;

/** `test -f <path> || stop`: the check at the head of a step that reads `path`. */
export function requireInputFile(path: string, what: string): GeneratedCommand {
  const input: AdminInput = { path, what };
  return {
    argv: ["test", "-f", path],
    orElse: stopWith(missingInputMessage(input)),
    comment: `Needs ${path}: ${what}`,
    intent: { kind: "input-file", input },
  };
}

/** Every input the steps' commands check for (branches too), once per path, in step order. */
export function adminInputsOf(steps: Step[]): AdminInput[] {
  const byPath = new Map<string, AdminInput>();
  const visit = (cmd: GeneratedCommand) => {
    if (cmd.intent?.kind === "input-file") {
      const prev = byPath.get(cmd.intent.input.path);
      byPath.set(cmd.intent.input.path, { ...cmd.intent.input, ...prev, placeholder: prev?.placeholder ?? cmd.intent.input.placeholder });
    }
    for (const b of [cmd.then, cmd.orElse]) if (b) visit(b as GeneratedCommand);
  };
  steps.forEach((s) => s.commands.forEach(visit));
  return [...byPath.values()];
}
