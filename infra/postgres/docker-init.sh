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

# The production shape (docker-compose profile production; the native stack: DIBAO_STACK=production in
# infra/local/lib/postgres.sh): each database gets a login role of its own name (password: the same; change both for
# a real deployment) that owns it; only the owner and its members connect. `dibao` is a member of every such role,
# so the dev-shaped apps (which connect as dibao) keep working on the same volume.
sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$DATABASES_FILE" | while read -r db; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v db="$db" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'db', :'db')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'db')\gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'db')\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db')\gexec
SELECT format('GRANT %I TO dibao', :'db') WHERE NOT pg_has_role('dibao', :'db', 'MEMBER')\gexec
SQL
done

# Temporal server of the production profile: its own role and two databases (other names than the dev profile's
# temporalio/auto-setup, which keeps temporal/temporal_visibility as the superuser).
: "${TEMPORAL_DB_USER:=temporal}" "${TEMPORAL_DB_PASSWORD:=temporal}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v role="$TEMPORAL_DB_USER" -v pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'pw')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
SQL
for db in "${TEMPORAL_PRODUCTION_DBNAME:-temporal_production}" "${TEMPORAL_PRODUCTION_VISIBILITY_DBNAME:-temporal_production_visibility}"; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v db="$db" -v role="$TEMPORAL_DB_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL
done
