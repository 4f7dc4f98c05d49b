import Link from "next/link";
import type { DoctorReport, KeyStatus } from "@/lib/doctor/diagnose";
import { STATUS_HEADINGS, STATUS_ORDER, groupChanges, groupKeys } from "@/lib/doctor/format";
import { UPGRADE_PAGE } from "@/lib/doctor/rewrite-check";
import { CodeBlock } from "@/components/ui/code-block";

const TONE: Record<KeyStatus, string> = {
  fails: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-50",
  removed: "border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-50",
  ignored: "border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
  read: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-50",
};
const BOX = "min-w-0 rounded-md border p-4 text-sm break-words";

const Path = ({ children }: { children: string }) => <code className="font-mono break-all">{children}</code>;

/** The doctor's findings: problems first, then keys by what the chart does with them (keys under
 * one rule as one finding), whether the cluster stays federated, then the checked rewrite. */
export function DoctorReportView({ report }: { report: DoctorReport }) {
  const name = `Kubecost ${report.target.version} (${report.target.chart} chart)`;
  const fed = report.federation;
  const problems = report.problems.length + report.types.length + report.pins.length;
  return (
    <section aria-labelledby="doctor-result" className="min-w-0 space-y-5">
      <h2 id="doctor-result" className="text-xl font-semibold break-words">
        What {name} does with this {report.kind === "objstore" ? "object store config" : "values file"}
      </h2>
      {problems === 0 ? (
        <p className="text-sm">No cluster id, Secret key, placeholder, type or image tag problems in the file.</p>
      ) : (
        <div className={`${BOX} ${TONE.fails}`}>
          <h3 className="font-semibold">Problems in the file</h3>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {report.problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <Path>{p.path}</Path>: {p.message}
              </li>
            ))}
            {report.types.map((t) => (
              <li key={`type:${t.path}`}>
                <Path>{t.path}</Path>: the chart wants a {t.want}, the file has a {t.got}
              </li>
            ))}
            {report.pins.map((p) => (
              <li key={`pin:${p.path}`}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}
      {STATUS_ORDER.map((s) => {
        const count = report.keys.filter((k) => k.status === s).length;
        if (!count) return null;
        return (
          <div key={s} className={`${BOX} ${TONE[s]}`}>
            <h3 className="font-semibold">
              {STATUS_HEADINGS[s]} ({count})
            </h3>
            <ul className="mt-2 space-y-1">
              {groupKeys(report.keys, s).map((g) => (
                <li key={g.paths[0]}>
                  {g.paths.length === 1 ? (
                    <>
                      <Path>{g.paths[0]}</Path>: {g.message}
                    </>
                  ) : (
                    <>
                      {g.message} ({g.paths.length} keys):{" "}
                      {g.paths.map((p, i) => (
                        <span key={p}>
                          {i > 0 && ", "}
                          <Path>{p}</Path>
                        </span>
                      ))}
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {fed?.through && (
        <div className={`${BOX} ${fed.missing.length ? TONE.fails : TONE.read}`} role="status">
          <h3 className="font-semibold">{fed.missing.length ? "The rewrite leaves the federation" : "The rewrite stays in the federation"}</h3>
          {fed.missing.length ? (
            <p className="mt-1">
              Missing: {fed.missing.join("; ")}. Plan the move with the <Link className="underline" href={UPGRADE_PAGE}>upgrade planner</Link>: it builds the bucket, the Secret and the order of clusters.
            </p>
          ) : (
            <p className="mt-1">{fed.viaAgent ? "global.clusterId, global.federatedStorage with its Secret, and the FinOps agent with its own service account." : "The file's federation settings carry over."}</p>
          )}
          {fed.todo.length > 0 && (
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {fed.todo.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {report.hints.map((h) => (
        <p key={h} className={`${BOX} ${TONE.removed}`}>
          {h}
        </p>
      ))}
      {report.rewritten !== undefined && (
        <div className="min-w-0 space-y-2">
          <h3 className="font-semibold">Rewritten for {name}</h3>
          <p className="text-sm">
            {report.rewriteFindings.length
              ? `Checked like the console's own files: ${report.rewriteFindings.length} to fix before installing (listed at the top of the file).`
              : "Checked like the console's own files (chart keys, types, refused keys, images, cluster id, placeholders): nothing to fix."}
          </p>
          {report.changes.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-sm break-words">
              {groupChanges(report.changes).map((c) => (
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
