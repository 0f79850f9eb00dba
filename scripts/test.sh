#!/usr/bin/env bash
# The test command: builds the solution (warnings are errors) and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Kinerja.Workflows.sln -c Release
dotnet test Kinerja.Workflows.sln -c Release --no-build --logger "console;verbosity=minimal" "$@"
