#!/usr/bin/env bash
# Runs every test of McpMemory: restore, build, then the whole xunit suite (unit and integration tests, which start
# real mcp-memory processes over stdio and HTTP, and interop tests, which let the official MCP conformance suite, the
# MCP Inspector and LanceDB judge them). Needs the .NET 10 SDK and npm (any Node >= 20 to run it): tools/interop/install.sh
# installs Node 22 and those tools, pinned by tools/interop/package-lock.json, under tools/interop/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> tools/interop/install.sh (Node 22, MCP conformance suite, Inspector, LanceDB)"
MCPMEMORY_NODE22=$(bash tools/interop/install.sh)
export MCPMEMORY_NODE22
echo "    Node 22: $MCPMEMORY_NODE22 ($("$MCPMEMORY_NODE22" --version))"

echo "==> dotnet restore"
dotnet restore McpMemory.sln
echo "==> dotnet build (Release)"
dotnet build McpMemory.sln -c Release --no-restore -nologo
echo "==> dotnet test (Release)"
log=$(mktemp)
set +e
dotnet test McpMemory.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line over all test assemblies.
passed=$( (grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' || true) | awk '{s+=$1} END {print s+0}')
failed=$( (grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' || true) | awk '{s+=$1} END {print s+0}')
skipped=$( (grep -Eo 'Skipped: +[0-9]+' "$log" | grep -Eo '[0-9]+' || true) | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
