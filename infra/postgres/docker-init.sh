#!/usr/bin/env bash
# docker-compose only: run once by the postgres:15 image's entrypoint on an empty data volume
# (mounted at /docker-entrypoint-initdb.d/). Creates the role `dibao` and one database per service from
# databases.txt (mounted at /dibao/databases.txt). The native stack does the same in infra/local/lib/postgres.sh.
set -euo pipefail
: "${DATABASES_FILE:=/dibao/databases.txt}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dibao') THEN
    CREATE ROLE dibao LOGIN CREATEDB PASSWORD 'dibao';
  END IF;
END
$$;
SQL

sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$DATABASES_FILE" | while read -r db; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER dibao', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL
done
