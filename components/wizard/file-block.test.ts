import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "@/lib/generate";
import { FileBlock, LARGE_FILE_CHARS } from "./file-block";

// A file of a line per cluster is offered as a download past LARGE_FILE_CHARS, not printed: a
// 5,000-cluster preflight.sh is 785 KB of text on the output page otherwise.

const file = (path: string, content: string): GeneratedFile => ({ path, content, language: "shell", description: `What ${path} is for` });
const html = (f: GeneratedFile, why?: string) => renderToStaticMarkup(createElement(FileBlock, { file: f, why }));

describe("FileBlock", () => {
  it("prints a file up to the limit in full, named for the comparison with the CLI", () => {
    const text = "x".repeat(LARGE_FILE_CHARS);
    const out = html(file("preflight.sh", text));
    expect(out).toContain('data-file="preflight.sh"');
    expect(out).toContain(text);
    expect(out).not.toContain("data-file-download");
  });

  it("offers a longer file as a download with its size and why it is long, without its text", () => {
    const text = "cluster\tprimary\n".repeat(Math.ceil((LARGE_FILE_CHARS + 1) / 16));
    const out = html(file("clusters.tsv", text));
    expect(out).toContain('data-file-download="clusters.tsv"');
    expect(out).not.toContain('data-file="clusters.tsv"');
    expect(out).not.toContain("cluster\tprimary");
    expect(out).toContain(`clusters.tsv is ${Math.round(text.length / 1000).toLocaleString("en-US")} KB (one line per cluster): download it or the zip.`);
    expect(out).toContain('aria-label="Download clusters.tsv"');
    expect(html(file("gitops/argocd-applicationset.yaml", text), "one entry per cluster")).toContain("(one entry per cluster)");
  });
});
