import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startAmpControlPlane } from "@/test/support/amp-control-plane";
import { prometheusBinary, remoteWrite, samplesBetween, startPrometheus, type Series } from "@/test/support/prometheus";
import type { DemoBackends } from "./index";

// The demo's AMP workspace: the control-plane stand-in plus a query endpoint. With the Debian
// `prometheus` binary present that endpoint is a real Prometheus fed by remote write; on a
// machine without it, a tiny in-process endpoint answers the probe's queries in Prometheus' JSON
// format, and the workspace alias says so (it shows in the "AMP workspace" check).
// Clusters: three healthy, one lagging, one stale, one writing `cluster` instead of
// `cluster_id`, one expected but never seen.

const WORKSPACE_ID = "ws-0de00000-0000-4000-8000-000000000001";
const REGION = "us-east-1";
const MIN = 60_000;
const HOUR = 60 * MIN;
const HEALTHY = ["amp-us-east-1", "amp-eu-west-1", "amp-ap-southeast-2"];
const LAGGING = "amp-ap-northeast-1"; // always ~25 min behind
const STALE = "amp-us-west-2"; // stopped 3 h before the demo started
const MISLABELLED = "amp-ca-central-1"; // writes cluster="..." (https://github.com/kubecost/kubecost/issues/3935)
const MISSING = "amp-sa-east-1";
const EXPECTED = [...HEALTHY, LAGGING, STALE, MISLABELLED, MISSING];
const LAGGING_BEHIND_MS = 25 * MIN;
const TICK_MS = 30_000;

interface DemoSeries {
  labels: Record<string, string>;
  lastSeen(now: number): number | undefined;
}

function demoSeries(startedAt: number): DemoSeries[] {
  const info = (labels: Record<string, string>) => ({ __name__: "kubecost_cluster_info", provider: "AWS", ...labels });
  return [
    ...HEALTHY.map((id) => ({ labels: info({ cluster_id: id }), lastSeen: (now: number) => now - 20_000 })),
    { labels: info({ cluster_id: LAGGING }), lastSeen: (now: number) => now - LAGGING_BEHIND_MS },
    { labels: info({ cluster_id: STALE }), lastSeen: () => startedAt - 3 * HOUR },
    { labels: info({ cluster: MISLABELLED }), lastSeen: (now: number) => now - 20_000 },
  ];
}

/** @param opts.usePrometheus default: whether the `prometheus` binary is installed (tests force either). */
export async function startAmpDemo(opts: { usePrometheus?: boolean } = {}): Promise<DemoBackends> {
  const startedAt = Date.now();
  const series = demoSeries(startedAt);
  const usePrometheus = opts.usePrometheus ?? !!prometheusBinary();
  const query = usePrometheus ? await startRealPrometheus(series, startedAt) : await startInProcessEndpoint(series);
  const plane = await startAmpControlPlane({
    region: REGION,
    workspaces: [
      {
        workspaceId: WORKSPACE_ID,
        alias: query.note ? `kubecost-demo (${query.note})` : "kubecost-demo",
        prometheusEndpoint: `${query.url}/`,
        retentionPeriodInDays: 150,
        logging: { logGroupArn: `arn:aws:logs:${REGION}:123456789012:log-group:/aws/prometheus/kubecost-demo:*` },
        ruleGroupsNamespaces: [{ name: "kubecost-rules" }],
      },
    ],
  });
  return {
    config: {
      amp: {
        region: REGION,
        workspaceId: WORKSPACE_ID,
        clusterLabel: "cluster_id",
        rulesNamespace: "kubecost-rules",
        controlPlaneEndpoint: plane.endpoint,
        queryEndpoint: query.url,
        expectedClusters: EXPECTED,
      },
    },
    stop: async () => {
      await plane.stop();
      await query.stop();
    },
  };
}

interface QueryEndpoint {
  url: string;
  note?: string;
  stop(): Promise<void>;
}

