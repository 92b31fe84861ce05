#!/usr/bin/env bash
# The login benchmark (docs/performance.md): builds the jar, then measures flows A (password), B (password +
# Keycloak's OTP form), C and CF (password + sipgate-sms, returning and first SMS logins) and P (phone sign-in) on a production-mode
# Keycloak 26.7.3 (ports 8180/9180)
# with a local fake sipgate. Results: target/benchmark/results.{txt,csv,json}. About 20 minutes on 2 cores.
#   scripts/benchmark.sh          full run (what docs/performance.md shows)
#   scripts/benchmark.sh smoke    a few seconds per phase, max-concurrent-sends 4 (mvn verify runs this as LoginBenchmarkIT)
# The harness: src/bench/java/io/github/sipgatesms/keycloak/bench/ (compiled with the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
mvn -B -q -DskipTests package
exec mvn -B -q exec:java -Dexec.mainClass=io.github.sipgatesms.keycloak.bench.LoginBenchmark \
  -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false -Dexec.args="$mode"
