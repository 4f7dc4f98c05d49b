import { z } from "zod";
import { CHART_LINE_IDS, KUBECOST_LINES, METHODS, chartVersionProblem, methodLineProblem, type ChartLine } from "./kubecost-lines";
import { CLUSTER_ID, CLUSTER_ID_MESSAGE, DEFAULT_CLUSTER_ID } from "./ids";
import { ACCOUNT_ID, AMP_WORKSPACE_ID, IAM_ROLE_ARN, KMS_KEY, bucketNameProblem, isAwsRegion } from "./aws";
import { podIdentityProblem } from "./pod-identity";

// The FederationPlan: everything the admin decides. One schema for the wizard, the CLI and the
// status link. Messages are written to be acted on without reading the docs.

export { METHODS, METHOD_LABELS, CHART_LINE_IDS, type Method, type ChartLine } from "./kubecost-lines";

/** Each line's verified chart version (generated keys are checked against it). */
export const CHART_LINES = Object.fromEntries(KUBECOST_LINES.map((l) => [l.id, l.verified])) as Record<ChartLine, string>;

const CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IMAGE_MIRROR = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
export { DEFAULT_CLUSTER_ID } from "./ids";
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const k8sName = (what: string) =>
  z.string().regex(K8S_NAME, `${what} must be a Kubernetes name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`);

const region = z.string().refine(isAwsRegion, { message: "Not an AWS region code (for example us-east-1, eu-west-1)" });

/** Thanos standalone: the sidecar host derived from a cluster id and the plan's domain
 * (host names allow no '_' and no upper case). */
export function derivedSidecarHost(clusterId: string, domain: string): string {
  return `thanos-${clusterId.toLowerCase().replace(/_/g, "-")}.${domain}`;
}

export const clusterSchema = z.object({
  /** cluster_id: the external label, the folder federated/<id>/ and kubecostProductConfigs.clusterName. */
  id: z
    .string()
    .regex(CLUSTER_ID, `${CLUSTER_ID_MESSAGE}: they end up in bucket paths and Prometheus labels`),
  displayName: z
    .string()
    .max(80, "Display names are at most 80 characters")
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: "Display names cannot contain control characters or line breaks" })
    .optional(),
  role: z.enum(["primary", "agent"]),
  /** EKS cluster name, for eksctl commands (AMP) and `aws eks update-kubeconfig`. */
  eksClusterName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, "EKS cluster names are letters, digits, '-' and '_', at most 100 characters")
    .optional(),
  /** Region of the EKS cluster; defaults to the storage region. */
  region: region.optional(),
  /** kubectl/helm context to target; commands add --kube-context when set. */
  kubeContext: z
    .string()
    .max(200)
    // Control characters too: a NUL cannot be passed to kubectl at all (found by lib/generate/hostile.test.ts).
    .regex(/^[^\s'"`$\\\u0000-\u001f\u007f]+$/, "Kube contexts cannot contain spaces, quotes, '$', backticks, backslashes or control characters")
    // kubectl and helm would read "--kubeconfig=/other/file" as an option (issue 15).
    .refine((c) => !c.startsWith("-"), { message: "Kube contexts cannot start with '-': kubectl would read it as an option" })
    .optional(),
  /** Thanos standalone: the public gRPC host name of this cluster's sidecar ingress. */
  sidecarHost: z.string().regex(DNS_NAME, "Sidecar hosts are DNS names like thanos-prod-1.example.com").optional(),
  /** Thanos standalone, on the primary (observer): the public addresses its traffic leaves from
   * (NAT gateway IPs). The agents' sidecar load balancers are then internet-facing and accept only
   * these; without them they are internal (reached over VPC peering or a transit gateway). */
  egressCidrs: z
    .array(z.string().regex(CIDR, "CIDRs look like 203.0.113.10/32"))
    .min(1, "Give at least one CIDR, or leave egressCidrs out for internal load balancers")
    .max(40, "An ALB takes at most 40 inbound CIDRs here")
    .optional(),
});
export type Cluster = z.infer<typeof clusterSchema>;

