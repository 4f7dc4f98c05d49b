import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { renderCommand, renderScript, quoteWord } from "./shell";
import { bashArgv, bashArgvMany, bashSyntaxError } from "@/test/support/bash";

const runBash = (script: string) => {
  const r = spawnSync("bash", ["--noprofile", "--norc", "-c", script], { encoding: "utf8", env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
};

describe("shell rendering", () => {
  it("round-trips hostile words through real bash unchanged", () => {
    const hostile = ["it's", 'a "b"', "$(rm -rf /)", "`id`", "# not a comment", "a\nb", "ünïcødé ✓", "", "~root", "x\\", "!event", "*", "a b"];
    const argv = ["helm", "upgrade", "--set", ...hostile];
    const rendered = renderCommand({ argv });
    expect(bashSyntaxError(rendered)).toBe("");
    expect(bashArgv(rendered)).toEqual(argv);
  });

  it("breaks long commands before flags and never leaves a trailing backslash", () => {
    const argv = ["helm", "upgrade", "--install", "kubecost", "kubecost/cost-analyzer", "--namespace", "kubecost", "--create-namespace", "--values", "values-primary.yaml", "--set", "kubecostProductConfigs.clusterName=prod-1"];
    const rendered = renderCommand({ argv });
    const lines = rendered.split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[lines.length - 1].endsWith("\\")).toBe(false);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/ \\$/);
    expect(rendered).not.toMatch(/\\\s*#/);
    expect(bashArgv(rendered)).toEqual(argv);
  });

  it("expands only the known variables inside templates", () => {
    const rendered = renderCommand({ argv: ["echo", { template: "https://x/workspaces/${AMP_WORKSPACE_ID}/$(id)`x`\"q\"" }] });
    expect(bashArgv(rendered, { AMP_WORKSPACE_ID: "ws-1" })).toEqual(["echo", 'https://x/workspaces/ws-1/$(id)`x`"q"']);
    expect(() => renderCommand({ argv: [{ template: "${HOME}" }] })).toThrow(/Unknown shell variable/);
  });

  it("stops with a message instead of running with an unset variable", () => {
    const rendered = renderCommand({ argv: ["echo", { template: "ws=${AMP_WORKSPACE_ID}" }] });
    const r = spawnSync("bash", ["--noprofile", "--norc", "-c", rendered], { encoding: "utf8", env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/AMP_WORKSPACE_ID is not set: run the step that sets it first/);
  });

  it("keeps head words together on the first line", () => {
    const argv = ["helm", "upgrade", "--install", "kubecost", "kubecost/cost-analyzer", "--namespace", "kubecost", "--values", "a-long-values-file-name.yaml", "--values", "another-long-values-file.yaml"];
    const rendered = renderCommand({ argv, headWords: 5 });
    expect(rendered.split("\n")[0]).toBe("helm upgrade --install kubecost kubecost/cost-analyzer \\");
    expect(bashArgv(rendered)).toEqual(argv);
  });

  it("renders assignments and literal heredocs", () => {
    const script = renderScript([
      { comment: "Create it", command: { argv: ["aws", "amp", "list-workspaces", "--alias", "kube cost", "--query", "workspaces[0].workspaceId", "--output", "text"], assignTo: "AMP_WORKSPACE_ID" } },
      { command: { argv: ["cat"], stdin: "$HOME `x` '\n", stdoutTo: "out file.yaml" } },
    ]);
    expect(bashSyntaxError(script)).toBe("");
    expect(script).toContain("AMP_WORKSPACE_ID=$(aws amp list-workspaces");
  });

  it("runs the fallback only when the command fails (a || b), quietly when asked", () => {
    const cmd = { argv: ["probe", "it's"], quiet: true, orElse: { argv: ["create", "a b"] } };
    const rendered = renderCommand(cmd);
    expect(rendered).toBe("probe 'it'\\''s' >/dev/null 2>&1 || create 'a b'");
    const run = (probeStatus: number) => runBash(`probe() { echo probed; echo noise >&2; return ${probeStatus}; }; create() { echo "created $1"; }\n${rendered}`);
    expect(run(0)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(run(1)).toEqual({ stdout: "created a b\n", stderr: "", status: 0 });
  });

  it("puts a long fallback on its own indented lines after a trailing ||", () => {
    const long = Array.from({ length: 8 }, (_, i) => [`--flag-${i}`, `value-${i}`]).flat();
    const rendered = renderCommand({ argv: ["probe", "--x", "y"], quiet: true, orElse: { argv: ["create", ...long] } });
    const lines = rendered.split("\n");
    expect(lines[0]).toBe("probe --x y >/dev/null 2>&1 ||");
    expect(lines[1]).toBe("  create \\");
    expect(lines.every((l) => !l.endsWith("\\ ") && !/\\\s*#/.test(l))).toBe(true);
    expect(bashSyntaxError(rendered)).toBe("");
    expect(runBash(`probe() { return 1; }; create() { echo "$#"; }\n${rendered}`).stdout).toBe("16\n");
  });

  it("renders if/then/else with indented branches, negation and long lines that bash runs", () => {
    const long = Array.from({ length: 12 }, (_, i) => [`--flag-${i}`, `value-${i}`]).flat();
    const cmd = { argv: ["check", "x"], negate: true, then: { argv: ["yes", ...long] }, orElse: { argv: ["no", "it's"] } };
    const rendered = renderCommand(cmd);
    expect(rendered.split("\n")[0]).toBe("if ! check x; then");
    expect(rendered.endsWith("\nfi")).toBe(true);
    expect(bashSyntaxError(rendered)).toBe("");
    const run = (status: number) => runBash(`check() { return ${status}; }; yes() { echo "yes $#"; }; no() { echo "no $1"; }\n${rendered}`).stdout;
    expect(run(1)).toBe("yes 24\n");
    expect(run(0)).toBe("no it's\n");
    expect(renderCommand({ argv: ["t"], then: { argv: ["a"] } })).toBe("if t; then\n  a\nfi");
  });

  it("captures a whole pipeline, and refuses combinations bash would misread", () => {
    const rendered = renderCommand({ argv: ["printf", "None\\n"], pipeTo: ["grep", "--line-regexp", "ws-1"], assignTo: "AMP_WORKSPACE_ID", orElse: { argv: ["echo", "ws-new"], assignTo: "AMP_WORKSPACE_ID" } });
    expect(rendered).toBe("AMP_WORKSPACE_ID=$(printf 'None\\n' | grep --line-regexp ws-1) || AMP_WORKSPACE_ID=$(echo ws-new)");
    expect(runBash(`${rendered}\necho "$AMP_WORKSPACE_ID"`).stdout).toBe("ws-new\n");
    expect(() => renderCommand({ argv: ["cat"], stdin: "x", orElse: { argv: ["true"] } })).toThrow(/Heredocs/);
    expect(() => renderCommand({ argv: ["a"], then: { argv: ["cat"], stdin: "x" } })).toThrow(/Heredocs/);
    expect(() => renderCommand({ argv: ["a"], assignTo: "X", quiet: true })).toThrow(/captured/);
  });

  it("property: any string survives quoting", () => {
    // Sample many argvs, then check them in one bash process (a spawn per case is slow).
    const cases = fc.sample(fc.array(fc.string({ unit: "binary" }).filter((s) => !s.includes("\u0000")), { maxLength: 6 }), 300);
    const argvs = cases.map((words) => ["cmd", ...words]);
    expect(bashArgvMany(argvs.map((argv) => renderCommand({ argv })))).toEqual(argvs);
    expect(quoteWord("plain-word_1.2")).toBe("plain-word_1.2");
  });
});
