// The one bash every generated script needs (install.sh, preflight.sh, upgrade/gate.sh): 4.4 or
// newer. They use associative arrays (4.0), `wait -n` (4.3), printf's %(...)T (4.2), and expand
// arrays that may be empty ("${agents[@]}" with no agents) under `set -u`, which bash before 4.4
// refuses as an unbound variable. macOS ships 3.2 as /bin/bash.

export const BASH_MINIMUM = [4, 4] as const;

/** The lines that stop `script` with a message on an older bash (exit 2, nothing done). */
export function bashVersionGate(script: string): string {
  const [major, minor] = BASH_MINIMUM;
  return `# bash ${major}.${minor} or newer: associative arrays, wait -n, and empty arrays under set -u (macOS ships 3.2 as /bin/bash).
if [ "\${BASH_VERSINFO[0]}" -lt ${major} ] || { [ "\${BASH_VERSINFO[0]}" -eq ${major} ] && [ "\${BASH_VERSINFO[1]}" -lt ${minor} ]; }; then
  echo "${script} needs bash ${major}.${minor} or newer, this is \${BASH_VERSION}: on macOS, brew install bash and run it with that bash" >&2
  exit 2
fi`;
}