export const storageSchema = z.object({
  bucket: z.string().superRefine((v, ctx) => {
    const problem = bucketNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  region,
  /** Custom S3-compatible endpoint host (no scheme), e.g. minio.internal:9000. Default: s3.<region>.amazonaws.com. */
  endpoint: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d{1,5})?$/, "Endpoints are a host name with an optional :port, without https://")
    .optional(),
  /** Folder inside the bucket (objstore `prefix`). */
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$/, "Prefixes are letters, digits, '.', '_', '-' and '/', starting with a letter or digit")
    .refine((p) => !p.includes("//") && !p.endsWith("/"), { message: "Prefixes have no empty segments and no trailing '/'" })
    .optional(),
  encryption: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("none") }),
      z.object({ type: z.literal("SSE-S3") }),
      z.object({ type: z.literal("SSE-KMS"), kmsKeyId: z.string().regex(KMS_KEY, "Give the KMS key ARN, key id (UUID) or alias/name") }),
    ])
    .default({ type: "none" }),
  /** Internal CA bundle for an S3-compatible endpoint behind a private CA (seed "ETL Federation"). */
  internalCa: z
    .object({
      /** Local path of the PEM bundle on the admin's machine; used in `kubectl create configmap --from-file`. */
      caFile: z
        .string()
        .min(1)
        .max(500)
        .regex(/^[^\u0000-\u001f]+$/, "The CA file path cannot contain control characters")
        .refine((f) => !f.startsWith("-"), { message: "The CA file path cannot start with '-': the commands would read it as an option" }),
      configMapName: k8sName("The CA ConfigMap name").default("kubecost-ca-bundle"),
    })
    .optional(),
});

export const authSchema = z.discriminatedUnion("mode", [
  z.object({
    /** IRSA: pods assume an IAM role through their service account (recommended). */
    mode: z.literal("irsa"),
    /** Existing role to annotate on the service accounts. Leave empty to have eksctl create one per cluster. */
    roleArn: z.string().regex(IAM_ROLE_ARN, "Role ARNs look like arn:aws:iam::123456789012:role/kubecost-federation").optional(),
  }),
  z.object({
    /** EKS Pod Identity: the eks-pod-identity-agent add-on hands each pod the role its service
     * account is associated with (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html).
     * Only for methods whose pods read it (lib/plan/pod-identity.ts). */
    mode: z.literal("pod-identity"),
    /** Existing role whose trust policy trusts pods.eks.amazonaws.com. Leave empty to create one for the bucket. */
    roleArn: z.string().regex(IAM_ROLE_ARN, "Role ARNs look like arn:aws:iam::123456789012:role/kubecost-federation").optional(),
  }),
  z.object({
    /** Access keys stored in a Kubernetes Secret. Never put in the URL or localStorage. */
    mode: z.literal("access-keys"),
    accessKeyId: z
      .string()
      // ASIA keys come from STS with a session token; Kubecost's S3 config has no session_token field.
      .refine((v) => !v.startsWith("ASIA"), { message: "Temporary credentials (ASIA...) expire and need a session token Kubecost cannot use: use an IAM user's access key (AKIA...) or IRSA" })
      .refine((v) => v.startsWith("ASIA") || /^AKIA[A-Z0-9]{12,124}$/.test(v), { message: "Access key ids start with AKIA followed by uppercase letters and digits" })
      .optional(),
    secretAccessKey: z.string().regex(/^[A-Za-z0-9/+=]{20,128}$/, "Secret access keys are 40 characters of letters, digits, '/', '+' and '='").optional(),
  }),
]);

export const ampSchema = z.object({
  workspace: z.discriminatedUnion("mode", [
    z.object({
      mode: z.literal("create"),
      alias: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/, "Aliases are letters, digits, spaces, '_', '.' and '-', up to 100 characters"),
    }),
    z.object({ mode: z.literal("existing"), workspaceId: z.string().regex(AMP_WORKSPACE_ID, "Workspace ids look like ws-12345678-abcd-1234-abcd-123456789012") }),
  ]),
  region,
});

