#!/usr/bin/env bash
# docker-compose, profile production only (services temporal-server-schema and temporal-server-setup, image
# temporalio/admin-tools). The native production stack does the same in infra/local/lib/temporal-server.sh.
#   docker-setup-production.sh schema   create Temporal's two databases on PostgreSQL and migrate them with
#                                       temporal-sql-tool to the newest schema of the image (/etc/temporal/schema)
#   docker-setup-production.sh setup    wait for the server, create every namespace of namespaces.txt with its
#                                       retention, and register the search attributes of search-attributes.txt in each
set -euo pipefail
: "${TEMPORAL_ADDRESS:=temporal-server:7233}"
: "${NAMESPACES_FILE:=/dibao/namespaces.txt}"
: "${SEARCH_ATTRIBUTES_FILE:=/dibao/search-attributes.txt}"
: "${NAMESPACE_RETENTION:=72h}"
: "${SQL_PLUGIN:=postgres12}" "${SQL_HOST:=postgres}" "${SQL_PORT:=5432}" "${SQL_USER:=temporal}" "${SQL_PASSWORD:=temporal}"
: "${DBNAME:=temporal}" "${VISIBILITY_DBNAME:=temporal_visibility}"
: "${SCHEMA_DIR:=/etc/temporal/schema/postgresql/v12}"

list() { sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$1"; }
sql() { temporal-sql-tool --plugin "$SQL_PLUGIN" --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" --pw "$SQL_PASSWORD" "$@"; }

case "${1:-}" in
  schema)
    for pair in "$DBNAME:temporal" "$VISIBILITY_DBNAME:visibility"; do
      db="${pair%%:*}"
      # the databases may exist already (infra/postgres/docker-init.sh creates them owned by the role temporal)
      sql --db "$db" create-database 2>/dev/null || true
      # version tables once; then every versioned step the database lacks (a no-op when current)
      sql --db "$db" setup-schema -v 0.0 2>/dev/null || true
      sql --db "$db" update-schema -d "$SCHEMA_DIR/${pair##*:}/versioned"
    done
    ;;
  setup)
    for i in $(seq 1 90); do
      temporal operator cluster health --address "$TEMPORAL_ADDRESS" 2>/dev/null | grep -q SERVING && break
      [[ $i -lt 90 ]] || { echo "Temporal at $TEMPORAL_ADDRESS not ready after 180s" >&2; exit 1; }
      sleep 2
    done
    list "$NAMESPACES_FILE" | while read -r ns; do
      temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$ns" >/dev/null 2>&1 ||
        temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --retention "$NAMESPACE_RETENTION"
      # a new namespace reaches every service's cache within seconds: retry until its attributes are all listed
      for i in $(seq 1 45); do
        listed="$(temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$ns" 2>/dev/null || true)"
        missing=0
        while IFS='=' read -r name type; do
          grep -qw -- "$name" <<<"$listed" && continue
          missing=1
          temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --name "$name" --type "$type" >/dev/null 2>&1 || true
        done < <(list "$SEARCH_ATTRIBUTES_FILE")
        [[ $missing == 0 ]] && break
        [[ $i -lt 45 ]] || { echo "search attributes of $ns not registered after 90s" >&2; exit 1; }
        sleep 2
      done
      echo "namespace $ns: retention $NAMESPACE_RETENTION, search attributes registered"
    done
    ;;
  *)
    echo "usage: $0 schema|setup" >&2
    exit 2
    ;;
esac
