// `npm run loadtest [-- --seconds 5]`: requests/s, p50/p99 latency and the backend S3 calls they
// cost, for 1, 20 and 100 viewers of /api/status, then a flood of distinct wizard links next to
// the server's own view. The server is the standalone build started as the image starts it
// (lib/deploy/image.ts), on loopback only, against an in-process S3 (fauxqs) behind a counting
// proxy. Every scenario is bounded in time and connections. The last line is JSON.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { buildStandalone } from "@/lib/deploy/build-standalone";
import { etlClusterObjects } from "@/lib/demo/seed-etl";
import { startSeedableFauxqs } from "@/lib/demo/seed-store";
import { dataDir, startImageServer } from "@/lib/deploy/run-image";

const args = process.argv.slice(2);
const seconds = Math.min(30, Number(args[args.indexOf("--seconds") + 1]) || 5);
const CLUSTERS = 50;
const PORT = 3521;
const BUCKET = "loadtest-etl";

/** A pass-through to the S3 stand-in that counts every request the console makes. */
async function countingProxy(target: string): Promise<{ endpoint: string; count: () => number; server: Server }> {
  let n = 0;
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    n++;
    const up = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => n, server };
}

interface Figures {
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  s3Calls: number;
}

function run(url: string, connections: number, opts: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  if (!/^http:\/\/127\.0\.0\.1:/.test(url)) throw new Error("The load test only targets loopback");
  return autocannon({ url, connections, duration: seconds, timeout: 20, ...opts });
}

const figures = (scenario: string, connections: number, r: autocannon.Result, s3Calls: number): Figures => ({
  scenario,
  connections,
  requestsPerSecond: Math.round(r.requests.average),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  non2xx: r.non2xx + r.errors + r.timeouts,
  s3Calls,
});

async function main() {
  console.log("Building the standalone server (skipped when up to date)...");
  const standalone = buildStandalone({ distDir: ".next-standalone" });
  const s3 = await startSeedableFauxqs({ byteOrderIndex: true });
  s3.createBucket(BUCKET);
  for (let i = 0; i < CLUSTERS; i++) s3.put(BUCKET, etlClusterObjects("", { id: `cluster-${i}`, lastUploadMs: Date.now() - 20 * 60_000, days: 7, hourlyHours: 24 }));
  const proxy = await countingProxy(s3.endpoint);
  const server = await startImageServer(standalone, PORT, {
    HOSTNAME: "127.0.0.1",
    FC_DATA_DIR: dataDir(),
    FC_S3_ENDPOINT: proxy.endpoint,
    FC_ETL_BUCKET: BUCKET,
    FC_ETL_REGION: "us-east-1",
    FC_EXPECTED_CLUSTERS: Array.from({ length: CLUSTERS }, (_, i) => `cluster-${i}`).join(","),
    FC_ALLOW_REQUEST_TARGETS: "true",
  });
  const results: Figures[] = [];
  try {
    const own = `${server.url}/api/status`;
    await fetch(own); // warm: the first probe and the route's first compile are not the figure
    for (const viewers of [1, 20, 100]) {
      const before = proxy.count();
      const r = await run(own, viewers);
      results.push(figures(`${viewers} viewer${viewers > 1 ? "s" : ""}`, viewers, r, proxy.count() - before));
    }
    // A flood of distinct links (each a new target: the same bucket, another cluster list) while
    // 5 viewers keep reading the server's own view.
    const before = proxy.count();
    let i = 0;
    const [flood, ownView] = await Promise.all([
      run(`${server.url}/api/status`, 50, {
        requests: [{ setupRequest: (req) => ({ ...req, path: `/api/status?etlBucket=${BUCKET}&region=us-east-1&clusters=flood-${i++}` }) }],
      }),
      run(own, 5),
    ]);
    const s3Calls = proxy.count() - before;
    results.push(figures("link flood (distinct links)", 50, flood, s3Calls));
    results.push(figures("own view during the flood", 5, ownView, s3Calls));
  } finally {
    await server.stop();
    proxy.server.close();
    await s3.stop();
  }
  console.log(`\n${CLUSTERS} clusters, ${seconds} s per scenario, loopback\n`);
  console.log("| scenario | connections | req/s | p50 ms | p99 ms | non-2xx | S3 calls |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const f of results) console.log(`| ${f.scenario} | ${f.connections} | ${f.requestsPerSecond} | ${f.p50Ms} | ${f.p99Ms} | ${f.non2xx} | ${f.s3Calls} |`);
  console.log(JSON.stringify({ clusters: CLUSTERS, seconds, results }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
