#!/usr/bin/env bash
# Print the resolved docker-compose.yml (`docker-compose config`) as JSON, for infra/test.
# Needs no Docker engine. Installs Debian's docker-compose package (Compose 1.29, Python) when no compose
# is available and we are root with apt-get: CI runs on fresh machines, and the package also brings
# python3-yaml, used here to turn the YAML into JSON.
#   DOCKER_COMPOSE="docker compose" bash infra/local/compose-config.sh    # use Compose v2 instead
#   bash infra/local/compose-config.sh --env-file infra/docker/production.env   # options before `config`
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

if [[ -n "${DOCKER_COMPOSE:-}" ]]; then
  read -r -a compose <<<"$DOCKER_COMPOSE"
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "docker-compose not found, and cannot install it (needs root and apt-get): apt-get install -y docker-compose" >&2
    exit 1
  fi
  echo "docker-compose not found: installing Debian's docker-compose package" >&2
  mkdir -p "$ROOT/.local/logs"
  log="$ROOT/.local/logs/docker-compose-install.log"
  # a fresh machine's package lists may be empty or stale: update first
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose; } >>"$log" 2>&1; then
    echo "apt-get install docker-compose failed; see $log" >&2
    exit 1
  fi
  compose=(docker-compose)
fi

cd "$ROOT"
yaml="$("${compose[@]}" -f docker-compose.yml "$@" config)"
# YAML -> JSON with PyYAML: the python3 on PATH may be another install (pyenv) without it; Debian's
# /usr/bin/python3 has it whenever Debian's docker-compose is installed. Compose v2 can print JSON itself.
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import yaml' 2>/dev/null; then
    exec "$py" -c 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)' <<<"$yaml"
  fi
done
exec "${compose[@]}" -f docker-compose.yml "$@" config --format json
