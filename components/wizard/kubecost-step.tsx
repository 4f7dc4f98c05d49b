"use client";

import type { ChartLine } from "@/lib/plan/schema";
import { switchChartLine } from "@/lib/plan/defaults";
import { KUBECOST_LINES, kubecostLine, linesForMethod } from "@/lib/plan/kubecost-lines";
import { Field } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import type { StepFormProps } from "./form-types";
import { ImagesNotice } from "./images-notice";
import { ChartDrop } from "@/components/charts/chart-drop";
import { LineProblem } from "./line-problem";

export function KubecostStep({ plan, edit, errorFor }: StepFormProps) {
  const k = plan.kubecost;
  const setK = (key: keyof typeof k, path: string, value: string | undefined) => edit(path, { ...plan, kubecost: { ...k, [key]: value } });
  const line = kubecostLine(k.chartLine);
  const runs = linesForMethod(plan.method).map((l) => l.id);
  return (
    <div className="grid gap-x-6 gap-y-2 md:grid-cols-2">
      <Field
        id="chart-line"
        label="Kubecost chart line"
        hint={`${line.status} This method runs on ${runs.join(", ")}.`}
        error={errorFor("kubecost.chartLine") ?? errorFor("method")}
      >
        {(p) => (
          <select {...p} className={inputClass} value={k.chartLine} onChange={(e) => edit("kubecost.chartLine", switchChartLine(plan, e.target.value as ChartLine))}>
            {KUBECOST_LINES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label} (checked against {l.verified}){l.methods.includes(plan.method) ? "" : " · not for this method"}
              </option>
            ))}
          </select>
        )}
      </Field>
      <LineProblem method={plan.method} line={k.chartLine} onSwitch={(to) => edit("kubecost.chartLine", switchChartLine(plan, to))} />
      <Field
        id="chart-version"
        label="Chart version"
        hint={`Generated keys are checked against ${[line.verified, ...line.readable].join(" and ")}; other versions on the same line usually read the same keys.`}
        error={errorFor("kubecost.chartVersion")}
      >
        {(p) => <input {...p} className={inputClass} value={k.chartVersion} spellCheck={false} onChange={(e) => setK("chartVersion", "kubecost.chartVersion", e.target.value.trim())} />}
      </Field>
      <ChartDrop version={k.chartVersion} onSupplied={(v) => setK("chartVersion", "kubecost.chartVersion", v)} />
      <ImagesNotice chart={line.chart} version={k.chartVersion} verified={line.verified} onUseVerified={() => setK("chartVersion", "kubecost.chartVersion", line.verified)} />
      <Field id="namespace" label="Namespace" error={errorFor("kubecost.namespace")}>
        {(p) => <input {...p} className={inputClass} value={k.namespace ?? ""} spellCheck={false} onChange={(e) => setK("namespace", "kubecost.namespace", e.target.value)} />}
      </Field>
      <Field id="release-name" label="Helm release name" error={errorFor("kubecost.releaseName")}>
        {(p) => <input {...p} className={inputClass} value={k.releaseName ?? ""} spellCheck={false} onChange={(e) => setK("releaseName", "kubecost.releaseName", e.target.value)} />}
      </Field>
      {plan.method === "federated-storage" && line.globalAgent && (
        <Field
          id="agent-namespace"
          label="Global agent namespace (optional)"
          hint="Set it to run the FinOps agent as its own release in this namespace on every cluster, the primary included; leave empty to run it inside Kubecost's release."
          error={errorFor("kubecost.agentNamespace")}
        >
          {(p) => <input {...p} className={inputClass} value={k.agentNamespace ?? ""} placeholder="kubecost-agent" spellCheck={false} onChange={(e) => setK("agentNamespace", "kubecost.agentNamespace", e.target.value.trim())} />}
        </Field>
      )}
      <Field
        id="chart-repo"
        label="Chart source"
        hint="A helm repository URL, or an oci:// reference for a mirrored chart."
        error={errorFor("kubecost.chartRepo")}
        className="md:col-span-2"
      >
        {(p) => <input {...p} className={inputClass} value={k.chartRepo ?? ""} spellCheck={false} onChange={(e) => setK("chartRepo", "kubecost.chartRepo", e.target.value.trim())} />}
      </Field>
      <Field
        id="image-mirror"
        label="Image mirror (optional)"
        hint="A registry every image is pulled through, as host[/path] (an ECR pull-through cache or your own registry): values name <mirror>/<registry>/<repository>, and the download lists the images to copy."
        error={errorFor("kubecost.imageMirror")}
        className="md:col-span-2"
      >
        {(p) => <input {...p} className={inputClass} value={k.imageMirror ?? ""} spellCheck={false} placeholder="123456789012.dkr.ecr.us-east-1.amazonaws.com" onChange={(e) => setK("imageMirror", "kubecost.imageMirror", e.target.value.trim() || undefined)} />}
      </Field>
    </div>
  );
}
