// Where a CLI entry point (scripts/generate.ts, doctor.ts, upgrade.ts) writes: the process's own
// streams when run, string sinks when a test calls its `main` in-process (issue 19: a spawn of
// tsx per test case cost seconds on a busy machine).
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** One message: on stdout when the command succeeded, on stderr when not; the exit code back. */
export function writeOutcome(io: CliIo, { code, message }: { code: number; message: string }): number {
  (code === 0 ? io.stdout : io.stderr).write(`${message}\n`);
  return code;
}
