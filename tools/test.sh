#!/usr/bin/env bash
# Runs every test of McpMemory: restore, build, then the whole xunit suite (unit and integration tests, which start
# real mcp-memory processes over stdio and HTTP). Needs only the .NET 10 SDK; nothing else is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

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
