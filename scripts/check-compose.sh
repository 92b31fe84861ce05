#!/usr/bin/env bash
# Part of `mvn verify` (phase verify): docker-compose.yml must be valid for Compose 1.29 (Debian's docker-compose,
# which needs no Docker engine for `config`) and for current Compose. Skip with -Dcompose.check.skip=true.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q
  echo "docker-compose.yml: valid ($(docker-compose version --short 2>/dev/null || echo docker-compose))"
elif docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q
  echo "docker-compose.yml: valid (docker compose $(docker compose version --short))"
else
  echo "docker-compose.yml cannot be checked: install Compose (Debian/Ubuntu: apt-get install docker-compose)," >&2
  echo "or skip this check with -Dcompose.check.skip=true" >&2
  exit 1
fi
