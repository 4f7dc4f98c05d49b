import type { z } from "zod";

// One way to say "this input is wrong" across the console: the plan, an upgrade file, a cluster
// import, a pasted values file, the status config and the login settings all answer a Result whose
// failure is a list of Problems. The wizard shows each problem next to its field, the CLIs print
// one line per problem, the API puts them in its error envelope (lib/api/errors.ts).

/** Something wrong with an input, where a person can find it. */
export interface Problem {
  /** Dotted path of the field at fault, e.g. "storage.bucket" or "clusters.2.id"; "" for the input
   * as a whole. */
  path: string;
  message: string;
  /** What to change, when the message does not already say it (naming the env variable or key). */
  fix?: string;
}

/** The answer of every check of untrusted input: the value, or every problem found. */
export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(problems: Problem[]): { ok: false; problems: Problem[] } {
  return { ok: false, problems };
}

/** One problem for the input as a whole (a file too large, not YAML at all). */
export function failWith(message: string, path = ""): { ok: false; problems: Problem[] } {
  return fail([{ path, message }]);
}

export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** One line per problem, for a CLI or a log: "  - storage.bucket: Bucket names use lowercase
 * letters only". `whole` names the input when a problem has no path. */
export function formatProblems(problems: Problem[], whole = "plan"): string {
  return problems.map((p) => `  - ${p.path || whole}: ${p.message}${p.fix ? `. ${p.fix}` : ""}`).join("\n");
}
