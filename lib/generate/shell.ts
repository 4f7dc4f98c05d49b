// The one place shell text is produced. Every generated command is an argv array; this module
// turns it into text that bash parses back into exactly that argv (tested with real bash).
// Published commands (kubecost/poc-common-configurations aws/amp-*) break on paste because of `\ # comment` line ends and a
// trailing `\`; rendering never emits either.

/** A word that expands shell variables the user set in an earlier step, e.g.
 * { template: "https://aps.../workspaces/${AMP_WORKSPACE_ID}/api/v1/remote_write" }. Only
 * ${NAME} references to the listed variables expand; every other character is literal. */
export interface ShellTemplate {
  template: string;
}
export type ShellWord = string | ShellTemplate;

export interface ShellCommand {
  argv: ShellWord[];
  /** Capture stdout into a variable: NAME=$(argv). */
  assignTo?: string;
  /** Feed a heredoc on stdin (literal, never expanded). */
  stdin?: string;
  /** Redirect stdout to a file path (literal). */
  stdoutTo?: string;
  /** How many leading words stay on the first line when the command is broken over lines
   * (e.g. 5 for `helm upgrade --install <release> <chart>`). */
  headWords?: number;
  /** Pipe stdout into a second command, e.g. `kubectl create ... --dry-run=client -o yaml | kubectl apply -f -`.
   * With assignTo the whole pipeline is captured: NAME=$(argv | pipeTo). */
  pipeTo?: ShellWord[];
  /** Throw stdout and stderr away (`>/dev/null 2>&1`): a probe whose exit status is all that
   * matters, e.g. `aws iam get-policy`. */
  quiet?: boolean;
  /** `! command`: succeeds only when the command fails (a guard such as `! grep --quiet ...`). */
  negate?: boolean;
  /** `if command; then <then>; else <orElse>; fi`: the command is a test choosing a branch. */
  then?: ShellCommand;
  /** Without `then`: `command || <orElse>`, the fallback when the command fails
   * (`get-policy || create-policy`: re-running a step does not fail on what exists). With
   * `then`: the else branch. */
  orElse?: ShellCommand;
}

