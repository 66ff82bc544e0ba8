#!/usr/bin/env bash
# Starts a throw-away Serambi for the end-to-end tests: fresh SQLite database with the demo,
# its own files folder; the server's log goes to test-results/server.log.
set -euo pipefail
cd "$(dirname "$0")"
port="${1:-3100}"
: "${SERAMBI_BIN:?run the tests through scripts/test}"
work="$(mktemp -d)"
mkdir -p test-results
export DATABASE_URL="sqlite://$work/serambi.db?mode=rwc"
export SERAMBI_FILES="$work/files"
export SERAMBI_TEMPLATES="$(cd .. && pwd)/letter-templates"
export SERAMBI_LISTEN="127.0.0.1:$port"
export SERAMBI_PUBLIC_URL="http://127.0.0.1:$port"
# JSON log lines, so the tests that read the log for NIKs read what a log collector gets.
export SERAMBI_LOG_FORMAT=json
"$SERAMBI_BIN" demo --penduduk 2000 > test-results/demo.log
exec "$SERAMBI_BIN" serve > test-results/server.log 2>&1
