"use client";

import { CHART_LINES, type ChartLine } from "@/lib/plan/schema";
import { requiredChartLine, switchChartLine } from "@/lib/plan/defaults";
import { Field } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import type { StepFormProps } from "./form-types";

export function KubecostStep({ plan, edit, errorFor }: StepFormProps) {
  const k = plan.kubecost;
  const setK = (key: keyof typeof k, path: string, value: string) => edit(path, { ...plan, kubecost: { ...k, [key]: value } });
  const need = requiredChartLine(plan.method);
  return (
    <div className="grid gap-x-6 gap-y-2 md:grid-cols-2">
      <Field
        id="chart-line"
        label="Kubecost chart line"
        hint={need ? `This method needs Kubecost ${need}.` : "Either line works with this method."}
        error={errorFor("kubecost.chartLine") ?? errorFor("method")}
      >
        {(p) => (
          <select {...p} className={inputClass} value={k.chartLine} onChange={(e) => edit("kubecost.chartLine", switchChartLine(plan, e.target.value as ChartLine))}>
            <option value="2.x">2.x (checked against {CHART_LINES["2.x"]})</option>
            <option value="1.x">1.x (checked against {CHART_LINES["1.x"]})</option>
          </select>
        )}
      </Field>
      <Field
        id="chart-version"
        label="Chart version"
        hint={`Generated keys are checked against ${CHART_LINES[k.chartLine]}; other versions on the same line usually read the same keys.`}
        error={errorFor("kubecost.chartVersion")}
      >
        {(p) => <input {...p} className={inputClass} value={k.chartVersion} spellCheck={false} onChange={(e) => setK("chartVersion", "kubecost.chartVersion", e.target.value.trim())} />}
      </Field>
      <Field id="namespace" label="Namespace" error={errorFor("kubecost.namespace")}>
        {(p) => <input {...p} className={inputClass} value={k.namespace ?? ""} spellCheck={false} onChange={(e) => setK("namespace", "kubecost.namespace", e.target.value)} />}
      </Field>
      <Field id="release-name" label="Helm release name" error={errorFor("kubecost.releaseName")}>
        {(p) => <input {...p} className={inputClass} value={k.releaseName ?? ""} spellCheck={false} onChange={(e) => setK("releaseName", "kubecost.releaseName", e.target.value)} />}
      </Field>
      <Field
        id="chart-repo"
        label="Chart source"
        hint="A helm repository URL, or an oci:// reference for a mirrored chart."
        error={errorFor("kubecost.chartRepo")}
        className="md:col-span-2"
      >
        {(p) => <input {...p} className={inputClass} value={k.chartRepo ?? ""} spellCheck={false} onChange={(e) => setK("chartRepo", "kubecost.chartRepo", e.target.value.trim())} />}
      </Field>
    </div>
  );
}