/** Variables generated commands may reference with ${NAME}. */
export const SHELL_VARIABLES = ["AMP_WORKSPACE_ID", "AWS_ACCOUNT_ID", "OIDC_PROVIDER"] as const;

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Quotes one literal word for bash: bare when safe, otherwise single-quoted. */
export function quoteWord(word: string): string {
  if (word === "") return "''";
  if (SAFE_WORD.test(word) && !word.startsWith("~")) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Renders a template word in double quotes: ${VAR} stays live, everything else is escaped. */
export function quoteTemplate(t: ShellTemplate): string {
  const parts = t.template.split(/(\$\{[A-Z_][A-Z0-9_]*\})/);
  let out = '"';
  for (const part of parts) {
    const m = /^\$\{([A-Z_][A-Z0-9_]*)\}$/.exec(part);
    if (m) {
      if (!(SHELL_VARIABLES as readonly string[]).includes(m[1])) throw new Error(`Unknown shell variable ${m[1]}`);
      // ${NAME:?...}: in a new shell where the earlier step was not run, bash stops with this
      // message instead of running the command with an empty value.
      out += `\${${m[1]}:?${m[1]} is not set: run the step that sets it first}`;
    } else {
      out += part.replace(/[\\"$`]/g, (c) => `\\${c}`);
    }
  }
  return out + '"';
}

export function renderWord(w: ShellWord): string {
  if (typeof w === "string") {
    if (/[\u0000]/.test(w)) throw new Error("Shell words cannot contain NUL");
    return quoteWord(w);
  }
  return quoteTemplate(w);
}

/** Groups argv into lines: the command words, then one line per --flag (with its value). */
function groupLines(words: string[], raw: ShellWord[], headWords = 1): string[][] {
  const lines: string[][] = [[]];
  raw.forEach((w, i) => {
    const isFlag = typeof w === "string" && w.startsWith("-") && i >= headWords;
    if (isFlag && lines[lines.length - 1].length > 0) lines.push([]);
    lines[lines.length - 1].push(words[i]);
  });
  return lines;
}

const HEREDOC_TAG = "FEDERATION_CONSOLE_EOF";

/** One pipeline: argv [| pipeTo] [> file | >/dev/null 2>&1], captured or negated. */
function renderPipeline(cmd: ShellCommand, maxWidth: number): string {
  const words = cmd.argv.map(renderWord);
  let body = words.join(" ");
  if (body.length > maxWidth) {
    body = groupLines(words, cmd.argv, cmd.headWords)
      .map((l) => l.join(" "))
      .join(" \\\n  ");
  }
  if (cmd.pipeTo) body += ` | ${cmd.pipeTo.map(renderWord).join(" ")}`;
  if (cmd.stdoutTo && cmd.quiet) throw new Error("A quiet command has no output file");
  if (cmd.stdoutTo) body += ` > ${quoteWord(cmd.stdoutTo)}`;
  if (cmd.quiet) body += " >/dev/null 2>&1";
  if (cmd.assignTo) {
    if (!VAR_NAME.test(cmd.assignTo)) throw new Error(`Bad variable name ${cmd.assignTo}`);
    if (cmd.stdoutTo || cmd.quiet) throw new Error("A captured command cannot redirect its output");
    body = `${cmd.assignTo}=$(${body})`;
  }
  if (cmd.negate) body = `! ${body}`;
  return body;
}

const indent = (text: string) => text.split("\n").map((l) => `  ${l}`).join("\n");

/** Renders a command as pasteable bash. Long commands break before each flag with ` \`
 * continuations; nothing follows a backslash, and the last line has none. */
export function renderCommand(cmd: ShellCommand, opts: { maxWidth?: number } = {}): string {
  const maxWidth = opts.maxWidth ?? 100;
  let body = renderPipeline(cmd, maxWidth);
  const branches = [cmd.then, cmd.orElse].filter((b): b is ShellCommand => b !== undefined);
  // A heredoc body must start right after its line; inside a branch or before `||` it would not.
  if (branches.some(hasStdin) || (branches.length && cmd.stdin !== undefined)) throw new Error("Heredocs cannot be combined with then/orElse");
  if (cmd.then) {
    body = `if ${body}; then\n${indent(renderCommand(cmd.then, opts))}\n`;
    body += cmd.orElse ? `else\n${indent(renderCommand(cmd.orElse, opts))}\nfi` : "fi";
  } else if (cmd.orElse) {
    const fallback = renderCommand(cmd.orElse, opts);
    const oneLine = `${body} || ${fallback}`;
    // A long pair reads as two commands: `||` ends the first line (bash then reads on).
    body = oneLine.includes("\n") || oneLine.length > maxWidth ? `${body} ||\n${indent(fallback)}` : oneLine;
  }
  if (cmd.stdin !== undefined) {
    if (cmd.stdin.split("\n").includes(HEREDOC_TAG)) throw new Error("Heredoc body contains its terminator");
    const text = cmd.stdin.endsWith("\n") ? cmd.stdin : cmd.stdin + "\n";
    body += ` <<'${HEREDOC_TAG}'\n${text}${HEREDOC_TAG}`;
  }
  return body;
}

function hasStdin(cmd: ShellCommand): boolean {
  return cmd.stdin !== undefined || [cmd.then, cmd.orElse].some((b) => b !== undefined && hasStdin(b));
}

/** Every simple command inside a command (itself, its pipe target and branches), for checks that
 * look at each argv: kube contexts, chart keys, bash's parse of each word. */
export function simpleCommands(cmd: ShellCommand): ShellWord[][] {
  return [cmd.argv, ...(cmd.pipeTo ? [cmd.pipeTo] : []), ...[cmd.then, cmd.orElse].flatMap((b) => (b ? simpleCommands(b) : []))];
}

/** ${NAME}s a command reads, and the variables it sets (in order: a branch may set what the
 * test did not). */
export function variablesRead(cmd: ShellCommand): string[] {
  return simpleCommands(cmd).flatMap((argv) => argv.flatMap((w) => (typeof w === "string" ? [] : [...w.template.matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)].map((m) => m[1]))));
}
export function variablesSet(cmd: ShellCommand): string[] {
  return [...(cmd.assignTo ? [cmd.assignTo] : []), ...[cmd.then, cmd.orElse].flatMap((b) => (b ? variablesSet(b) : []))];
}

/** A script of several commands, each separated by a blank line, with optional comment lines
 * ABOVE a command (never after a continuation). */
export function renderScript(items: { comment?: string; command: ShellCommand }[]): string {
  return (
    items
      .map(({ comment, command }) => {
        const c = comment
          ? comment
              .split("\n")
              .map((l) => `# ${l}`)
              .join("\n") + "\n"
          : "";
        return c + renderCommand(command);
      })
      .join("\n\n") + "\n"
  );
}
