// `npx tsx scripts/build-suite.ts`: the production build the whole test suite shares (Next
// standalone output under the e2e base path, test/support/suite-build.ts). The deploy test and
// Playwright (through scripts/start.ts) reuse it while no source is newer, so `npm test` builds
// once. scripts/test.sh runs it after its own type check, so the build skips Next's.
import { buildStandalone } from "@/lib/deploy/build-standalone";
import { SUITE_BASE_PATH, SUITE_DIST_DIR } from "@/test/support/suite-build";

const started = Date.now();
buildStandalone({ distDir: SUITE_DIST_DIR, basePath: SUITE_BASE_PATH, log: (m) => console.log(m) });
console.log(`Production build for the suite in ${SUITE_DIST_DIR} (base path ${SUITE_BASE_PATH}): ${((Date.now() - started) / 1000).toFixed(0)} s`);
