import { clusterSchema } from "./schema";
import { isAwsRegion } from "./aws";
import type { ClusterDraft } from "./defaults";
import { fail, ok, type Result } from "@/lib/problem";

// Clusters brought in at fleet size (issue 12 item 3): a pasted list, a CSV, the JSON of
// `aws eks list-clusters`, or the lines of `kubectl config get-contexts -o name`. All or nothing:
// one bad row gives a message naming its line and nothing is added.

export type ImportFormat = "list" | "csv" | "eks-json" | "contexts";

export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  list: "Cluster ids (one per line, or separated by commas or spaces)",
  csv: "CSV with a header row (id, role, displayName, eksClusterName, region, kubeContext)",
  "eks-json": "JSON from aws eks list-clusters",
  contexts: "kubectl config get-contexts -o name",
};

export interface ImportedClusters {
  format: ImportFormat;
  clusters: ClusterDraft[];
}

/** Each problem is about the pasted text as a whole (path ""); its message names the line. */
export type ImportResult = Result<ImportedClusters>;

const problemsOf = (messages: string[]) => fail(messages.map((message) => ({ path: "", message })));

const MAX_ERRORS = 20;

/** Which format pasted text is in. */
export function detectFormat(text: string): ImportFormat {
  const t = text.trim();
  if (t.startsWith("{") || t.startsWith("[")) return "eks-json";
  const first = t.split(/\r?\n/, 1)[0] ?? "";
  if (first.includes(",") && /(^|,)\s*"?(id|cluster_?id|name)"?\s*(,|$)/i.test(first)) return "csv";
  if (/^arn:aws:eks:/m.test(t) || /^[^\s,]+@[^\s,]+$/m.test(t)) return "contexts";
  return "list";
}

/** CSV column names the importer reads (case and '_' / '-' ignored). */
const CSV_COLUMNS: Record<string, keyof ClusterDraft> = {
  id: "id", clusterid: "id", name: "id",
  role: "role",
  displayname: "displayName",
  eksclustername: "eksClusterName", eksname: "eksClusterName", eks: "eksClusterName",
  region: "region",
  kubecontext: "kubeContext", context: "kubeContext",
  sidecarhost: "sidecarHost",
};

export function importClusters(text: string, format: ImportFormat = detectFormat(text)): ImportResult {
  try {
    const rows = parseRows(text, format);
    return checkRows(rows, format);
  } catch (err) {
    return problemsOf([(err as Error).message]);
  }
}

interface Row {
  line: number;
  cluster: ClusterDraft;
}

function parseRows(text: string, format: ImportFormat): Row[] {
  switch (format) {
    case "list":
      return text.split(/\r?\n/).flatMap((l, i) => l.split(/[\s,;]+/).filter(Boolean).map((id) => ({ line: i + 1, cluster: { id, role: "agent" as const } })));
    case "eks-json":
      return eksJson(text);
    case "contexts":
      return text.split(/\r?\n/).flatMap((l, i) => (l.trim() ? [{ line: i + 1, cluster: fromContext(l.trim()) }] : []));
    case "csv":
      return csvRows(text);
  }
}

function eksJson(text: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`Not valid JSON (${(err as Error).message}): paste the whole output of aws eks list-clusters --output json`);
  }
  // aws eks describe-cluster prints {"cluster": {"name", "arn", ...}}; its ARN names the region.
  const described = Array.isArray(data) ? data : [data];
  if (described.length && described.every((d) => typeof (d as { cluster?: { arn?: unknown } } | null)?.cluster?.arn === "string")) {
    return described.map((d, i) => {
      const arn = (d as { cluster: { arn: string } }).cluster.arn;
      const m = EKS_ARN.exec(arn);
      if (!m) throw new Error(`Cluster ${i + 1}: ${JSON.stringify(arn)} is not an EKS cluster ARN`);
      return { line: i + 1, cluster: { id: m[2], role: "agent" as const, eksClusterName: m[2], region: m[1] } };
    });
  }
  const names = Array.isArray(data) ? data : (data as { clusters?: unknown })?.clusters;
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    throw new Error('Expected {"clusters": ["name", ...]} as aws eks list-clusters prints it, or the output of aws eks describe-cluster');
  }
  // list-clusters names no region: one only when the name carries it (prod-us-east-1); else it is asked.
  return (names as string[]).map((name, i) => ({ line: i + 1, cluster: withRegionOf({ id: name, role: "agent", eksClusterName: name }, name) }));
}

