import { METHOD_LABELS, lineOfVersion, type ChartLine, type Method } from "./kubecost-lines";

// EKS Pod Identity (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html) works
// only where every pod that calls AWS reads the credentials the Pod Identity agent serves
// (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE). Each method's
// row says whether its pods' clients do, and why; the schema, the wizard and the docs read it.
//
// What the rows rest on (checked against each image's Go modules where the source is public):
// - minio-go, the S3 client of Kubecost, the FinOps agent and Thanos, reads Pod Identity from
//   v7.0.70 (https://github.com/minio/minio-go/pull/1944, tested with Kubecost by its author);
// - Kubecost's cost-model supports it from 2.2.0 (https://github.com/kubecost/docs/issues/1001);
//   its source is closed, so the version is Kubecost's word, not a go.mod we read;
// - the FinOps agent (icr.io/ibm-finops/agent, kubecost/ibm-finops-agent) pins minio-go v7.0.88
//   through opencost's storage package;
// - Thanos v0.42.4 (the standalone method) pins minio-go v7.0.93, yet Thanos users still get
//   Access Denied with Pod Identity (https://github.com/minio/minio-go/issues/2003, open;
//   https://github.com/thanos-io/objstore/issues/131); Kubecost 1.108 bundles Thanos v0.32.5,
//   whose minio-go v7.0.61 predates the support;
// - AMP queries are signed by aws-sigv4-proxy, which has no Pod Identity support
//   (https://github.com/awslabs/aws-sigv4-proxy/issues/190; Kubecost users hit it as
//   "NoCredentialProviders", https://github.com/kubecost/kubecost/issues/3520).

export const POD_IDENTITY_DOCS = "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html";

export type PodIdentitySupport =
  /** `since`: per chart line, the first chart version whose pods read Pod Identity. */
  | { supported: true; since?: Partial<Record<ChartLine, string>> }
  | { supported: false; reason: string };

const THANOS_STANDALONE =
  "Thanos reads the bucket here, and Thanos users still get Access Denied with EKS Pod Identity although its S3 client (minio-go v7.0.93 in Thanos v0.42.4) has the support (https://github.com/minio/minio-go/issues/2003, https://github.com/thanos-io/objstore/issues/131)";
const THANOS_BUNDLED =
  "Kubecost 1.108 bundles Thanos v0.32.5, whose S3 client (minio-go v7.0.61) predates EKS Pod Identity support (minio-go v7.0.70, https://github.com/minio/minio-go/pull/1944)";
const AMP =
  "AMP queries are signed by aws-sigv4-proxy, which cannot read EKS Pod Identity credentials (https://github.com/awslabs/aws-sigv4-proxy/issues/190, https://github.com/kubecost/kubecost/issues/3520)";

export const POD_IDENTITY: Record<Method, PodIdentitySupport> = {
  // Kubecost 2.9/3.x pods and the FinOps agent (minio-go v7.0.88).
  "federated-storage": { supported: true },
  "federated-etl": { supported: true, since: { "2.x": "2.2.0" } },
  "thanos-bundled": { supported: false, reason: THANOS_BUNDLED },
  "thanos-standalone": { supported: false, reason: THANOS_STANDALONE },
  amp: { supported: false, reason: AMP },
  "amp-federated": { supported: false, reason: AMP },
};

const parse = (v: string) => v.split(".").map(Number);
const before = (a: string, b: string) => {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
};

/** Why a plan of this method and chart version cannot use EKS Pod Identity, or undefined. */
export function podIdentityProblem(method: Method, line: ChartLine, chartVersion: string): string | undefined {
  const s = POD_IDENTITY[method];
  if (!s.supported) return `EKS Pod Identity does not work with ${METHOD_LABELS[method]}: ${s.reason}. Use IRSA (or access keys) for this method.`;
  const since = s.since?.[line];
  if (since && /^\d+\.\d+\.\d+$/.test(chartVersion) && lineOfVersion(chartVersion)?.id === line && before(chartVersion, since)) {
    return `Kubecost reads EKS Pod Identity from ${since} (https://github.com/kubecost/docs/issues/1001): choose chart version ${since} or later, or use IRSA with ${chartVersion}.`;
  }
  return undefined;
}

/** The wizard's short reason a method cannot offer Pod Identity, or undefined where it can. */
export const podIdentityUnavailable = (method: Method): string | undefined => {
  const s = POD_IDENTITY[method];
  return s.supported ? undefined : s.reason;
};
