#!/usr/bin/env bash
# Debian packages the tests use: chromium (Playwright drives it; browsers cannot be downloaded
# here, never `npx playwright install`) and prometheus (the AMP query-endpoint stand-in).
set -euo pipefail
need=()
[ -x /usr/lib/chromium/chromium ] || need+=(chromium)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${need[*]}. Install them: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The Debian prometheus package starts a system service on :9090; tests start their own.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
