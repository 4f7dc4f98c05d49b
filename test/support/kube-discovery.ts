import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// `kubectl create --dry-run=client` maps every kind through the API server's discovery before it
// prints anything, and no cluster runs on these machines. This stand-in answers the legacy
// discovery endpoints (https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api)
// for the kinds the console's chart renders, and nothing else: an unknown kind or apiVersion is
// refused by kubectl exactly as a cluster without it would.

interface Kind {
  kind: string;
  plural: string;
  namespaced?: boolean;
}

const GROUPS: Record<string, Kind[]> = {
  v1: [
    { kind: "ConfigMap", plural: "configmaps" },
    { kind: "Secret", plural: "secrets" },
    { kind: "Service", plural: "services" },
    { kind: "ServiceAccount", plural: "serviceaccounts" },
    { kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims" },
    { kind: "Namespace", plural: "namespaces", namespaced: false },
  ],
  "apps/v1": [{ kind: "Deployment", plural: "deployments" }],
  "networking.k8s.io/v1": [
    { kind: "Ingress", plural: "ingresses" },
    { kind: "NetworkPolicy", plural: "networkpolicies" },
  ],
  "policy/v1": [{ kind: "PodDisruptionBudget", plural: "poddisruptionbudgets" }],
  "monitoring.coreos.com/v1": [
    { kind: "ServiceMonitor", plural: "servicemonitors" },
    { kind: "PrometheusRule", plural: "prometheusrules" },
  ],
};

function resourceList(groupVersion: string) {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion,
    resources: GROUPS[groupVersion].map((k) => ({
      name: k.plural,
      singularName: k.kind.toLowerCase(),
      namespaced: k.namespaced ?? true,
      kind: k.kind,
      verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    })),
  };
}

export interface KubeDiscovery {
  server: string;
  stop(): Promise<void>;
}

export async function startKubeDiscovery(): Promise<KubeDiscovery> {
  const groups = Object.keys(GROUPS).filter((g) => g.includes("/"));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    let body: unknown;
    if (path === "/api") body = { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] };
    else if (path === "/apis") {
      body = {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: groups.map((gv) => {
          const [name, version] = gv.split("/");
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        }),
      };
    } else if (path === "/api/v1") body = resourceList("v1");
    else if (path.startsWith("/apis/") && GROUPS[path.slice(6)]) body = resourceList(path.slice(6));
    if (body === undefined) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