async function startRealPrometheus(series: DemoSeries[], startedAt: number): Promise<QueryEndpoint> {
  const prom = await startPrometheus(WORKSPACE_ID);
  const point = (s: DemoSeries, t: number): Series => ({ labels: s.labels as Series["labels"], samples: [{ value: 1, timestamp: t }] });
  try {
    // Two hours of history per cluster, newest first per the head's order rules: the live ones
    // up to now, the stale one ending 3 h ago (accepted through the out-of-order window).
    await remoteWrite(
      prom,
      series.map((s) => {
        const last = s.lastSeen(startedAt)!;
        return { labels: s.labels as Series["labels"], samples: samplesBetween(last - 2 * HOUR, last) };
      }),
    );
  } catch (error) {
    await prom.stop();
    throw error;
  }
  // Keep the live clusters live while the demo runs (the stale one stays silent).
  const live = series.filter((s) => s.lastSeen(startedAt)! > startedAt - HOUR);
  const timer = setInterval(() => {
    const now = Date.now();
    remoteWrite(prom, live.map((s) => point(s, s.lastSeen(now)!))).catch((e) => console.warn(`AMP demo: remote write failed: ${e}`));
  }, TICK_MS);
  timer.unref();
  return {
    url: prom.url,
    stop: async () => {
      clearInterval(timer);
      await prom.stop();
    },
  };
}

/**
 * Answers the probe's two query shapes (lib/probe/amp/freshness.ts) over the demo series:
 * `max by (L) (timestamp(SEL)) or max by (L) (max_over_time(timestamp(SEL)[24h:5m]))` and
 * /api/v1/series?match[]=SEL, where SEL is `metric` or `{__name__="m",a="",b!=""}`.
 */
async function startInProcessEndpoint(series: DemoSeries[]): Promise<QueryEndpoint> {
  const prefix = `/workspaces/${WORKSPACE_ID}/api/v1`;
  const select = (selector: string, now: number) => {
    const bare = /^([a-zA-Z_:][a-zA-Z0-9_:]*)$/.exec(selector);
    const matchers = bare ? [["__name__", "=", bare[1]]] : [...selector.matchAll(/([a-zA-Z_]+)(!=|=)"([^"]*)"/g)].map((m) => [m[1], m[2], m[3]]);
    return series.filter((s) => {
      const t = s.lastSeen(now);
      if (t === undefined || t < now - 24 * HOUR) return false;
      return matchers.every(([name, op, value]) => ((s.labels[name] ?? "") === value) === (op === "="));
    });
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const url = new URL(req.url ?? "/", "http://demo");
      const now = form.get("time") ? Number(form.get("time")) * 1000 : Date.now();
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === `${prefix}/query`) {
        const m = /^max by \((\w+)\) \(timestamp\((.+?)\)\) or /.exec(form.get("query") ?? "");
        if (!m) return reply(400, { status: "error", errorType: "bad_data", error: "the demo endpoint answers only the console's freshness query" });
        const [, by, selector] = m;
        const groups = new Map<string, number>();
        for (const s of select(selector, now)) {
          const key = s.labels[by] ?? "";
          groups.set(key, Math.max(groups.get(key) ?? 0, s.lastSeen(now)!));
        }
        const result = [...groups].map(([v, t]) => ({ metric: v ? { [by]: v } : {}, value: [now / 1000, String(t / 1000)] }));
        return reply(200, { status: "success", data: { resultType: "vector", result } });
      }
      if (url.pathname === `${prefix}/series`) {
        return reply(200, { status: "success", data: select(form.get("match[]") ?? "", Date.now()).map((s) => s.labels) });
      }
      reply(404, { status: "error", errorType: "not_found", error: `no route ${url.pathname}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/workspaces/${WORKSPACE_ID}`,
    note: "prometheus not installed: demo data served in-process",
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const AMP_DEMO = { WORKSPACE_ID, EXPECTED, HEALTHY, LAGGING, STALE, MISLABELLED, MISSING };
