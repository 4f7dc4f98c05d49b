// The one production build the test suite serves (scripts/test.sh builds it once): the deploy
// test starts its standalone server as the image would, and Playwright serves the same build
// through scripts/start.ts. Under a base path, so the sub-path behind an ingress
// (https://github.com/opencost/opencost/issues/2300) is exercised by both.
export const SUITE_DIST_DIR = process.env.E2E_DIST_DIR ?? ".next-e2e";
export const SUITE_BASE_PATH = "/console";
