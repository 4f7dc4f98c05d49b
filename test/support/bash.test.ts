import { describe, expect, it } from "vitest";
import { bashSyntaxError, bashSyntaxErrors } from "./bash";

// The one-process syntax check must flag what `bash -n` flags, and run nothing.
describe("bashSyntaxErrors", () => {
  const scripts = [
    "#!/usr/bin/env bash\nset -euo pipefail\nkubectl get ns --context 'a b'\n",
    'echo "unclosed\n',
    "if true; then\n  echo x\n",
    "echo a\n}\n",
    "fi\n",
    "x=$(\n",
    "cat <<'EOF'\n}\nfi\nEOF\necho done\n",
    "exit 7\n",
    "touch PWNED\n",
    "",
  ];

  it("agrees with bash -n on every script, in one process", () => {
    const batch = bashSyntaxErrors(scripts);
    expect(batch.map((e) => e !== "")).toEqual(scripts.map((s) => bashSyntaxError(s) !== ""));
    expect(batch.map((e) => e !== "")).toEqual([false, true, true, true, true, true, false, false, false, false]);
    expect(batch[1]).toMatch(/unexpected EOF/);
  });
});
