"use client";

import { Field } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";
import { POD_IDENTITY_DOCS, podIdentityUnavailable } from "@/lib/plan/pod-identity";
import type { StepFormProps } from "./form-types";

export function AuthFields({ plan, edit, errorFor }: StepFormProps) {
  const auth = plan.auth ?? { mode: "irsa" as const };
  // Offered only where every pod that calls the bucket reads Pod Identity (lib/plan/pod-identity.ts).
  const podIdentityBlocked = podIdentityUnavailable(plan.method);
  return (
    <section aria-labelledby="auth-heading" className="space-y-3">
      <h3 id="auth-heading" className="text-base font-semibold">
        How pods reach the bucket
      </h3>
      <fieldset className="space-y-2">
        <legend className="sr-only">Bucket access</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="auth-mode" className="mt-0.5 size-4 accent-sky-700" checked={auth.mode === "irsa"} onChange={() => edit("auth", { ...plan, auth: { mode: "irsa" } })} />
          <span>
            <span className="font-medium">IAM roles for service accounts (IRSA)</span> · recommended: no long-lived keys in the cluster
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="auth-mode"
            className="mt-0.5 size-4 accent-sky-700"
            checked={auth.mode === "pod-identity"}
            disabled={podIdentityBlocked !== undefined && auth.mode !== "pod-identity"}
            aria-describedby="pod-identity-note"
            onChange={() => edit("auth.mode", { ...plan, auth: { mode: "pod-identity" } })}
          />
          <span>
            <span className="font-medium">EKS Pod Identity</span> · AWS&apos;s successor to IRSA: no OIDC provider, one role for every cluster, associated with each service account
            <span id="pod-identity-note" className="block text-xs text-slate-600 dark:text-slate-400">
              {podIdentityBlocked ? `Not offered for this method: ${podIdentityBlocked}. ` : "The bundle installs the eks-pod-identity-agent add-on on each cluster. "}
              <a className="underline" href={POD_IDENTITY_DOCS} target="_blank" rel="noreferrer">
                How EKS Pod Identity works
              </a>
            </span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="auth-mode" className="mt-0.5 size-4 accent-sky-700" checked={auth.mode === "access-keys"} onChange={() => edit("auth", { ...plan, auth: { mode: "access-keys" } })} />
          <span>
            <span className="font-medium">Access keys in a Kubernetes Secret</span>
          </span>
        </label>
      </fieldset>
      {auth.mode === "pod-identity" && errorFor("auth.mode") ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errorFor("auth.mode")}
        </p>
      ) : null}
      {auth.mode !== "access-keys" ? (
        <Field
          id="role-arn"
          label="IAM role ARN (optional)"
          hint={auth.mode === "irsa" ? "Leave empty to have eksctl create a role per cluster." : "Leave empty to create one role for the bucket; an existing role must trust pods.eks.amazonaws.com."}
          error={errorFor("auth.roleArn")}
        >
          {(p) => (
            <input
              {...p}
              className={inputClass}
              value={auth.roleArn ?? ""}
              spellCheck={false}
              placeholder="arn:aws:iam::123456789012:role/kubecost-federation"
              onChange={(e) => edit("auth.roleArn", { ...plan, auth: { mode: auth.mode, roleArn: e.target.value.trim() || undefined } })}
            />
          )}
        </Field>
      ) : (
        <div className="space-y-2">
          <p id="keys-note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
            Keys you type here stay in this browser tab: they are never put in the share link, never saved in this browser&apos;s storage and
            never sent to the server. They appear only in the files you copy or download. After a reload, type them again, or leave them
            empty and replace the placeholders in the files.
          </p>
          <div className="grid gap-x-6 gap-y-2 md:grid-cols-2">
            <Field id="access-key-id" label="Access key id" error={errorFor("auth.accessKeyId")}>
              {(p) => (
                <input
                  {...p}
                  aria-describedby={[p["aria-describedby"], "keys-note"].filter(Boolean).join(" ")}
                  className={`${inputClass} font-mono`}
                  value={auth.accessKeyId ?? ""}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => edit("auth.accessKeyId", { ...plan, auth: { ...auth, accessKeyId: e.target.value.trim() || undefined } })}
                />
              )}
            </Field>
            <Field id="secret-access-key" label="Secret access key" error={errorFor("auth.secretAccessKey")}>
              {(p) => (
                <input
                  {...p}
                  aria-describedby={[p["aria-describedby"], "keys-note"].filter(Boolean).join(" ")}
                  type="password"
                  className={`${inputClass} font-mono`}
                  value={auth.secretAccessKey ?? ""}
                  spellCheck={false}
                  autoComplete="new-password"
                  onChange={(e) => edit("auth.secretAccessKey", { ...plan, auth: { ...auth, secretAccessKey: e.target.value.trim() || undefined } })}
                />
              )}
            </Field>
          </div>
        </div>
      )}
    </section>
  );
}
