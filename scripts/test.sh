#!/usr/bin/env bash
# The test command: builds the solution (warnings are errors) and runs every test project, with a
# throwaway PostgreSQL on loopback for the PostgreSQL tests (installed from Debian if missing), and Debian's
# Chromium for the browser tests (installed if missing); also the designer's JavaScript unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/chromium.sh
dotnet build Kinerja.Workflows.sln -c Release

if [ -z "${KINERJA_TEST_POSTGRES:-}" ]; then
  KINERJA_TEST_POSTGRES=$(./scripts/postgres.sh start)
  export KINERJA_TEST_POSTGRES
  trap './scripts/postgres.sh stop' EXIT
fi

# The designer's unit tests (node's test runner); `dotnet build` above ran npm ci and the bundle.
(cd src/Kinerja.Host/ClientApp && npm test)

dotnet test Kinerja.Workflows.sln -c Release --no-build --logger "console;verbosity=minimal" "$@"
