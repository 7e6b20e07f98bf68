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
source test-apps/benchmark/startup-common.sh # median, boot_run

variants=(none "${jars[@]}")
declare -A results
for i in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    flags=""; [ "$v" = none ] || flags="-javaagent:$v=$args"
    results[$v]+="$(boot_run "$flags");"
  done
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
