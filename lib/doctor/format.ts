import type { DoctorReport, KeyReport, KeyStatus } from "./diagnose";

// The doctor's report as plain text (the CLI prints it; the page renders the same groups).

/** Headings, written as sentences about the keys. */
export const STATUS_HEADINGS: Record<KeyStatus, string> = {
  fails: "Keys that fail the install",
  removed: "Keys removed or replaced",
  ignored: "Keys the chart does not read",
  read: "Keys the chart reads",
};

export const STATUS_ORDER: KeyStatus[] = ["fails", "removed", "ignored", "read"];

export interface KeyGroup { status: KeyStatus; paths: string[]; message: string }

/** Keys under one rule as one finding (34 thanos.* keys: one line naming them), in file order. */
export function groupKeys(keys: KeyReport[], status: KeyStatus): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const k of keys.filter((x) => x.status === status)) {
    const g = groups.get(k.group.id);
    if (g) g.paths.push(k.path);
    else groups.set(k.group.id, { status, paths: [k.path], message: k.message });
  }
  for (const k of keys) {
    const g = groups.get(k.group.id);
    if (g && g.paths.length > 1) g.message = k.group.message;
  }
  return [...groups.values()];
}

/** The rewrite's changes with "a removed: why", "b removed: why" as one line. */
export function groupChanges(changes: string[]): string[] {
  const byWhy = new Map<string, string[]>();
  const out: (string | { why: string })[] = [];
  for (const c of changes) {
    const m = /^(\S+) removed: (.*)$/.exec(c);
    if (!m) {
      out.push(c);
      continue;
    }
    const paths = byWhy.get(m[2]);
    if (paths) paths.push(m[1]);
    else {
      byWhy.set(m[2], [m[1]]);
      out.push({ why: m[2] });
    }
  }
  return out.map((x) => (typeof x === "string" ? x : `${byWhy.get(x.why)!.join(", ")} removed: ${x.why}`));
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatReport(r: DoctorReport): string {
  const lines = [`Kubecost ${r.target.version} (${r.target.chart} chart, line ${r.line}), ${r.kind === "objstore" ? "object store config" : "values file"}`];
  if (r.problems.length) lines.push("", "Problems:", ...r.problems.map((p) => `  ${p.path}: ${p.message}`));
  if (r.types.length) lines.push("", "Wrong types:", ...r.types.map((t) => `  ${t.path}: the chart wants a ${t.want}, the file has a ${t.got}`));
  if (r.pins.length) lines.push("", "Old image tags:", ...r.pins.map((p) => `  ${p.message}`));
  for (const s of STATUS_ORDER) {
    const keys = r.keys.filter((k) => k.status === s);
    if (!keys.length) continue;
    lines.push("", `${STATUS_HEADINGS[s]} (${count(keys.length, "key")}):`);
    for (const g of groupKeys(r.keys, s)) {
      lines.push(g.paths.length === 1 ? `  ${g.paths[0]}: ${g.message}` : `  ${g.message} (${count(g.paths.length, "key")}): ${g.paths.join(", ")}`);
    }
  }
  if (r.federation?.through) {
    const f = r.federation;
    lines.push("", "Federation:", f.missing.length ? `  The rewrite is not a federation member: missing ${f.missing.join("; ")}. Plan the move at /upgrade.` : f.viaAgent ? "  The rewrite stays a federation member (global.clusterId, global.federatedStorage, the FinOps agent)." : "  The rewrite keeps the file's federation settings.");
    if (f.todo.length) lines.push(...f.todo.map((t) => `  To do: ${t}`));
  }
  if (r.hints.length) lines.push("", "Notes:", ...r.hints.map((h) => `  ${h}`));
  if (r.rewritten !== undefined) {
    lines.push("", "Changes for the rewritten file:", ...(r.changes.length ? groupChanges(r.changes).map((c) => `  ${c}`) : ["  none"]));
    lines.push("", r.rewriteFindings.length ? `The rewritten file still needs (${r.rewriteFindings.length}):` : "The rewritten file passes the console's lints (chart keys, types, refused keys, images, cluster id, placeholders).", ...r.rewriteFindings.map((f) => `  ${f}`));
  }
  return lines.join("\n");
}

/** Non-zero when the target chart would fail or the file needs fixing. */
export const reportExitCode = (r: DoctorReport) => (r.keys.some((k) => k.status === "fails") || r.problems.length > 0 || r.types.length > 0 || r.rewriteFindings.length > 0 ? 1 : 0);
