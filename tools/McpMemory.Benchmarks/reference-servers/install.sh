#!/usr/bin/env bash
# Installs the official MCP reference servers of package.json with the exact versions of package-lock.json, for
# `McpMemory.Benchmarks tools record` only (the tests and `tools` itself read the committed data/reference-tools.json).
# Install scripts are skipped: the servers ship built, and Puppeteer's would download a browser, which its tools/list
# does not need.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.installed-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts >&2
  echo "$want" > "$stamp"
fi
