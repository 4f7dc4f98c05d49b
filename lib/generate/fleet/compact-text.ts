import type { GeneratedFile, GlobalStep } from "../types";

// Global steps' comments and notes sometimes list every cluster ("Expect one folder per cluster:
// a/ b/ c/"). At fleet size that one line is longer than the rest of STEPS.md: the list is
// shortened to its first ids (clusters.tsv has them all), and a note still too long moves whole
// into notes/<step-id>.md.

const FEW = 10;
const LONG_NOTE = 1500;
// Never a list inside a URL (a status link's clusters=a%2Cb...): shortened there, the link opens a
// broken query. A link carries the whole list or none (lib/plan/url.ts statusLinkQuery).
const LISTS: [sep: string, suffix: string][] = [[", ", ""], [" ", ""], [" ", "/"], [", ", "/"], [",", ""]];

/** Returns text -> text with every full list of the fleet's ids shortened (lists built once). */
export function clusterListCompactor(orders: string[][]): (text: string) => string {
  const n = orders[0]?.length ?? 0;
  if (n <= FEW) return (text) => text;
  const lists = orders.flatMap((ids) =>
    LISTS.map(([sep, suffix]) => ({ all: ids.map((id) => id + suffix).join(sep), short: `${ids.slice(0, 3).map((id) => id + suffix).join(sep)}${sep}… (all ${n} clusters: see clusters.tsv)` })),
  );
  const shortest = Math.min(...lists.map((l) => l.all.length));
  return (text) => {
    if (text.length < shortest) return text;
    let out = text;
    for (const l of lists) if (out.includes(l.all)) out = out.split(l.all).join(l.short);
    return out;
  };
}

/** The step with cluster lists shortened; a note still long moves to a file the step lists. */
export function compactStep(step: GlobalStep, orders: string[][], compact: (text: string) => string): { step: GlobalStep; files: GeneratedFile[] } {
  const commands = step.commands.map((c) => (c.comment ? { ...c, comment: compact(c.comment) } : c));
  let note = step.note && compact(step.note);
  const files: GeneratedFile[] = [];
  if (note && note.length > LONG_NOTE && (orders[0]?.length ?? 0) > FEW) {
    const path = `notes/${step.id}.md`;
    files.push({ path, content: `# ${step.title}\n\n${step.note}\n`, language: "markdown", description: "This step's full note (it names each cluster)" });
    const cut = note.lastIndexOf(". ", 400);
    note = `${note.slice(0, cut > 0 ? cut + 1 : 400)} The full note, for each cluster, is in ${path}.`;
  }
  return { step: { ...step, commands, note, files: [...step.files, ...files] }, files };
}
