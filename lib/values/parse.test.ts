import { describe, expect, it } from "vitest";
import { MAX_ENTRIES, parseBoundedYaml } from "./parse";

// The budget in entries, not in time: scripts/bench-doctor.ts prints the times.

const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join("\n");

describe("parseBoundedYaml", () => {
  it("reads a file within the budget", () => {
    const r = parseBoundedYaml(keys(MAX_ENTRIES - 1));
    expect(r.ok && Object.keys(r.value.data as object).length).toBe(MAX_ENTRIES - 1);
  });

  it("refuses 70,000 keys (1 MB) of any shape with a message saying why", () => {
    const shapes = [
      keys(70_000),
      `{${Array.from({ length: 70_000 }, (_, i) => `a${i}: 1`).join(", ")}}`,
      `list:\n${Array.from({ length: 70_000 }, (_, i) => `  - ${i}`).join("\n")}`,
      // Under the pre-count (two keys a line) but over the budget once parsed.
      Array.from({ length: 3_000 }, (_, i) => `m${i}: {a: 1}`).join("\n"),
    ];
    for (const text of shapes) {
      const r = parseBoundedYaml(text);
      expect(r).toEqual({ ok: false, problems: [{ path: "", message: expect.stringContaining("more than 5,000 keys and list items") }] });
    }
  });

  it("does not count comment lines against the budget", () => {
    const text = Array.from({ length: 12_000 }, () => "# a comment the chart's defaults carry").join("\n") + "\n" + keys(10);
    expect(parseBoundedYaml(text).ok).toBe(true);
  });

  it("refuses duplicate keys, naming the key and its line", () => {
    expect(parseBoundedYaml("a: 1\nb:\n  c: 1\n  c: 2\n")).toEqual({ ok: false, problems: [{ path: "", message: "Not valid YAML: Map keys must be unique: c appears twice (line 4)" }] });
  });

  it("refuses more than 1 MB and prototype keys", () => {
    expect(parseBoundedYaml(`a: "${"x".repeat(1_000_001)}"`)).toMatchObject({ ok: false, problems: [{ path: "", message: expect.stringContaining("larger than 1 MB") }] });
    expect(parseBoundedYaml("a:\n  __proto__:\n    b: 1\n")).toMatchObject({ ok: false, problems: [{ path: "", message: expect.stringContaining('a.__proto__: "__proto__" is not allowed') }] });
  });
});

describe("parseBoundedYaml: depth", () => {
  it("refuses a document nested too deeply to check, saying so", () => {
    const text = "a:\n" + Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i + 1)}b${i}:\n`).join("") + " ".repeat(1001) + "x: 1\n";
    expect(parseBoundedYaml(text)).toEqual({ ok: false, problems: [{ path: "", message: "The file nests maps or lists too deeply to check (a values file is a few levels deep)" }] });
  });
});
