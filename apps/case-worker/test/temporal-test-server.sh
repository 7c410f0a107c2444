#!/usr/bin/env bash
# Runs the Temporal Java test server (time skipping) for the case workflow tests. The SDK starts this
# script as `server.executable: { type: 'existing-path' }` with `<port> --enable-time-skipping` and kills
# its pid at teardown, so the JVM must replace the shell (exec).
# Jars: mvn -B -q -f apps/case-worker/test/pom.xml dependency:copy-dependencies \
#         -DoutputDirectory="$PWD/.local/temporal-test-server" -DincludeScope=runtime
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
jars="${TEMPORAL_TEST_SERVER_JARS:-$root/.local/temporal-test-server}"
exec java -Xss1m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jars/*" io.temporal.testserver.TestServer "$@"
