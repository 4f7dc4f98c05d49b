#!/usr/bin/env bash
# The one test line (README): static checks, unit + property tests, then e2e in real Chromium.
# Installs what a fresh machine lacks first (Debian chromium and prometheus, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
[ -d node_modules ] || npm install --no-audit --no-fund
npx tsc --noEmit
npx eslint . --max-warnings=0
npx vitest run
npx playwright test
