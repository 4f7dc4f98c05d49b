// `npm run build:standalone [distDir]`: the Next standalone server the image runs
// (https://nextjs.org/docs/app/api-reference/config/next-config-js/output), assembled in
// <distDir>/standalone with its static assets, ready for `node server.js`. The Dockerfile and
// test/deploy/standalone-server.test.ts both use it. Skips the build when the sources are older.
import { buildStandalone } from "@/lib/deploy/build-standalone";

const distDir = process.argv[2] ?? ".next-standalone";
const dir = buildStandalone({ distDir, log: (m) => console.log(m) });
console.log(`Standalone server in ${dir} (run: cd ${dir} && node server.js)`);
