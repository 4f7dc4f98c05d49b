import type { StatusConfig } from "@/lib/status/config";
import { startS3Demo } from "./s3";
import { startAmpDemo } from "./amp";

export interface DemoBackends {
  /** Partial status config pointing at the in-process stand-ins. */
  config: Partial<StatusConfig>;
  stop(): Promise<void>;
}

/** Starts every demo backend in this process and merges their config. Each source carries its
 * own expected clusters, so the AMP demo clusters are not "missing" from the buckets. */
export async function startDemo(): Promise<DemoBackends> {
  const parts = await Promise.all([startS3Demo(), startAmpDemo()]);
  const config: Partial<StatusConfig> = Object.assign({}, ...parts.map((p) => p.config));
  return { config, stop: async () => void (await Promise.all(parts.map((p) => p.stop()))) };
}
