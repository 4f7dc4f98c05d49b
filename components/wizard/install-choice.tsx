"use client";

import type { GeneratedFile } from "@/lib/generate";
import { ARGOCD_DOCS, APPLICATIONSET_FILE, HELMFILE_DOCS } from "@/lib/generate/gitops";
import { FileBlock } from "./file-block";

export type InstallWay = "scripts" | "argocd" | "helmfile";

/** How the charts get installed: install.sh (the steps below), an Argo CD ApplicationSet or a
 * helmfile. The Secret and IAM steps stay the same; GitOps replaces only the helm upgrades. */
export function InstallChoice({ way, onChange, gitops }: { way: InstallWay; onChange: (w: InstallWay) => void; gitops: GeneratedFile[] }) {
  const file = way === "argocd" ? gitops.find((f) => f.path === APPLICATIONSET_FILE) : way === "helmfile" ? gitops.find((f) => f.path.startsWith("helmfile.yaml")) : undefined;
  if (gitops.length === 0) return null;
  const options: [InstallWay, string][] = [
    ["scripts", "Scripts (install.sh)"],
    ["argocd", "Argo CD ApplicationSet"],
    ["helmfile", "helmfile"],
  ];
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-700">
      <legend className="px-1 text-base font-semibold">Install the charts with</legend>
      <div className="flex flex-wrap gap-4">
        {options.map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input type="radio" name="install-way" className="size-4 accent-sky-700" checked={way === value} onChange={() => onChange(value)} />
            {label}
          </label>
        ))}
      </div>
      {way === "scripts" && <p className="text-sm text-slate-700 dark:text-slate-300">Run the steps below in order; install.sh runs each cluster&apos;s part.</p>}
      {file && (
        <div className="space-y-2">
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Run the steps below with <code className="font-mono">--skip-helm</code> added to each <code className="font-mono">bash install.sh</code> line (Secrets, IAM and
            namespaces stay prerequisites), push this bundle to Git, then {way === "argocd" ? "apply the ApplicationSet in the Argo CD namespace" : "run helmfile apply in the bundle's folder"}. Docs:{" "}
            <a className="underline" href={way === "argocd" ? ARGOCD_DOCS : HELMFILE_DOCS} target="_blank" rel="noreferrer">
              {way === "argocd" ? ARGOCD_DOCS : HELMFILE_DOCS}
            </a>
          </p>
          <FileBlock file={file} why="one entry per cluster" />
        </div>
      )}
    </fieldset>
  );
}
