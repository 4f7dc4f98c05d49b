import type { StatusConfig } from "@/lib/status/config";
import { startS3Demo } from "./s3";
import { startAmpDemo } from "./amp";

export interface DemoBackends {
  /** Partial status config pointing at the in-process stand-ins. */
  config: Partial<StatusConfig>;
  stop(): Promise<void>;
}

/** Starts every demo backend in this process and merges their config. */
export async function startDemo(): Promise<DemoBackends> {
  const parts = await Promise.all([startS3Demo(), startAmpDemo()]);
  const config: Partial<StatusConfig> = {};
  for (const p of parts) {
    Object.assign(config, p.config, {
      expectedClusters: [...(config.expectedClusters ?? []), ...(p.config.expectedClusters ?? [])],
    });
  }
  config.expectedClusters = [...new Set(config.expectedClusters)];
  return { config, stop: async () => void (await Promise.all(parts.map((p) => p.stop()))) };
}
