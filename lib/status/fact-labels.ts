import { formatAge } from "@/lib/health/evaluate";

// The details panel's figures in words with units: "Upload lag: 25 min", not
// "uploadLagSeconds: 1500". Known keys get their own words; any other key is split into words
// and its unit read from its suffix (…Seconds, …Bytes, …Ms), so a new fact never shows raw.

const LABELS: Record<string, string> = {
  uploadLagSeconds: "Upload lag",
  maxTimeLagSeconds: "Newest block's data lag",
  fullScanAgeSeconds: "Full block scan done",
  diagnosticsAgeSeconds: "Newest diagnostics run",
  heartbeatForSeconds: "Heartbeats written for",
  heartbeatSince: "Oldest heartbeat in the bucket",
  heartbeatsLast30m: "Heartbeats in the last 30 min",
  agentVersion: "Agent version",
  readyFor3x: "48 h of heartbeats (ready for a 3.x primary)",
  failingDiagnostics: "Failing diagnostics",
  freshnessSignal: "Freshness judged on",
  writeTestLeftover: "Write test left behind",
  layout: "Folder layout",
  blocks: "Blocks",
  compactionLevels: "Compaction levels",
  deletionMarks: "Blocks marked for deletion",
  newestBlock: "Newest block",
  resolutions: "Resolutions",
  clusterLabelUsed: "Cluster label used",
  mislabelledBlocks: "Blocks under another label",
  foundUnderLabel: "Found under label",
};

/** Suffixes whose value is an age, read as "… ago" when the label says when something happened. */
const AGO = new Set(["fullScanAgeSeconds", "diagnosticsAgeSeconds"]);

function words(key: string): string {
  const spaced = key
    .replace(/(Seconds|Bytes|Ms)$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** One fact as a label and a value a person reads. */
export function describeFact(key: string, value: string | number | boolean): { label: string; value: string } {
  const label = LABELS[key] ?? words(key);
  if (typeof value === "boolean") return { label, value: value ? "yes" : "no" };
  if (typeof value === "number") {
    if (key.endsWith("Seconds")) return { label, value: `${formatAge(value)}${AGO.has(key) ? " ago" : ""}` };
    if (key.endsWith("Ms")) return { label, value: formatAge(value / 1000) };
    if (key.endsWith("Bytes")) return { label, value: bytes(value) };
    return { label, value: value.toLocaleString("en-US") };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return { label, value: `${value.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")}` };
  return { label, value };
}
