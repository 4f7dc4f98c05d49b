"use client";

import { DEFAULT_REGION, type PlanDraft } from "@/lib/plan/defaults";
import { Field } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { RegionSelect } from "./region-select";
import type { StepFormProps } from "./form-types";

type Amp = NonNullable<PlanDraft["amp"]>;

export function AmpStep({ plan, edit, errorFor }: StepFormProps) {
  const amp: Amp = plan.amp ?? { workspace: { mode: "create", alias: "kubecost" }, region: plan.storage?.region ?? DEFAULT_REGION };
  const setAmp = (path: string, next: Partial<Amp>) => edit(path, { ...plan, amp: { ...amp, ...next } });
  const ws = amp.workspace;
  return (
    <div className="space-y-4">
      <div className="grid gap-x-6 gap-y-2 md:grid-cols-2">
        <Field id="amp-account-id" label="AWS account id" hint="12 digits; used in the IAM policy ARNs for remote write and query." error={errorFor("awsAccountId")}>
          {(p) => <input {...p} className={inputClass} value={plan.awsAccountId ?? ""} inputMode="numeric" autoComplete="off" onChange={(e) => edit("awsAccountId", { ...plan, awsAccountId: e.target.value.trim() || undefined })} />}
        </Field>
        <Field id="amp-region" label="Workspace region" error={errorFor("amp.region") ?? errorFor("amp")}>
          {(p) => <RegionSelect control={p} value={amp.region} onChange={(region) => setAmp("amp.region", { region })} />}
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-base font-semibold">Workspace</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="amp-workspace"
            className="size-4 accent-sky-700"
            checked={ws.mode === "create"}
            onChange={() => setAmp("amp.workspace", { workspace: { mode: "create", alias: "kubecost" } })}
          />
          Create a new workspace
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="amp-workspace" className="size-4 accent-sky-700" checked={ws.mode === "existing"} onChange={() => setAmp("amp.workspace", { workspace: { mode: "existing", workspaceId: "" } })} />
          Use an existing workspace
        </label>
      </fieldset>
      {ws.mode === "create" ? (
        <Field id="amp-alias" label="Workspace alias" hint="The steps create it with aws amp create-workspace and look up its id." error={errorFor("amp.workspace.alias")}>
          {(p) => <input {...p} className={`${inputClass} md:max-w-md`} value={ws.alias} onChange={(e) => setAmp("amp.workspace.alias", { workspace: { mode: "create", alias: e.target.value } })} />}
        </Field>
      ) : (
        <Field id="amp-workspace-id" label="Workspace id" error={errorFor("amp.workspace.workspaceId")}>
          {(p) => (
            <input
              {...p}
              className={`${inputClass} font-mono md:max-w-md`}
              value={ws.workspaceId}
              spellCheck={false}
              placeholder="ws-12345678-abcd-1234-abcd-123456789012"
              onChange={(e) => setAmp("amp.workspace.workspaceId", { workspace: { mode: "existing", workspaceId: e.target.value.trim() } })}
            />
          )}
        </Field>
      )}
    </div>
  );
}
