import type { DemoBackends } from "./index";

/** Placeholder until the AMP demo lands (issue 5). */
export async function startAmpDemo(): Promise<DemoBackends> {
  return { config: {}, stop: async () => {} };
}
