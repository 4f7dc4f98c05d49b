import type { DoctorReport, KeyStatus } from "@/lib/doctor/diagnose";
import { STATUS_LABELS } from "@/lib/doctor/format";
import { CodeBlock } from "@/components/ui/code-block";

const ORDER: KeyStatus[] = ["fails", "removed", "ignored", "read"];
const TONE: Record<KeyStatus, string> = {
  fails: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-50",
  removed: "border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-50",
  ignored: "border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
  read: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-50",
};

/** The doctor's findings: problems first, then keys by what the chart does with them, then the rewrite. */
export function DoctorReportView({ report }: { report: DoctorReport }) {
  const name = `Kubecost ${report.target.version} (${report.target.chart} chart)`;
  return (
    <section aria-labelledby="doctor-result" className="space-y-5">
      <h2 id="doctor-result" className="text-xl font-semibold">
        What {name} does with this {report.kind === "objstore" ? "object store config" : "values file"}
      </h2>
      {report.problems.length + report.types.length === 0 ? (
        <p className="text-sm">No cluster id, Secret key or type problems.</p>
      ) : (
        <div className={`rounded-md border p-4 text-sm ${TONE.fails}`}>
          <h3 className="font-semibold">Problems</h3>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {report.problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <code className="font-mono">{p.path}</code>: {p.message}
              </li>
            ))}
            {report.types.map((t) => (
              <li key={`type:${t.path}`}>
                <code className="font-mono">{t.path}</code>: the chart wants a {t.want}, the file has a {t.got}
              </li>
            ))}
          </ul>
        </div>
      )}
      {ORDER.map((s) => {
        const keys = report.keys.filter((k) => k.status === s);
        if (!keys.length) return null;
        return (
          <div key={s} className={`rounded-md border p-4 text-sm ${TONE[s]}`}>
            <h3 className="font-semibold">
              Keys {STATUS_LABELS[s]} ({keys.length})
            </h3>
            <ul className="mt-2 space-y-1">
              {keys.map((k) => (
                <li key={k.path}>
                  <code className="font-mono break-all">{k.path}</code>: {k.message}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {report.rewritten !== undefined && (
        <div className="space-y-2">
          <h3 className="font-semibold">Rewritten for {name}</h3>
          {report.changes.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-sm">
              {report.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
          <CodeBlock code={report.rewritten} title={`values-${report.target.version}.yaml`} describe={`rewritten values for ${report.target.version}`} />
        </div>
      )}
    </section>
  );
}
