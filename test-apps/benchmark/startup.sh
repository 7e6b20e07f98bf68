#!/usr/bin/env bash
# Start-up cost of the agent: a hello world (JVM start to exit) and the Spring Boot test app (JVM start
# to its first successful request), each without and with the agent, interleaved, median of N runs.
# Usage: test-apps/benchmark/startup.sh [runs]   (after ./mvnw -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
java=${JAVA:-java}
agent=agent/target/monitoring-agent.jar
hello_cp=test-apps/tomcat11-app/target/tomcat11-app.jar
boot=test-apps/spring-boot-app/target/spring-boot-app.jar
agent_args="metrics.port=0,traces.exporter=otlp,otlp.endpoint=http://127.0.0.1:9"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

hello() { # $1: extra JVM flags
  local t0; t0=$(now_ms); $java $1 -cp $hello_cp io.monitoring.testapp.tomcat11.Hello >/dev/null 2>&1; echo $(( $(now_ms) - t0 ));
}

boot_run() { # $1: extra JVM flags; prints ms to first 200 from /health
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local t0; t0=$(now_ms)
  $java $1 -jar $boot --server.port=$port >/dev/null 2>&1 &
  local pid=$!
  local deadline=$(( t0 + 60000 ))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    [ "$(now_ms)" -lt $deadline ] || { kill $pid; echo "timeout" >&2; return 1; }
    sleep 0.02
  done
  echo $(( $(now_ms) - t0 ))
  kill $pid; wait $pid 2>/dev/null || true
}

declare -a h0 h1 b0 b1
for i in $(seq "$runs"); do
  h0+=("$(hello "")"); h1+=("$(hello "-javaagent:$agent=$agent_args")")
done
for i in $(seq "$(( (runs + 1) / 2 ))"); do
  b0+=("$(boot_run "")"); b1+=("$(boot_run "-javaagent:$agent=$agent_args")")
done
mh0=$(printf '%s\n' "${h0[@]}" | median); mh1=$(printf '%s\n' "${h1[@]}" | median)
mb0=$(printf '%s\n' "${b0[@]}" | median); mb1=$(printf '%s\n' "${b1[@]}" | median)
echo "| workload | no agent (ms) | with agent (ms) | added (ms) |"
echo "|---|---|---|---|"
echo "| hello world, start to exit (median of $runs) | $mh0 | $mh1 | $(awk "BEGIN{print $mh1-$mh0}") |"
echo "| Spring Boot app, start to first 200 (median of ${#b0[@]}) | $mb0 | $mb1 | $(awk "BEGIN{print $mb1-$mb0}") |"
echo "($($java -version 2>&1 | head -1), $(nproc) cores, $(date -u +%Y-%m-%d))"
