#!/usr/bin/env bash
# Builds the extension and starts a real Keycloak (distribution from Maven Central) on
# http://localhost:8080 with the jar in providers/ and the demo realm imported.
#   admin console: http://localhost:8080/admin  (admin / admin)
#   demo login:    http://localhost:8080/realms/demo/account  (demo / demo)
# With SIPGATE_TOKEN_ID, SIPGATE_TOKEN (and optionally SIPGATE_SMS_ID) in the environment it sends
# real SMS through sipgate; without them it runs in SIMULATION mode and writes each SMS to this log.
#   --metrics      also serves Keycloak's and the extension's metrics (sipgate_sms_*) on the management port:
#                  http://localhost:9000/metrics
# KC_HTTP_PORT and KC_HTTP_MANAGEMENT_PORT move the two ports (defaults 8080 and 9000).
# Ctrl-C stops Keycloak.
set -euo pipefail
cd "$(dirname "$0")"

metrics=false
for arg in "$@"; do
  case "$arg" in
    --metrics) metrics=true ;;
    *) echo "usage: ./run.sh [--metrics]" >&2; exit 2 ;;
  esac
done
HTTP_PORT="${KC_HTTP_PORT:-8080}"
MANAGEMENT_PORT="${KC_HTTP_MANAGEMENT_PORT:-9000}"

KC_VERSION="${KC_VERSION:-26.7.3}"
HOME_DIR="target/run/keycloak-${KC_VERSION}"

mvn -q -B -DskipTests package
if [ ! -x "${HOME_DIR}/bin/kc.sh" ]; then
  mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:zip" -DoutputDirectory=target/run
  (cd target/run && unzip -q -o "keycloak-quarkus-dist-${KC_VERSION}.zip")
fi
cp target/keycloak-sipgate-sms.jar "${HOME_DIR}/providers/"
mkdir -p "${HOME_DIR}/data/import"
cp demo/realm-demo.json "${HOME_DIR}/data/import/"

opts=()
if [ -n "${SIPGATE_TOKEN_ID:-}" ] && [ -n "${SIPGATE_TOKEN:-}" ]; then
  echo ">>> sipgate credentials found: codes are sent as real SMS (billed by sipgate)."
  # as environment variables, never as arguments: a process list (ps) shows arguments to every local user
  export KC_SPI_AUTHENTICATOR__SIPGATE_SMS__SIPGATE_TOKEN_ID="${SIPGATE_TOKEN_ID}"
  export KC_SPI_AUTHENTICATOR__SIPGATE_SMS__SIPGATE_TOKEN="${SIPGATE_TOKEN}"
  if [ -n "${SIPGATE_SMS_ID:-}" ]; then
    export KC_SPI_AUTHENTICATOR__SIPGATE_SMS__SIPGATE_SMS_ID="${SIPGATE_SMS_ID}"
  fi
else
  echo ">>> No SIPGATE_TOKEN_ID/SIPGATE_TOKEN: SIMULATION mode, no SMS is sent; codes appear in this log (look for SIMULATION)."
  opts+=("--spi-authenticator--sipgate-sms--allow-simulation=true" "--spi-authenticator--sipgate-sms--simulation=true")
fi

if [ "${metrics}" = true ]; then
  # sipgate_sms_* (sent, refused, checked codes, sipgate latency, realm budget) next to Keycloak's own metrics
  opts+=("--metrics-enabled=true")
  echo ">>> metrics: http://localhost:${MANAGEMENT_PORT}/metrics (grep sipgate_sms_)"
fi

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
echo ">>> Keycloak ${KC_VERSION}: http://localhost:${HTTP_PORT}/realms/demo/account (demo / demo), admin console http://localhost:${HTTP_PORT}/admin (admin / admin)"
# --features=declarative-ui: the realm tab "SMS (sipgate)" (Keycloak keeps its tab extension point behind this feature)
exec "${HOME_DIR}/bin/kc.sh" start-dev --http-port="${HTTP_PORT}" --http-management-port="${MANAGEMENT_PORT}" --import-realm \
  --features=declarative-ui "${opts[@]}"
