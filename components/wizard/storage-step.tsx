"use client";

import { DEFAULT_CA_CONFIGMAP, DEFAULT_REGION, usesAmp, type PlanDraft } from "@/lib/plan/defaults";
import { Field } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { Disclosure } from "./disclosure";
import { RegionSelect } from "./region-select";
import { AuthFields } from "./auth-fields";
import type { StepFormProps } from "./form-types";

type Storage = NonNullable<PlanDraft["storage"]>;

export function StorageStep(props: StepFormProps) {
  const { plan, edit, errorFor } = props;
  const s: Storage = plan.storage ?? { bucket: "", region: DEFAULT_REGION };
  const setS = (path: string, next: Partial<Storage>) => edit(path, { ...plan, storage: { ...s, ...next } });
  const enc = s.encryption ?? { type: "none" };
  const advancedPaths = ["storage.endpoint", "storage.prefix", "storage.encryption.kmsKeyId", "storage.internalCa", "storage.internalCa.caFile", "storage.internalCa.configMapName"];
  const advancedError = advancedPaths.some((p) => errorFor(p));

  return (
    <div className="space-y-6">
      <section aria-labelledby="bucket-heading" className="space-y-2">
        <h3 id="bucket-heading" className="text-base font-semibold">
          S3 bucket
        </h3>
        <div className="grid gap-x-6 gap-y-2 md:grid-cols-2">
          <Field id="bucket" label="Bucket name" hint="One bucket for the whole federation. The steps create it if it does not exist." error={errorFor("storage.bucket") ?? errorFor("storage")}>
            {(p) => <input {...p} className={inputClass} value={s.bucket} spellCheck={false} autoComplete="off" onChange={(e) => setS("storage.bucket", { bucket: e.target.value.trim() })} />}
          </Field>
          <Field id="bucket-region" label="Bucket region" error={errorFor("storage.region")}>
            {(p) => <RegionSelect control={p} value={s.region} onChange={(region) => setS("storage.region", { region })} />}
          </Field>
          {!usesAmp(plan.method) && (
            <Field id="account-id" label="AWS account id (optional)" hint="12 digits; used in IAM policy and role ARNs." error={errorFor("awsAccountId")}>
              {(p) => (
                <input {...p} className={inputClass} value={plan.awsAccountId ?? ""} inputMode="numeric" autoComplete="off" onChange={(e) => edit("awsAccountId", { ...plan, awsAccountId: e.target.value.trim() || undefined })} />
              )}
            </Field>
          )}
        </div>
        <Disclosure title="Advanced: custom endpoint, prefix, encryption, internal CA" forceOpen={advancedError} defaultOpen={!!(s.endpoint || s.prefix || enc.type !== "none" || s.internalCa)}>
          <div className="grid gap-x-6 gap-y-2 md:grid-cols-2">
            <Field id="endpoint" label="Custom S3 endpoint" hint="Host and optional :port of an S3-compatible store, without https://. Empty = AWS S3." error={errorFor("storage.endpoint")}>
              {(p) => <input {...p} className={inputClass} value={s.endpoint ?? ""} spellCheck={false} placeholder="minio.internal:9000" onChange={(e) => setS("storage.endpoint", { endpoint: e.target.value.trim() || undefined })} />}
            </Field>
            <Field id="prefix" label="Folder prefix in the bucket" hint="Keep the federation in a folder of a shared bucket." error={errorFor("storage.prefix")}>
              {(p) => <input {...p} className={inputClass} value={s.prefix ?? ""} spellCheck={false} placeholder="kubecost" onChange={(e) => setS("storage.prefix", { prefix: e.target.value.trim() || undefined })} />}
            </Field>
            <Field id="encryption" label="Server-side encryption" error={errorFor("storage.encryption")}>
              {(p) => (
                <select
                  {...p}
                  className={inputClass}
                  value={enc.type}
                  onChange={(e) => {
                    const t = e.target.value;
                    setS("storage.encryption", { encryption: t === "SSE-KMS" ? { type: "SSE-KMS", kmsKeyId: "" } : t === "SSE-S3" ? { type: "SSE-S3" } : { type: "none" } });
                  }}
                >
                  <option value="none">None (bucket default)</option>
                  <option value="SSE-S3">SSE-S3 (S3-managed keys)</option>
                  <option value="SSE-KMS">SSE-KMS (your KMS key)</option>
                </select>
              )}
            </Field>
            {enc.type === "SSE-KMS" ? (
              <Field id="kms-key" label="KMS key" hint="Key ARN, key id, or alias/name (a key id or alias needs the AWS account id). IAM never matches an alias, so for an alias the policy grants the keys that carry it (kms:ResourceAliases)." error={errorFor("storage.encryption.kmsKeyId")}>
                {(p) => <input {...p} className={inputClass} value={enc.kmsKeyId} spellCheck={false} onChange={(e) => setS("storage.encryption.kmsKeyId", { encryption: { type: "SSE-KMS", kmsKeyId: e.target.value.trim() } })} />}
              </Field>
            ) : (
              <div aria-hidden="true" />
            )}
            <div className="md:col-span-2">
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 accent-sky-700"
                  checked={!!s.internalCa}
                  onChange={(e) => setS("storage.internalCa", { internalCa: e.target.checked ? { caFile: "", configMapName: DEFAULT_CA_CONFIGMAP } : undefined })}
                />
                The endpoint uses a certificate from an internal CA
              </label>
              <p className="mt-1 min-h-5 text-xs font-medium text-red-700 dark:text-red-400">{errorFor("storage.internalCa")}</p>
            </div>
            {s.internalCa && (
              <>
                <Field id="ca-file" label="CA bundle file (path on your machine)" hint="Used in kubectl create configmap --from-file." error={errorFor("storage.internalCa.caFile")}>
                  {(p) => <input {...p} className={inputClass} value={s.internalCa!.caFile} spellCheck={false} placeholder="./ca-bundle.pem" onChange={(e) => setS("storage.internalCa.caFile", { internalCa: { ...s.internalCa!, caFile: e.target.value } })} />}
                </Field>
                <Field id="ca-configmap" label="CA ConfigMap name" error={errorFor("storage.internalCa.configMapName")}>
                  {(p) => (
                    <input {...p} className={inputClass} value={s.internalCa!.configMapName ?? ""} spellCheck={false} onChange={(e) => setS("storage.internalCa.configMapName", { internalCa: { ...s.internalCa!, configMapName: e.target.value.trim() } })} />
                  )}
                </Field>
              </>
            )}
          </div>
        </Disclosure>
      </section>
      <AuthFields {...props} />
    </div>
  );
}
