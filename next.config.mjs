// BASE_PATH lets the console run behind an ingress under a sub-path
// (https://github.com/opencost/opencost/issues/2300). Next bakes it in at build time, so scripts/start.ts rebuilds
// when it changes.
const basePath = process.env.BASE_PATH ? process.env.BASE_PATH.replace(/\/+$/, "") : "";

/** @type {import('next').NextConfig} */
const nextConfig = {
  basePath: basePath || undefined,
  distDir: process.env.NEXT_DIST_DIR || ".next",
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["fauxqs", "prom-client"],
};

export default nextConfig;