const planObject = z.object({
    method: z.enum(METHODS),
    kubecost: z.object({
      chartLine: z.enum(CHART_LINE_IDS),
      chartVersion: z.string().regex(/^\d+\.\d+\.\d+$/, "Chart versions look like 2.8.7"),
      namespace: k8sName("The namespace").default("kubecost"),
      releaseName: k8sName("The release name").default("kubecost"),
      /** Federated storage on 3.x: run the FinOps agent as its own release in this namespace on
       * every cluster, the primary included (a "global agent"); unset, agents run in `namespace`
       * and the primary's Kubecost runs its own agent (kubecost/kubecost v3.2.1 examples/README.md). */
      agentNamespace: k8sName("The agent namespace").optional(),
      /** Helm repository URL, or an oci:// chart reference. */
      chartRepo: z
        .string()
        .regex(/^(https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~\/-]*)?|oci:\/\/[A-Za-z0-9.-]+(:\d+)?\/[A-Za-z0-9._\/-]+)$/, "Give an https:// helm repository URL or an oci:// chart reference")
        .default("https://kubecost.github.io/cost-analyzer/"),
      /** Allows a plain http:// chartRepo (a lab mirror without TLS). Never set by a link. */
      insecureChartRepo: z.boolean().optional(),
      /** A registry mirror (e.g. an ECR pull-through cache) every image is pulled through:
       * <mirror>/<source registry>/<repository>:<tag>. */
      imageMirror: z
        .string()
        .regex(IMAGE_MIRROR, "Give the mirror as host[:port][/path] without https://, for example 123456789012.dkr.ecr.us-east-1.amazonaws.com or registry.corp.example/mirror")
        .optional(),
    }),
    awsAccountId: z.string().regex(ACCOUNT_ID, "AWS account ids are 12 digits").optional(),
    storage: storageSchema.optional(),
    auth: authSchema.default({ mode: "irsa" }),
    amp: ampSchema.optional(),
    /** Thanos standalone: domain used to derive sidecar hosts (thanos-<cluster_id>.<domain>). */
    thanosDomain: z.string().regex(DNS_NAME, "Domains are DNS names like example.com").optional(),
    clusters: z.array(clusterSchema).min(1, "Add at least one cluster"),
});

export const planSchema = planObject.superRefine(checkPlanConsistency);

export type FederationPlan = z.infer<typeof planSchema>;
/** What the wizard holds before validation succeeds. */
export type FederationPlanInput = z.input<typeof planSchema>;

function checkPlanConsistency(p: z.infer<typeof planObject>, ctx: z.RefinementCtx) {
  const line = p.kubecost.chartLine;
  const versionProblem = chartVersionProblem(line, p.kubecost.chartVersion);
  if (versionProblem) ctx.addIssue({ code: "custom", path: ["kubecost", "chartVersion"], message: versionProblem });
  const methodProblem = methodLineProblem(p.method, line);
  if (methodProblem) ctx.addIssue({ code: "custom", path: ["method"], message: methodProblem });
  checkFederatedStorage(p, ctx);
  if (p.auth.mode === "pod-identity") {
    const problem = podIdentityProblem(p.method, line, p.kubecost.chartVersion);
    if (problem) ctx.addIssue({ code: "custom", path: ["auth", "mode"], message: problem });
  }
  if (p.kubecost.chartRepo.startsWith("http://") && p.kubecost.insecureChartRepo !== true) {
    ctx.addIssue({ code: "custom", path: ["kubecost", "chartRepo"], message: "The chart repository is plain http://: anyone on the way can swap the chart. Use https://, or set kubecost.insecureChartRepo: true in the plan if this lab repository has no TLS" });
  }
  const needsBucket = p.method !== "amp";
  if (needsBucket && !p.storage) {
    ctx.addIssue({ code: "custom", path: ["storage"], message: "This method stores data in an S3 bucket: give the bucket and its region" });
  }
  const needsAmp = p.method === "amp" || p.method === "amp-federated";
  if (needsAmp && !p.amp) {
    ctx.addIssue({ code: "custom", path: ["amp"], message: "Give the AMP workspace: create a new one with an alias, or the id of an existing one" });
  }
  if (needsAmp && !p.awsAccountId) {
    ctx.addIssue({ code: "custom", path: ["awsAccountId"], message: "AMP setup needs the AWS account id (12 digits) for the IAM policy ARNs" });
  }
  // A bucket prefix is fine for Kubecost 1.x bundled Thanos: objstore's top-level `prefix` exists
  // since Thanos v0.27.0 and 1.x ships v0.32.5 (see lib/charts/objstore.ts for the source).
  if (p.storage?.internalCa && !p.storage.endpoint) {
    ctx.addIssue({ code: "custom", path: ["storage", "internalCa"], message: "An internal CA is only needed for a custom S3 endpoint: set the endpoint, or turn the CA off" });
  }
  if (p.method === "thanos-standalone") {
    p.clusters.forEach((c, i) => {
      // The observer's own sidecar is queried in-cluster: it has no ingress and needs no host.
      if (c.sidecarHost || c.role === "primary") return;
      if (!p.thanosDomain) {
        ctx.addIssue({ code: "custom", path: ["clusters", i, "sidecarHost"], message: `Give the sidecar gRPC host for ${c.id}, or a domain to derive ${derivedSidecarHost(c.id, "<domain>")}` });
      } else if (!DNS_NAME.test(derivedSidecarHost(c.id, p.thanosDomain))) {
        // The id is what made the host invalid, so the message sits next to the id.
        ctx.addIssue({ code: "custom", path: ["clusters", i, "id"], message: `This id gives the sidecar host ${derivedSidecarHost(c.id, p.thanosDomain)}, which is not a valid host name (each part 1 to 63 characters): change the id or give this cluster its own sidecar host` });
      }
    });
  }

  p.clusters.forEach((c, i) => {
    if (c.id.toLowerCase() !== DEFAULT_CLUSTER_ID) return;
    ctx.addIssue({
      code: "custom",
      path: ["clusters", i, "id"],
      message:
        "cluster-one is Kubecost's default id, which its charts refuse once clusters federate (1.108 diagnostics: https://github.com/kubecost/kubecost/blob/v1.108.1/cost-analyzer/templates/diagnostics-deployment.yaml; 2.x with a federated store: https://github.com/kubecost/kubecost/blob/v2.8.7/cost-analyzer/templates/_helpers.tpl): give this cluster its own id, e.g. its EKS name",
    });
  });
  p.clusters.forEach((c, i) => {
    if (!c.egressCidrs) return;
    if (p.method !== "thanos-standalone" || c.role !== "primary") {
      ctx.addIssue({ code: "custom", path: ["clusters", i, "egressCidrs"], message: "egressCidrs belong to the observer (the primary) of a Thanos standalone plan: the agents' sidecar load balancers accept only them" });
    }
  });
  const kms = p.storage?.encryption.type === "SSE-KMS" ? p.storage.encryption.kmsKeyId : undefined;
  const accountKnown = !!p.awsAccountId || (p.auth.mode !== "access-keys" && !!p.auth.roleArn);
  if (kms && !kms.startsWith("arn:") && !accountKnown) {
    ctx.addIssue({
      code: "custom",
      path: ["storage", "encryption", "kmsKeyId"],
      message: `The bucket policy must name the key with its account: give the key ARN (aws kms describe-key --key-id ${kms} --query KeyMetadata.Arn --output text), or set awsAccountId`,
    });
  }

  const seen = new Map<string, number>();
  p.clusters.forEach((c, i) => {
    const key = c.id.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["clusters", i, "id"],
        message: `Cluster id "${c.id}" is already used by cluster #${first + 1}: ids must be unique (a shared id overlaps Thanos blocks and merges ETL folders)`,
      });
    } else seen.set(key, i);
  });
  const primaries = p.clusters.filter((c) => c.role === "primary").length;
  if (primaries !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["clusters"],
      message:
        primaries === 0
          ? "Mark one cluster as primary: it runs the query side (Aggregator, Thanos query and the only compactor)"
          : `Only one cluster can be primary; ${primaries} are marked`,
    });
  }
}

