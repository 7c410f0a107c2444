#!/usr/bin/env bash
# Fetches the Temporal Java test server (io.temporal:temporal-test-server, see pom.xml) and its dependencies from
# Maven Central into .local/temporal-test-server. Idempotent: does nothing when the jars are there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
dest="${TEMPORAL_TEST_SERVER_JARS:-$root/.local/temporal-test-server}"
if compgen -G "$dest/temporal-test-server-*.jar" > /dev/null; then exit 0; fi
mkdir -p "$dest"
mvn -B -q -f "$root/apps/case-worker/test/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$dest" -DincludeScope=runtime >&2
