import { configDefaults, defineConfig } from "vitest/config";
import path from "node:path";

const TESTS = ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "components/**/*.test.ts"];

// Files that share a worker's module cache (isolate: false): a fresh process and a fresh import of
// zod, the generators and the chart tables per file cost more than most of these files' tests.
// Measured 2026-12-05 on the 2 cores (user + sys, with other work running beside):
// the whole suite took 253-295 s of CPU with every file isolated and 197-200 s with the folders
// below shared; the fifteen single files below, 39 s isolated and 25 s shared. Safe because, read
// file by file that day: no vi.mock, vi.doMock, vi.stubEnv, vi.stubGlobal, vi.spyOn or fake
// timers; process.env only read; no global written;
// every server a file starts (http-edge, fauxqs, the kube discovery stub, the standalone server)
// is stopped in its afterEach/afterAll; and none imports a module that keeps state across calls
// (its import graph, followed that day, reaches none of lib/probe's S3 clients, scan and meta
// caches, lib/status's config and service, lib/probe/amp's credential chain, or the wizard's
// loader cache), except lib/charts/data.ts's supplied-chart map, which only data.test.ts and
// derive.test.ts fill and both clear in a finally (the CLIs that fill it stay isolated), and its
// deterministic cache of loaded keys (lib/values/prototype-keys.test.ts calls load-config's
// loadStatusConfig with its own env and reader, never the once-per-process getServerConfig).
// Everything else stays isolated: the rest of lib/probe,
// lib/status and test/ reach that state or set the environment; test/amp/control-plane.test.ts
// spies on Math.random; scripts/ run the CLIs in-process, and a --chart run registers a supplied
// chart and leaves it. A new folder or file is isolated until it is added here after the same reading.
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
  "lib/demo/seed-store.test.ts",
  // last-known.test.ts clears the cluster memory before each test; no other shared file uses it.
  ...["agent-files", "etl-keys", "last-known", "thanos-blocks"].map((f) => `lib/probe/${f}.test.ts`),
  ...["cluster-table", "fact-labels", "request-targets"].map((f) => `lib/status/${f}.test.ts`),
  "test/amp/known-clusters.test.ts",
  ...["image", "standalone-server", "start-refusal", "helm-chart", "watch-step"].map((f) => `test/deploy/${f}.test.ts`),
  // The upgrade CLI reads chart data and never supplies a chart.
  "scripts/upgrade.test.ts",
];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    // Two files at a time on the 2-core machine. Measured 2026-12-05 on a fresh clone: 1.6 min
    // quiet and 2.8 min green beside two `yes > /dev/null` (one worker, every file isolated and
    // four installs per example before: 5.6 and 9.7 min).
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
