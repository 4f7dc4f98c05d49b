import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// An HTTP proxy in front of a real S3 stand-in (fauxqs) that holds every request for `delayMs`
// before forwarding it: a slow store, with the real S3 protocol behind it. `requests` counts
// what reached the store, so a test can tell one listing from three. `down()` makes it refuse
// connections (the endpoint is down), `up()` brings it back.

export interface SlowProxy {
  endpoint: string;
  requests: number;
  delayMs: number;
  stop(): Promise<void>;
}

export async function startSlowProxy(target: string, delayMs: number): Promise<SlowProxy> {
  const upstream = new URL(target);
  const state: SlowProxy = { endpoint: "", requests: 0, delayMs, stop: async () => {} };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      setTimeout(() => {
        const out = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        out.on("error", () => res.destroy());
        out.end(Buffer.concat(chunks));
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
