// A real Prometheus (Debian package, 2.42) as the AMP query endpoint stand-in (https://prometheus.io/docs/prometheus/latest/command-line/prometheus/):
// `--web.route-prefix=/workspaces/<id>` gives AMP's URL shape, the remote-write receiver takes
// test data. Tests install nothing: scripts/ensure-system-deps.sh puts `prometheus` on PATH.
// Prometheus rejects samples older than the head allows; an out-of-order window in the config
// lets tests write data from hours ago after fresh data.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pushTimeseries } from "prometheus-remote-write";

export interface RunningPrometheus {
  /** Workspace-shaped base URL: <url>/api/v1/query answers PromQL. */
  url: string;
  remoteWriteUrl: string;
  stop(): Promise<void>;
}

export interface Series {
  labels: { __name__: string; [label: string]: string };
  samples: { value: number; timestamp: number }[];
}

export function prometheusBinary(): string | undefined {
  const r = spawnSync("sh", ["-c", "command -v prometheus"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(workspaceId: string, opts: { readyTimeoutMs?: number } = {}): Promise<RunningPrometheus> {
  const bin = prometheusBinary();
  if (!bin) throw new Error("The prometheus binary is not installed: run `bash scripts/ensure-system-deps.sh` (installs the Debian package).");
  const dir = mkdtempSync(path.join(tmpdir(), "fc-prometheus-"));
  // No scrape jobs: all data arrives by remote write.
  writeFileSync(path.join(dir, "prometheus.yml"), "global: {}\nscrape_configs: []\nstorage:\n  tsdb:\n    out_of_order_time_window: 2d\n");
  const port = await freePort();
  const prefix = `/workspaces/${workspaceId}`;
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.route-prefix=${prefix}`,
      "--web.enable-remote-write-receiver",
      "--storage.tsdb.retention.time=3d",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A crashed test run or an interrupted demo must not leave a Prometheus behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killTimer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}${prefix}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with code ${child.exitCode}: ${stderr}`);
    }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within ${opts.readyTimeoutMs ?? 20_000} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, remoteWriteUrl: `${url}/api/v1/write`, stop };
}

/** Remote-writes series (samples sorted by time, as a real sender does). */
export async function remoteWrite(prom: RunningPrometheus, series: Series[]): Promise<void> {
  const sorted = series.map((s) => ({ ...s, samples: [...s.samples].sort((a, b) => a.timestamp - b.timestamp) }));
  const result = await pushTimeseries(sorted, {
    url: prom.remoteWriteUrl,
    fetch: async (u, init) => {
      const res = await fetch(u, { method: init?.method, headers: init?.headers, body: Buffer.from(init!.body as ArrayBuffer) });
      return { status: res.status, statusText: res.statusText, text: () => res.text() };
    },
  });
  if (result.status >= 300) throw new Error(`remote write failed: HTTP ${result.status} ${result.errorMessage ?? ""}`);
}

/** Samples every `stepSeconds` from `fromMs` to `toMs` inclusive. */
export function samplesBetween(fromMs: number, toMs: number, stepSeconds = 60, value = 1): Series["samples"] {
  const out: Series["samples"] = [];
  for (let t = fromMs; t <= toMs; t += stepSeconds * 1000) out.push({ value, timestamp: Math.round(t) });
  return out;
}
