// BASE_PATH lets the console run behind an ingress under a sub-path
// (https://github.com/opencost/opencost/issues/2300). Next bakes it in at build time, so scripts/start.ts rebuilds
// when it changes.
const basePath = process.env.BASE_PATH ? process.env.BASE_PATH.replace(/\/+$/, "") : "";

// NEXT_OUTPUT=standalone (scripts/build-standalone.ts, the Dockerfile) emits the self-contained
// server the image runs (https://nextjs.org/docs/app/api-reference/config/next-config-js/output);
// other builds skip the file tracing it costs.
const standalone = process.env.NEXT_OUTPUT === "standalone";

/** @type {import('next').NextConfig} */
const nextConfig = {
  basePath: basePath || undefined,
  distDir: process.env.NEXT_DIST_DIR || ".next",
  output: standalone ? "standalone" : undefined,
  // The standalone folder mirrors paths from here, so server.js lands at its top.
  outputFileTracingRoot: standalone ? import.meta.dirname : undefined,
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  poweredByHeader: false,
  // scripts/test.sh type-checks the whole project (tsc --noEmit) before it builds, so its build
  // skips Next's second run of the same check (about a minute on a busy 2-core machine).
  typescript: { ignoreBuildErrors: process.env.FC_BUILD_TYPECHECKED === "1" },
  reactStrictMode: true,
  serverExternalPackages: ["fauxqs", "prom-client"],
};

export default nextConfig;
