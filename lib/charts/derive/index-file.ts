import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { compareVersions } from "../version";

// data/charts/index.json: the one index of chart versions with data, built from the version
// folders (never edited by hand). It carries what a synchronous caller needs (images, refusals,
// image replacements: a few kilobytes); keys and types (hundreds of kilobytes) stay in the
// folders and are loaded per version when needed (lib/charts/data.ts).

export const CHART_DATA_DIR = path.join("data", "charts");

const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

export interface IndexVersion {
  files: string[];
  images?: unknown;
  refusals?: unknown;
  replacements?: unknown;
}

export function buildIndex(dir = CHART_DATA_DIR): { note: string; charts: Record<string, Record<string, IndexVersion>> } {
  const charts: Record<string, Record<string, IndexVersion>> = {};
  const folders = (d: string) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const chart of folders(dir).sort()) {
    const versions = folders(path.join(dir, chart)).sort((a, b) => compareVersions(b, a));
    charts[chart] = {};
    for (const version of versions) {
      const at = (f: string) => path.join(dir, chart, version, `${f}.json`);
      const files = ["keys", "types", "refused", "images", "replacements"].filter((f) => existsSync(at(f)));
      const entry: IndexVersion = { files };
      if (files.includes("images")) {
        const { switches, images } = read(at("images"));
        entry.images = { switches, images };
      }
      if (files.includes("refused")) entry.refusals = read(at("refused")).refusals;
      if (files.includes("replacements")) {
        const { images, settings } = read(at("replacements"));
        entry.replacements = { images, ...(settings ? { settings } : {}) };
      }
      charts[chart][version] = entry;
    }
  }
  return { note: "Built by `npm run chart-data -- --index` from the version folders beside it; do not edit", charts };
}

export const indexText = (dir = CHART_DATA_DIR) => `${JSON.stringify(buildIndex(dir), null, 1)}\n`;