/** Federated storage (lib/generate/federated-storage.ts): what its chart lines allow. */
function checkFederatedStorage(p: z.infer<typeof planObject>, ctx: z.RefinementCtx) {
  const agentNs = p.kubecost.agentNamespace;
  if (agentNs !== undefined) {
    const line = KUBECOST_LINES.find((l) => l.id === p.kubecost.chartLine);
    if (p.method !== "federated-storage") {
      ctx.addIssue({ code: "custom", path: ["kubecost", "agentNamespace"], message: "A separate agent namespace is only for federated storage (the FinOps agent): remove it" });
    } else if (!line?.globalAgent) {
      ctx.addIssue({ code: "custom", path: ["kubecost", "agentNamespace"], message: `Kubecost ${p.kubecost.chartLine} fails unless its own release runs the FinOps agent (finopsagent.enabled=true): remove the agent namespace, or choose chart line 3.x` });
    } else if (agentNs === p.kubecost.namespace) {
      ctx.addIssue({ code: "custom", path: ["kubecost", "agentNamespace"], message: `A global agent runs in its own namespace, not Kubecost's (${p.kubecost.namespace}): choose another, e.g. kubecost-agent` });
    }
  }
  if (p.method === "federated-storage" && p.storage?.internalCa) {
    ctx.addIssue({ code: "custom", path: ["storage", "internalCa"], message: "The console does not generate an internal CA for the FinOps agent yet (its chart takes it through global.updateCaTrust): turn the CA off here and add it to the values by hand" });
  }
}

/** The plan as it may be written down (plan.yaml in the bundle, a file in Git): access keys
 * removed, everything else kept, so the CLI regenerates the same files with key placeholders. */
export function planWithoutSecrets(plan: FederationPlan): FederationPlan {
  return plan.auth.mode === "access-keys" ? { ...plan, auth: { mode: "access-keys" } } : plan;
}
