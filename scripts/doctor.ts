// `npm run doctor -- values.yaml --target 3.2.1 [--chart <tgz>] [--secret-key <key>] [--write <out.yaml>]`:
// what the target chart does with each key of a values file (or a federated-store.yaml), and
// the file rewritten for it. Reads the file locally; nothing is sent anywhere.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diagnose } from "@/lib/doctor/diagnose";
import { formatReport, reportExitCode } from "@/lib/doctor/format";
import { kubecostLine, NEWEST_LINE, newerVersionNotice } from "@/lib/plan/kubecost-lines";
import { supplyChartPackage, type SuppliedChart } from "@/lib/charts/derive/supply";
import type { CliIo } from "./cli-io";

const USAGE = `Usage: npm run doctor -- <values.yaml|federated-store.yaml> [--target ${kubecostLine(NEWEST_LINE).verified}] [--chart <kubecost-X.tgz>] [--secret-key <key in your Secret>] [--write <rewritten.yaml>]`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function runDoctor(argv: string[]): { code: number; out: string; err: string } {
  const file = argv.find((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--"));
  if (!file) return { code: 2, out: "", err: USAGE };
  if (!existsSync(file)) return { code: 2, out: "", err: `No file at ${file}` };
  // --chart: check against the chart package the admin will install (its version is the target).
  const chart = flag(argv, "--chart");
  let supplied: SuppliedChart | undefined;
  if (chart) {
    try {
      supplied = supplyChartPackage(new Uint8Array(readFileSync(chart)), ["kubecost", "cost-analyzer"]);
    } catch (err) {
      return { code: 2, out: "", err: `--chart ${chart}: ${(err as Error).message}` };
    }
  }
  const target = flag(argv, "--target") ?? supplied?.ref.version ?? kubecostLine(NEWEST_LINE).verified;
  const against = supplied && supplied.ref.version === target ? `Checked against ${supplied.label}.` : newerVersionNotice(target);
  const r = diagnose({ text: readFileSync(file, "utf8"), target, fileName: path.basename(file), secretKey: flag(argv, "--secret-key") });
  if (!r.ok) return { code: 2, out: "", err: r.problems.map((p) => `${p.path === "target" ? "--target" : file}: ${p.message}`).join("\n") };
  const report = r.value;
  const write = flag(argv, "--write");
  if (write && report.rewritten !== undefined) writeFileSync(write, report.rewritten);
  const tail = report.rewritten === undefined ? "" : write ? `\n\nWrote the rewritten values to ${write}.` : `\n\nRewritten values (add --write <file> to save them):\n${report.rewritten}`;
  return { code: reportExitCode(report), out: (against ? `${against}\n\n` : "") + formatReport(report) + tail, err: "" };
}

/** The CLI: the exit code; the report on stdout, a problem with the input on stderr. */
export function main(argv: string[], io: CliIo = process): number {
  const { code, out, err } = runDoctor(argv);
  if (out) io.stdout.write(`${out}\n`);
  if (err) io.stderr.write(`${err}\n`);
  return code;
}

if (process.argv[1]?.endsWith("doctor.ts")) {
  process.exit(main(process.argv.slice(2)));
}
