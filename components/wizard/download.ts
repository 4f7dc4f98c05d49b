import { strToU8, zipSync, type Zippable } from "fflate";
import type { GeneratedFile } from "@/lib/generate";

/** The bundle as a zip: the same paths and bytes the CLI writes (buildBundle), scripts executable. */
export function bundleZip(files: GeneratedFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) {
    // Unix mode in the high bits of the external attributes, like `zip` on Linux (os 3 = Unix).
    const mode = f.language === "shell" ? 0o100755 : 0o100644;
    entries[f.path] = [strToU8(f.content), { os: 3, attrs: mode << 16, mtime: new Date("2020-01-01T00:00:00Z") }];
  }
  return zipSync(entries, { level: 6 });
}

export function downloadBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Let the download start before the object URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadFile(f: GeneratedFile) {
  downloadBlob(f.path.split("/").pop() ?? f.path, new Blob([f.content], { type: "text/plain;charset=utf-8" }));
}

export function downloadZip(fileName: string, files: GeneratedFile[]) {
  const bytes = bundleZip(files);
  downloadBlob(fileName, new Blob([bytes as BlobPart], { type: "application/zip" }));
}
