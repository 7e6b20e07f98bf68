#!/usr/bin/env bash
# Two (or more) agent jars against no agent on the Spring Boot test app: JVM start to the first 200 from /health and
# the process's CPU (user + system, /proc/<pid>/stat) at that moment, the variants interleaved run by run, medians.
# For comparing engines: one startup.sh run moves by ±700 ms on a 2-core machine, interleaved medians much less.
# Usage: test-apps/benchmark/compare-startup.sh [--runs N] [--traces] JAR...   (after ./mvnw -q package -DskipTests)
#   --traces   agents export spans (to a closed port) instead of metrics only
#   e.g. git stash; ./mvnw -q -pl agent -am package -DskipTests; cp agent/target/monitoring-agent.jar /tmp/before.jar;
#        git stash pop; ./mvnw -q -pl agent -am package -DskipTests;
#        test-apps/benchmark/compare-startup.sh /tmp/before.jar agent/target/monitoring-agent.jar
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=5
args="metrics.port=0,traces.exporter=none"
jars=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --traces) args="metrics.port=0,traces.exporter=otlp,otlp.endpoint=http://127.0.0.1:9"; shift ;;
    *) jars+=("$1"); shift ;;
  esac
done
java=${JAVA:-java}
boot=test-apps/spring-boot-app/target/spring-boot-app.jar
ticks=$(getconf CLK_TCK)

run() { # $1: jar or "none"; prints "wall-ms cpu-ms"
  local flags=""; [ "$1" != none ] && flags="-javaagent:$1=$args"
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local t0; t0=$(date +%s%3N)
  $java $flags -jar $boot --server.port=$port >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    [ $(( $(date +%s%3N) - t0 )) -lt 60000 ] || { kill $pid; echo "timeout" >&2; return 1; }
    sleep 0.02
  done
  local wall=$(( $(date +%s%3N) - t0 ))
  echo "$wall $(awk -v t="$ticks" '{print int(($14 + $15) * 1000 / t)}' /proc/$pid/stat)"
  kill $pid; wait $pid 2>/dev/null || true
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

variants=(none "${jars[@]}")
declare -A results
for i in $(seq "$runs"); do
  for v in "${variants[@]}"; do results[$v]+="$(run "$v");"; done
done
base_wall=$(tr ';' '\n' <<<"${results[none]}" | grep . | cut -d' ' -f1 | median)
base_cpu=$(tr ';' '\n' <<<"${results[none]}" | grep . | cut -d' ' -f2 | median)
echo "| variant ($args) | start to first 200, ms | added | CPU by then, ms | added |"
echo "|---|---|---|---|---|"
for v in "${variants[@]}"; do
  wall=$(tr ';' '\n' <<<"${results[$v]}" | grep . | cut -d' ' -f1 | median)
  cpu=$(tr ';' '\n' <<<"${results[$v]}" | grep . | cut -d' ' -f2 | median)
  echo "| $v | $wall | $(awk "BEGIN{print $wall-$base_wall}") | $cpu | $(awk "BEGIN{print $cpu-$base_cpu}") |"
done
echo "($($java -version 2>&1 | head -1), $(nproc) cores, $runs runs each, interleaved, medians, $(date -u +%Y-%m-%d))"
