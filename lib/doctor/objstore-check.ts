import { unknownObjstoreKeys } from "@/lib/charts/objstore";
import type { KubecostLine } from "@/lib/plan/kubecost-lines";
import { FEDERATED_STORE_LINT_VERSION } from "@/lib/charts/objstore";
import { DEFAULT_STORE_KEY } from "./migrations";
import type { Problem } from "./checks";
import type { Values } from "./tree";

// A federated-store.yaml / object-store.yaml pasted on its own: the Secret's content. Values of
// keys are never repeated in messages (the file may hold access keys).

export function objstoreProblems(doc: Values, line: KubecostLine, input: { fileName?: string; secretKey?: string }): Problem[] {
  const out: Problem[] = unknownObjstoreKeys(FEDERATED_STORE_LINT_VERSION, doc).map((k) => ({
    path: k,
    message: `${k} is not a key of the object store config: Kubecost reads it strictly and fails on unknown keys; remove it or fix its spelling`,
  }));
  const config = (doc.config ?? {}) as Values;
  if (doc.type !== "S3") out.push({ path: "type", message: "The console checks S3 configs only (type: S3); other types are passed on unchecked" });
  for (const k of ["bucket", "region"]) if (doc.type === "S3" && !config[k]) out.push({ path: `config.${k}`, message: `config.${k} is empty: the agent cannot find the bucket` });
  const key = input.secretKey || (input.fileName && !input.fileName.includes("/") ? input.fileName : undefined);
  if (key && key !== DEFAULT_STORE_KEY) {
    out.push({ path: "secretKey", message: `Kubecost ${line.id} mounts the key ${DEFAULT_STORE_KEY} of the federated-store Secret${line.storeFileNameValue ? " unless global.federatedStorage.fileName names another" : ""}: create it with --from-file=${DEFAULT_STORE_KEY}=${key}` });
  }
  if (typeof config.access_key === "string" && config.access_key && !config.secret_key) out.push({ path: "config.secret_key", message: "access_key is set without secret_key" });
  return out;
}
