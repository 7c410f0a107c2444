#!/usr/bin/env bash
# docker-compose only (service temporal-setup, image temporalio/admin-tools): wait for the Temporal server
# and its default namespace, then register every search attribute of search-attributes.txt (mounted at
# /dibao/search-attributes.txt) that is not registered yet. The native dev server registers them itself
# (--search-attribute, infra/local/lib/temporal.sh).
set -euo pipefail
: "${TEMPORAL_ADDRESS:=temporal:7233}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${SEARCH_ATTRIBUTES_FILE:=/dibao/search-attributes.txt}"

for i in $(seq 1 90); do
  if temporal operator cluster health --address "$TEMPORAL_ADDRESS" 2>/dev/null | grep -q SERVING &&
    temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
    break
  fi
  [[ $i -lt 90 ]] || { echo "Temporal at $TEMPORAL_ADDRESS not ready after 180s" >&2; exit 1; }
  sleep 2
done

listed="$(temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE")"
sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$SEARCH_ATTRIBUTES_FILE" | while IFS='=' read -r name type; do
  if grep -qw -- "$name" <<<"$listed"; then
    echo "search attribute $name already registered"
  else
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" \
      --name "$name" --type "$type"
  fi
done
temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"
