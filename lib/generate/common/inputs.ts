import type { GeneratedCommand } from "../types";

// Files the admin supplies (the Enterprise key, access keys, a CA bundle): a step that reads one
// checks for it first and stops with a non-zero exit naming the file and the fix, so install.sh
// counts the step as failed, names it, and runs it again on the next run (issue 20: a step that
// printed "Not created" and exited 0 was marked done and never rerun).

/** Stops the step: `message` on stderr, exit 1. The `orElse` of a guard whose input is missing. */
export const stopWith = (message: string): GeneratedCommand => ({ argv: ["sh", "-c", 'echo "$1" >&2; exit 1', "sh", message], headWords: 5 });

/** Where the admin's files go: the bundle's top folder, where install.sh and STEPS.md run. */
export const INPUT_FOLDER_HINT = "next to STEPS.md (the bundle's top folder)";

/** `test -f <path> || stop`: the check at the head of a step that reads `path`. */
export function requireInputFile(path: string, what: string): GeneratedCommand {
  return {
    argv: ["test", "-f", path],
    orElse: stopWith(`Missing ${path} (${what}): write it ${INPUT_FOLDER_HINT}, then run this step again.`),
    comment: `Needs ${path}: ${what}`,
  };
}
