// A stand-in for the AMP control plane (aps.<region>.amazonaws.com), restJson1, shaped like the
// real service so the real @aws-sdk/client-amp parses it (https://docs.aws.amazon.com/prometheus/latest/APIReference/; no emulator exists
// offline). Paths, query parameters, epoch-second timestamps and `x-amzn-errortype` errors follow
// the client-amp 3.1048 schemas (dist-cjs/schemas/schemas_0.js). Used by tests and by the demo.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type WorkspaceStatusCode = "CREATING" | "ACTIVE" | "UPDATING" | "DELETING" | "CREATION_FAILED";
export type AmpErrorType =
  | "AccessDeniedException"
  | "ResourceNotFoundException"
  | "ValidationException"
  | "ThrottlingException"
  | "InternalServerException";

export type AmpOperation =
  | "ListWorkspaces"
  | "DescribeWorkspace"
  | "DescribeWorkspaceConfiguration"
  | "DescribeLoggingConfiguration"
  | "ListRuleGroupsNamespaces";

export interface StandInWorkspace {
  workspaceId: string;
  alias?: string;
  status?: WorkspaceStatusCode; // default ACTIVE
  /** Defaults to the real form: https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/ */
  prometheusEndpoint?: string | null;
  createdAt?: Date;
  /** Absent means the service default is reported (150 days). */
  retentionPeriodInDays?: number;
  /** null = no logging configured (DescribeLoggingConfiguration answers 404). */
  logging?: { logGroupArn: string; statusCode?: string } | null;
  ruleGroupsNamespaces?: { name: string; statusCode?: string }[];
}

export interface InjectedError {
  type: AmpErrorType;
  message?: string;
  /** Answer with this error this many times, then normally (default: always). */
  times?: number;
}

export interface AmpControlPlaneOptions {
  region?: string;
  accountId?: string;
  workspaces: StandInWorkspace[];
  /** Most items per page, whatever maxResults asks (small values test paging). Default 100. */
  pageSize?: number;
  errors?: Partial<Record<AmpOperation, InjectedError>>;
  /** Never answer this operation (for timeout tests). */
  hang?: AmpOperation[];
}

export interface RecordedRequest {
  operation: AmpOperation | "Unknown";
  method: string;
  path: string;
  query: Record<string, string>;
  signed: boolean;
}

export interface AmpControlPlane {
  endpoint: string;
  options: AmpControlPlaneOptions; // mutable: tests may change state between probes
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

const STATUS: Record<AmpErrorType, number> = {
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ValidationException: 400,
  ThrottlingException: 429,
  InternalServerException: 500,
};

const ACTION: Record<AmpOperation, string> = {
  ListWorkspaces: "aps:ListWorkspaces",
  DescribeWorkspace: "aps:DescribeWorkspace",
  DescribeWorkspaceConfiguration: "aps:DescribeWorkspaceConfiguration",
  DescribeLoggingConfiguration: "aps:DescribeLoggingConfiguration",
  ListRuleGroupsNamespaces: "aps:ListRuleGroupsNamespaces",
};

const epoch = (d: Date) => Math.floor(d.getTime() / 1000) + (d.getTime() % 1000) / 1000;

function route(method: string, path: string): { op: AmpOperation; id?: string } | undefined {
  if (method !== "GET") return undefined;
  if (path === "/workspaces") return { op: "ListWorkspaces" };
  const m = /^\/workspaces\/([^/]+)(\/configuration|\/logging|\/rulegroupsnamespaces)?$/.exec(path);
  if (!m) return undefined;
  const id = decodeURIComponent(m[1]);
  const ops: Record<string, AmpOperation> = {
    "": "DescribeWorkspace",
    "/configuration": "DescribeWorkspaceConfiguration",
    "/logging": "DescribeLoggingConfiguration",
    "/rulegroupsnamespaces": "ListRuleGroupsNamespaces",
  };
  const op = ops[m[2] ?? ""];
  return { op, id };
}

/** One page of `items` after `nextToken` (an index, opaque to the client). */
function page<T>(items: T[], query: Record<string, string>, pageSize: number) {
  const start = Number(query.nextToken ?? 0) || 0;
  // Like AMP, maxResults is only an upper bound: the service may return fewer and a nextToken.
  const size = Math.max(1, Math.min(Number(query.maxResults ?? pageSize) || pageSize, pageSize));
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), nextToken: next };
}

