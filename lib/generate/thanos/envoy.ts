import type { FederationPlan } from "@/lib/plan/schema";
import type { Values } from "./values";
import { ENVOY_IMAGE, ENVOY_NAME, MONITORING_NAMESPACE, envoyListeners, type EnvoyListener } from "./standalone-names";

// Envoy on the observer (seed blog): one plaintext gRPC listener per remote cluster, each
// proxying over TLS to that cluster's sidecar ingress on 443. Thanos query dials the listeners
// as plain gRPC stores, so no client certificates live in the Thanos values.

const HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
const HTTP_OPTIONS = "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
const UPSTREAM_TLS = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";

function listener(l: EnvoyListener): Values {
  return {
    name: l.name,
    address: { socket_address: { address: "0.0.0.0", port_value: l.port } },
    filter_chains: [
      {
        filters: [
          {
            name: "envoy.filters.network.http_connection_manager",
            typed_config: {
              "@type": HCM,
              stat_prefix: l.name,
              codec_type: "AUTO",
              route_config: {
                name: l.name,
                virtual_hosts: [
                  {
                    name: l.name,
                    domains: ["*"],
                    // timeout 0s: Thanos Series calls are long gRPC streams.
                    routes: [{ match: { prefix: "/" }, route: { cluster: l.name, timeout: "0s" } }],
                  },
                ],
              },
              http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": ROUTER } }],
            },
          },
        ],
      },
    ],
  };
}

function upstream(l: EnvoyListener): Values {
  return {
    name: l.name,
    type: "LOGICAL_DNS",
    dns_lookup_family: "V4_ONLY",
    connect_timeout: "10s",
    typed_extension_protocol_options: {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": { "@type": HTTP_OPTIONS, explicit_http_config: { http2_protocol_options: {} } },
    },
    load_assignment: {
      cluster_name: l.name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: l.upstreamHost, port_value: 443 } } } }] }],
    },
    transport_socket: { name: "envoy.transport_sockets.tls", typed_config: { "@type": UPSTREAM_TLS, sni: l.upstreamHost } },
  };
}

/** envoy.yaml: static listeners and clusters, one pair per remote cluster. */
export function envoyConfig(plan: FederationPlan): Values {
  const listeners = envoyListeners(plan);
  return { static_resources: { listeners: listeners.map(listener), clusters: listeners.map(upstream) } };
}

/** Deployment + Service running envoy.yaml from the ConfigMap of the same name. */
export function envoyManifests(plan: FederationPlan): [Values, Values] {
  const listeners = envoyListeners(plan);
  const labels = { "app.kubernetes.io/name": ENVOY_NAME };
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: ENVOY_NAME, namespace: MONITORING_NAMESPACE, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: "envoy",
              image: ENVOY_IMAGE,
              args: ["--config-path", "/etc/envoy/envoy.yaml"],
              ports: listeners.map((l) => ({ name: `grpc-${l.port}`, containerPort: l.port })),
              volumeMounts: [{ name: "config", mountPath: "/etc/envoy", readOnly: true }],
            },
          ],
          volumes: [{ name: "config", configMap: { name: ENVOY_NAME } }],
        },
      },
    },
  };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: ENVOY_NAME, namespace: MONITORING_NAMESPACE, labels },
    spec: {
      selector: labels,
      ports: listeners.map((l) => ({ name: `grpc-${l.port}`, port: l.port, targetPort: l.port })),
    },
  };
  return [deployment, service];
}
