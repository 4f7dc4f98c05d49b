import type { FederationPlan } from "@/lib/plan/schema";
import type { Values } from "./values";
import { imageThroughMirror } from "@/lib/charts/images";
import { ENVOY_IMAGE, ENVOY_NAME, MONITORING_NAMESPACE, envoyListeners, type EnvoyListener } from "./standalone-names";

// Envoy on the observer (seed blog): one plaintext gRPC listener per remote cluster, each
// proxying over TLS to that cluster's sidecar ingress on 443. Thanos query dials the listeners
// as plain gRPC stores, so no client certificates live in the Thanos values.

const HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
const HTTP_OPTIONS = "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
const UPSTREAM_TLS = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

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
                    // timeout 0s: Thanos Series calls are long gRPC streams. The ALB's ingress rule
                    // matches the sidecar host only; without the rewrite Envoy forwards the
                    // :authority Thanos query dialed (thanos-envoy...:port) and the ALB answers
                    // 404 (Thanos docs, operating/cross-cluster-tls-communication.md).
                    routes: [{ match: { prefix: "/" }, route: { cluster: l.name, timeout: "0s", host_rewrite_literal: l.upstreamHost } }],
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
    transport_socket: {
      name: "envoy.transport_sockets.tls",
      typed_config: {
        "@type": UPSTREAM_TLS,
        sni: l.upstreamHost,
        common_tls_context: {
          // The ALB speaks HTTP/2 (which gRPC needs) only when ALPN offers h2.
          alpn_protocols: ["h2"],
          // Verify the ALB's ACM certificate (public CAs) against the system bundle, which the
          // envoyproxy/envoy image installs (ci/Dockerfile-envoy: apt-get install ca-certificates).
          // Without it Envoy accepts any certificate. The plan's internal CA is the S3 endpoint's,
          // not the ALB's, so it does not belong here.
          validation_context: {
            trusted_ca: { filename: SYSTEM_CA_BUNDLE },
            match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: l.upstreamHost } }],
          },
        },
      },
    },
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
              image: imageThroughMirror(ENVOY_IMAGE, plan.kubecost.imageMirror),
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