export async function startAmpControlPlane(options: AmpControlPlaneOptions): Promise<AmpControlPlane> {
  const requests: RecordedRequest[] = [];
  const region = () => options.region ?? "us-east-1";
  const account = () => options.accountId ?? "123456789012";
  const arn = (ws: StandInWorkspace) => `arn:aws:aps:${region()}:${account()}:workspace/${ws.workspaceId}`;
  const injectedCount = new Map<AmpOperation, number>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": crypto.randomUUID(), ...headers });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, type: AmpErrorType, message: string, extra: Record<string, unknown> = {}) =>
    send(res, STATUS[type], { message, ...extra }, {
      "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.aps/`,
      ...(type === "ThrottlingException" ? { "retry-after": "0" } : {}),
    });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const query = Object.fromEntries(url.searchParams);
    const r = route(req.method ?? "GET", url.pathname);
    const signed = /^AWS4-HMAC-SHA256 Credential=\S+\/aps\/aws4_request/.test(String(req.headers.authorization ?? ""));
    requests.push({ operation: r?.op ?? "Unknown", method: req.method ?? "", path: url.pathname, query, signed });
    if (!signed) {
      // What AWS answers to an unsigned request (https://github.com/kubecost/kubecost/issues/3520).
      return send(res, 403, { message: "Missing Authentication Token" }, { "x-amzn-errortype": "MissingAuthenticationTokenException" });
    }
    if (!r) return send(res, 404, { message: `No route ${req.method} ${url.pathname}` }, { "x-amzn-errortype": "UnknownOperationException" });
    if (options.hang?.includes(r.op)) return; // leave the socket open
    const injected = options.errors?.[r.op];
    if (injected) {
      const used = injectedCount.get(r.op) ?? 0;
      if (injected.times === undefined || used < injected.times) {
        injectedCount.set(r.op, used + 1);
        const resource = r.id ? `arn:aws:aps:${region()}:${account()}:workspace/${r.id}` : `arn:aws:aps:${region()}:${account()}:*`;
        const message =
          injected.message ??
          (injected.type === "AccessDeniedException"
            ? `User: arn:aws:sts::${account()}:assumed-role/federation-console/probe is not authorized to perform: ${ACTION[r.op]} on resource: ${resource}`
            : injected.type === "ThrottlingException"
              ? "Rate exceeded"
              : `${injected.type} (injected)`);
        return fail(res, injected.type, message);
      }
    }

    if (r.op === "ListWorkspaces") {
      const matching = options.workspaces.filter((w) => !query.alias || (w.alias ?? "").startsWith(query.alias));
      const p = page(matching, query, options.pageSize ?? 100);
      return send(res, 200, {
        workspaces: p.items.map((w) => ({
          workspaceId: w.workspaceId,
          arn: arn(w),
          status: { statusCode: w.status ?? "ACTIVE" },
          createdAt: epoch(w.createdAt ?? new Date("2025-01-01T00:00:00Z")),
          ...(w.alias ? { alias: w.alias } : {}),
          tags: {},
        })),
        ...(p.nextToken ? { nextToken: p.nextToken } : {}),
      });
    }

    const ws = options.workspaces.find((w) => w.workspaceId === r.id);
    if (!ws) {
      if (!/^ws-[0-9a-f-]{36}$/.test(r.id ?? "")) {
        return fail(res, "ValidationException", `1 validation error detected: Value '${r.id}' at 'workspaceId' failed to satisfy constraint`, {
          reason: "FIELD_VALIDATION_FAILED",
        });
      }
      return fail(res, "ResourceNotFoundException", `Workspace not found: ${r.id}`, { resourceId: r.id, resourceType: "Workspace" });
    }
    switch (r.op) {
      case "DescribeWorkspace": {
        const endpoint =
          ws.prometheusEndpoint === undefined ? `https://aps-workspaces.${region()}.amazonaws.com/workspaces/${ws.workspaceId}/` : ws.prometheusEndpoint;
        return send(res, 200, {
          workspace: {
            workspaceId: ws.workspaceId,
            arn: arn(ws),
            status: { statusCode: ws.status ?? "ACTIVE" },
            createdAt: epoch(ws.createdAt ?? new Date("2025-01-01T00:00:00Z")),
            ...(ws.alias ? { alias: ws.alias } : {}),
            ...(endpoint && (ws.status ?? "ACTIVE") !== "CREATING" ? { prometheusEndpoint: endpoint } : {}),
            tags: {},
          },
        });
      }
      case "DescribeWorkspaceConfiguration":
        return send(res, 200, {
          workspaceConfiguration: {
            status: { statusCode: "ACTIVE" },
            retentionPeriodInDays: ws.retentionPeriodInDays ?? 150,
            limitsPerLabelSet: [],
          },
        });
      case "DescribeLoggingConfiguration":
        if (!ws.logging) {
          return fail(res, "ResourceNotFoundException", `Logging configuration not found for workspace ${ws.workspaceId}`, {
            resourceId: ws.workspaceId,
            resourceType: "LoggingConfiguration",
          });
        }
        return send(res, 200, {
          loggingConfiguration: {
            status: { statusCode: ws.logging.statusCode ?? "ACTIVE" },
            workspace: ws.workspaceId,
            logGroupArn: ws.logging.logGroupArn,
            createdAt: epoch(new Date("2025-01-02T00:00:00Z")),
            modifiedAt: epoch(new Date("2025-01-02T00:00:00Z")),
          },
        });
      case "ListRuleGroupsNamespaces": {
        const all = (ws.ruleGroupsNamespaces ?? []).filter((n) => !query.name || n.name.startsWith(query.name));
        const p = page(all, query, options.pageSize ?? 100);
        return send(res, 200, {
          ruleGroupsNamespaces: p.items.map((n) => ({
            arn: `arn:aws:aps:${region()}:${account()}:rulegroupsnamespace/${ws.workspaceId}/${n.name}`,
            name: n.name,
            status: { statusCode: n.statusCode ?? "ACTIVE" },
            createdAt: epoch(new Date("2025-01-02T00:00:00Z")),
            modifiedAt: epoch(new Date("2025-01-03T00:00:00Z")),
            tags: {},
          })),
          ...(p.nextToken ? { nextToken: p.nextToken } : {}),
        });
      }
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    options,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
