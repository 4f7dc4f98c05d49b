import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { renderCommand, renderScript, quoteWord } from "./shell";
import { bashArgv, bashArgvMany, bashSyntaxError } from "@/test/support/bash";

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

  it("property: any string survives quoting", () => {
    // Sample many argvs, then check them in one bash process (a spawn per case is slow).
    const cases = fc.sample(fc.array(fc.string({ unit: "binary" }).filter((s) => !s.includes("\u0000")), { maxLength: 6 }), 300);
    const argvs = cases.map((words) => ["cmd", ...words]);
    expect(bashArgvMany(argvs.map((argv) => renderCommand({ argv })))).toEqual(argvs);
    expect(quoteWord("plain-word_1.2")).toBe("plain-word_1.2");
  });
});
