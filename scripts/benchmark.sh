#!/usr/bin/env bash
# The login benchmark (docs/performance.md): builds the jar, then measures flows A (password), B (password +
# Keycloak's OTP form), C and CF (password + sipgate-sms, returning and first SMS logins) and P (phone sign-in) on a production-mode
# Keycloak 26.7.3 (ports 8180/9180)
# with a local fake sipgate. Results: target/benchmark/results.{txt,csv,json}: per flow and concurrency the median
# logins/s over the rounds and their spread (min-max, and in % below and above the median); the targets C/B and CF/B
# are judged on the ratio of the medians (the rule is printed before the run).
# The full run measures 5 rounds of 10 s per flow and concurrency (1, 4, 16 users), with the fake sipgate in a JVM of
# its own (loopback, free ports). 35 minutes on 2 cores in the documented run 10 (2026-12-07): 18 to build, start, import
# and warm up the 13 724 users, the rest measured phases.
#   scripts/benchmark.sh                         full run (what docs/performance.md shows)
#   scripts/benchmark.sh full -Dbench.rounds=7   full run with another number of rounds (more first-SMS users with it)
#   scripts/benchmark.sh smoke    a few seconds per phase, 1 round, fake sipgate in the harness's JVM, max-concurrent-sends 4
#                                 (mvn verify runs this as LoginBenchmarkIT)
# The harness: src/bench/java/io/github/sipgatesms/keycloak/bench/ (compiled with the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
mvn -B -q -DskipTests package
exec mvn -B -q exec:java -Dexec.mainClass=io.github.sipgatesms.keycloak.bench.LoginBenchmark \
  -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false -Dexec.args="$mode" "${@:2}"
