import type { DemoBackends } from "./index";

/** Placeholder until the bucket demo lands (issue 4). */
export async function startS3Demo(): Promise<DemoBackends> {
  return { config: {}, stop: async () => {} };
}
