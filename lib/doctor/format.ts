import type { DoctorReport, KeyStatus } from "./diagnose";

// The doctor's report as plain text (the CLI prints it; the page renders the same fields).

export const STATUS_LABELS: Record<KeyStatus, string> = {
  fails: "fails the install",
  removed: "removed (replaced or gone)",
  ignored: "ignored",
  read: "read",
};

const ORDER: KeyStatus[] = ["fails", "removed", "ignored", "read"];

export function formatReport(r: DoctorReport): string {
  const lines = [`Kubecost ${r.target.version} (${r.target.chart} chart, line ${r.line}), ${r.kind === "objstore" ? "object store config" : "values file"}`];
  if (r.problems.length) lines.push("", "Problems:", ...r.problems.map((p) => `  ${p.path}: ${p.message}`));
  if (r.types.length) lines.push("", "Wrong types:", ...r.types.map((t) => `  ${t.path}: the chart wants a ${t.want}, the file has a ${t.got}`));
  for (const s of ORDER) {
    const keys = r.keys.filter((k) => k.status === s);
    if (keys.length) lines.push("", `Keys ${STATUS_LABELS[s]} (${keys.length}):`, ...keys.map((k) => `  ${k.path}: ${k.message}`));
  }
  if (r.rewritten !== undefined) lines.push("", "Changes for the rewritten file:", ...(r.changes.length ? r.changes.map((c) => `  ${c}`) : ["  none"]));
  return lines.join("\n");
}

/** Non-zero when the target chart would fail or the file needs fixing. */
export const reportExitCode = (r: DoctorReport) => (r.keys.some((k) => k.status === "fails") || r.problems.length > 0 || r.types.length > 0 ? 1 : 0);
