import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// An HTTP proxy in front of a real S3 stand-in (fauxqs) that holds every request for `delayMs`
// before forwarding it: a slow store, with the real S3 protocol behind it. `requests` counts
// what reached the store, so a test can tell one listing from three. `down()` makes it refuse
// connections (the endpoint is down), `up()` brings it back. `hold()` keeps every request from
// reaching the store until `release()`: a probe that cannot finish until the test says so, so
// "answered while the probe runs" is shown without a clock.

export interface SlowProxy {
  endpoint: string;
  requests: number;
  delayMs: number;
  hold(): void;
  release(): void;
  stop(): Promise<void>;
}

export async function startSlowProxy(target: string, delayMs: number): Promise<SlowProxy> {
  const upstream = new URL(target);
  let held: (() => void)[] | undefined;
  const state: SlowProxy = {
    endpoint: "",
    requests: 0,
    delayMs,
    hold: () => void (held ??= []),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const forward of waiting) forward();
    },
    stop: async () => {},
  };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const forward = () => {
        const out = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        out.on("error", () => res.destroy());
        out.end(Buffer.concat(chunks));
      };
      setTimeout(() => (held ? held.push(forward) : forward()), state.delayMs);
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