const EKS_ARN = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):\d{12}:cluster\/([A-Za-z0-9][A-Za-z0-9_-]*)$/;
/** An AWS region inside a name: us-east-1, eu-west-2, ap-southeast-1, us-gov-west-1, ... */
const REGION_IN_NAME = /(?:^|[^a-z0-9])((?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d)(?![0-9])/;

/** The region a context or cluster name spells out, if any. */
export function regionInName(name: string): string | undefined {
  const r = REGION_IN_NAME.exec(name)?.[1];
  return r && isAwsRegion(r) ? r : undefined;
}

const withRegionOf = (c: ClusterDraft, name: string): ClusterDraft => {
  const region = regionInName(name);
  return region ? { ...c, region } : c;
};

/** Ids of imported EKS clusters whose region nothing pasted said (eksctl and update-kubeconfig
 * need it): the wizard asks, never a silent default (issue 20: every pasted list-clusters name got
 * us-east-1). Clusters reached by kube context alone need none. */
export const clustersWithoutRegion = (clusters: ClusterDraft[]): string[] => clusters.filter((c) => c.eksClusterName && !c.region).map((c) => c.id);

/** The region the admin gave for the EKS clusters the paste did not place. */
export const withRegion = (clusters: ClusterDraft[], region: string): ClusterDraft[] => clusters.map((c) => (c.region || !c.eksClusterName ? c : { ...c, region }));

/** A kube context: an EKS ARN gives the cluster name and region; anything else is kept as the
 * context, with an id made of its id-safe characters. */
function fromContext(context: string): ClusterDraft {
  const arn = EKS_ARN.exec(context);
  if (arn) return { id: arn[2], role: "agent", eksClusterName: arn[2], region: arn[1], kubeContext: context };
  const id = context.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 63);
  // eksctl's contexts (user@prod.us-west-2.eksctl.io) and many names carry the region.
  return withRegionOf({ id, role: "agent", ...(id !== context ? { kubeContext: context } : {}) }, context);
}

/** RFC 4180 CSV: quoted fields may hold commas, "" and line breaks. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim() !== "") out.push({ line: start, fields });
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        if (i < text.length && !",\r\n".includes(text[i])) throw new Error(`CSV line ${line}: text after a closing quote`);
        continue;
      }
      if (ch === "\n") line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== "") throw new Error(`CSV line ${line}: a quote inside an unquoted field (quote the whole field)`);
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      start = line;
    } else field += ch;
    i++;
  }
  if (quoted) throw new Error(`CSV line ${start}: a quoted field is never closed`);
  if (field !== "" || fields.length) endRow();
  return out;
}

function csvRows(text: string): Row[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new Error("The CSV is empty");
  const header = rows[0].fields.map((h) => h.trim().toLowerCase().replace(/[_\s-]/g, ""));
  // Own keys only: a column named constructor or __proto__ is unknown, not a prototype (issue 15).
  const columns = header.map((h) => (Object.hasOwn(CSV_COLUMNS, h) ? CSV_COLUMNS[h] : undefined));
  const unknown = rows[0].fields.filter((_, i) => !columns[i]);
  if (unknown.length) throw new Error(`CSV line 1: unknown column ${unknown.map((u) => JSON.stringify(u)).join(", ")}; columns are id, role, displayName, eksClusterName, region, kubeContext, sidecarHost`);
  if (!columns.includes("id")) throw new Error("CSV line 1: the header needs an id column");
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new Error(`CSV line 1: two columns for ${dup}`);
  return rows.slice(1).map(({ line, fields }) => {
    if (fields.length !== columns.length) throw new Error(`CSV line ${line}: ${fields.length} fields, the header has ${columns.length}`);
    const c: Record<string, string> = Object.create(null);
    columns.forEach((col, i) => {
      const v = fields[i].trim();
      if (v) c[col!] = v;
    });
    const role = (c.role ?? "agent").toLowerCase();
    if (role !== "primary" && role !== "agent") throw new Error(`CSV line ${line}: role is primary or agent, not ${JSON.stringify(c.role)}`);
    return { line, cluster: { ...c, id: c.id ?? "", role } as ClusterDraft };
  });
}

function checkRows(rows: Row[], format: ImportFormat): ImportResult {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  const where = (line: number) => (format === "eks-json" ? `Cluster ${line}` : `Line ${line}`);
  for (const { line, cluster } of rows) {
    const r = clusterSchema.safeParse(cluster);
    if (!r.success) errors.push(`${where(line)} (${JSON.stringify(cluster.id)}): ${r.error.issues[0].message}`);
    const key = cluster.id.toLowerCase();
    if (seen.has(key)) errors.push(`${where(line)}: ${cluster.id} is listed already (${where(seen.get(key)!).toLowerCase()})`);
    else seen.set(key, line);
    if (errors.length >= MAX_ERRORS) break;
  }
  if (rows.filter((r) => r.cluster.role === "primary").length > 1) errors.push("More than one row says primary: mark one");
  if (rows.length === 0) errors.push("No clusters found");
  return errors.length ? problemsOf(errors) : ok({ format, clusters: rows.map((r) => r.cluster) });
}

/** Adds imported clusters to the plan's: ids already in the plan are refused (nothing is added),
 * blank rows are replaced, and the first becomes primary when neither side has one. */
export function mergeImported(existing: ClusterDraft[], imported: ClusterDraft[]): Result<ClusterDraft[]> {
  const kept = existing.filter((c) => c.id.trim() !== "" || c.displayName || c.eksClusterName);
  const have = new Set(kept.map((c) => c.id.toLowerCase()));
  const clash = imported.filter((c) => have.has(c.id.toLowerCase()));
  if (clash.length) return problemsOf([`Already in the plan: ${clash.slice(0, 10).map((c) => c.id).join(", ")}${clash.length > 10 ? ` and ${clash.length - 10} more` : ""}; nothing was added`]);
  const primaries = [...kept, ...imported].filter((c) => c.role === "primary").length;
  if (primaries > 1) return problemsOf(["The plan has a primary already and the import marks another: mark one"]);
  const added = primaries === 0 && imported.length ? [{ ...imported[0], role: "primary" as const }, ...imported.slice(1)] : imported;
  return ok([...kept, ...added]);
}
