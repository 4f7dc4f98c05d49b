import { configDefaults, defineConfig } from "vitest/config";
import path from "node:path";

const TESTS = ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "components/**/*.test.ts"];

// Files that share a worker's module cache (isolate: false): a fresh process and a fresh import of
// zod, the generators and the chart tables per file cost more than most of these files' tests.
// Measured 2026-12-05 on the 2 cores: lib/plan, lib/health and lib/charts (23 files) took 24 s of
// CPU isolated and 12 s shared. Safe because, read file by file that day: no vi.mock, vi.doMock,
// vi.stubEnv, vi.stubGlobal, vi.spyOn or fake timers; process.env only read; no global written;
// the servers http-edge.test.ts starts are closed after each test; and the only module state the
// code under test keeps is deterministic caches (lib/charts/data.ts's loaded keys, the upgrade's
// WeakMap per plan) or the supplied-chart map, which data.test.ts and derive.test.ts clear in a
// finally. Everything else stays isolated: lib/probe and lib/status keep clients, scan caches and
// the status service in module state; lib/demo seeds stores; scripts/ run the CLIs in-process
// (a --chart run registers a supplied chart and leaves it); test/ starts servers and sets the
// environment. A new folder is isolated unless it is added here after the same reading.
const SHARED = [
  "lib/generate/**/*.test.ts",
  "lib/plan/**/*.test.ts",
  "lib/health/**/*.test.ts",
  "lib/values/**/*.test.ts",
  "lib/doctor/**/*.test.ts",
  "lib/charts/**/*.test.ts",
  "lib/security/**/*.test.ts",
  "lib/deploy/**/*.test.ts",
  "components/**/*.test.ts",
  "test/support/**/*.test.ts",
];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
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
    projects: [
      { extends: true, test: { name: "shared", include: SHARED, isolate: false } },
      { extends: true, test: { name: "isolated", include: TESTS, exclude: [...configDefaults.exclude, ...SHARED], isolate: true } },
    ],
  },
});
