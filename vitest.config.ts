import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    // Vitest's default worker count (cores - 1: one file at a time on 2 cores) is kept on purpose.
    // Measured 2026-12-05 on six of the heaviest files (load average 6-14): one worker 142 s wall
    // for 108 s of CPU (their bash, helm and tsx children already use the second core); two
    // workers 196 s, and the 150-cluster bash check timed out at 166 s. Two workers gain nothing
    // on 2 cores and fail on a busy machine.
    setupFiles: ["test/support/fast-check-seed.ts"],
    // Measured on 2 cores at load average 20 (about ten runnable processes per core): the slowest
    // tests without a timeout of their own took 7 s (a GitOps install of 12 clusters, the demo
    // collection); idle they take under 2 s. 60 s covers a machine five times slower than idle,
    // twice over. The few heavier tests (the 150-cluster install, the full scans, the property
    // runs) set their own from their measured cost.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // server-only throws outside a React Server environment; tests import server modules directly.
    alias: { "server-only": path.resolve(import.meta.dirname, "test/support/server-only-stub.ts") },
  },
});
