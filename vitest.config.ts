import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    // Two files at a time on the 2-core machine. Measured 2026-12-05 on a fresh clone: 2.7 min
    // quiet and 4.5 min green beside two `yes > /dev/null` (one worker before: 5.6 and 9.7 min).
    // Two workers had timed out the 150-cluster bash check on a busy machine before the bash-heavy
    // files were made cheap (install.sh's checksum, one bash per batch reading a file, the CLIs
    // in-process); the timeouts below still allow a machine five times slower than idle.
    maxWorkers: 2,
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
