#!/bin/sh
# Entrypoint of the demo images (Dockerfile beside this file): runs /app/app.jar with the container's arguments.
# The monitoring agent is not named here: JAVA_TOOL_OPTIONS=-javaagent:/agent/monitoring-agent.jar in the
# environment adds it, as it would to any Java image.
#
# The cache app (service "backend") binds its HTTP connector to 127.0.0.1, which no other container can reach.
# With FORWARD_LISTEN_PORT and FORWARD_TO_LOOPBACK_PORT set, socat listens on every interface at the first port
# and relays each connection to 127.0.0.1 at the second; requests, responses and their traceparent headers pass
# through unchanged. (Not MONITORING_* names: the agent warns about MONITORING_* variables it does not know.)
set -eu

if [ -n "${FORWARD_LISTEN_PORT:-}" ]; then
  : "${FORWARD_TO_LOOPBACK_PORT:?is required with FORWARD_LISTEN_PORT}"
  socat "TCP-LISTEN:${FORWARD_LISTEN_PORT},fork,reuseaddr" "TCP:127.0.0.1:${FORWARD_TO_LOOPBACK_PORT}" &
fi

exec java -jar /app/app.jar "$@"
