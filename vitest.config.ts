import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    // Vitest's own default is one worker fewer than the cores: on the 2-core machine the suite runs
    // on, one file at a time. Most files spend their time waiting on child processes (bash, helm,
    // the fauxqs and Prometheus stand-ins), so a worker per core keeps both cores busy. Files own
    // their ports and temporary folders, so they may run side by side.
    maxWorkers: Math.max(2, os.availableParallelism()),
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
