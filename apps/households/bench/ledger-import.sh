#!/usr/bin/env bash
# Measures the ledger import: generates a synthetic ledger (default 100,000 households), imports it into a fresh
# database with the CLI, imports it again (must change nothing), and drops the database. Needs `npm run build`
# and the local stack (PostgreSQL). Usage: bash apps/households/bench/ledger-import.sh [households]
set -euo pipefail
cd "$(dirname "$0")/../../.."
COUNT="${1:-100000}"
FILE="${TMPDIR:-/tmp}/dibao-ledger-${COUNT}.csv"
PG_BASE="${DIBAO_PG_URL_BASE:-postgres://dibao:dibao@127.0.0.1:${DIBAO_PG_PORT:-55432}}"
DB=households_bench
run() { node -r ./tools/register-paths.js "dist/apps/households/src/cli/$1.js" "${@:2}"; }
sql() { node -r ./tools/register-paths.js -e "
  const { DataSource } = require('typeorm');
  (async () => { const d = new DataSource({ type: 'postgres', url: '$PG_BASE/postgres' }); await d.initialize(); await d.query(process.argv[1]); await d.destroy(); })()
    .catch((e) => { console.error(e.message); process.exit(1); });" "$1"; }

[[ -f "$FILE" ]] || run generate-ledger "$COUNT" "$FILE"
sql "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
echo "== first import of $COUNT households"
DATABASE_URL="$PG_BASE/$DB" run import-ledger "$FILE"
echo "== same file again (nothing may change)"
DATABASE_URL="$PG_BASE/$DB" run import-ledger "$FILE"
sql "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
