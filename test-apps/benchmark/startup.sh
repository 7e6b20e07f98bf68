#!/usr/bin/env bash
# Start-up cost of the agent: a hello world (JVM start to exit; also with an agent whose premain does nothing, the
# part of the hello world's cost any -javaagent pays) and the Spring Boot test app (JVM start
# to its first successful request, metrics only and with traces exported; then the time from SIGTERM to exit),
# each without and with the agent, interleaved, median of N runs; the hello world's peak RSS from /usr/bin/time.
# Usage: test-apps/benchmark/startup.sh [runs]   (after ./mvnw -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
java=${JAVA:-java}
agent=agent/target/monitoring-agent.jar
hello_cp=test-apps/tomcat11-app/target/tomcat11-app.jar
boot=test-apps/spring-boot-app/target/spring-boot-app.jar
traces_args="metrics.port=0,traces.exporter=otlp,otlp.endpoint=http://127.0.0.1:9"
metrics_args="metrics.port=0,traces.exporter=none"

source test-apps/benchmark/startup-common.sh # now_ms, median, boot_run
rss=$(mktemp)
# the JVM's own price of any -javaagent (java.instrument's module graph, which CDS cannot hold then, and JVMTI): an
# agent whose premain does nothing, built here with the JDK of $java
empty=$(mktemp -d)
jdkbin=$(dirname "$(readlink -f "$(command -v "$java")")")
mkdir -p "$empty/src" "$empty/classes"
printf 'public final class EmptyAgent {\n  public static void premain(String args, java.lang.instrument.Instrumentation inst) {}\n}\n' \
  > "$empty/src/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' > "$empty/manifest"
"$jdkbin/javac" -d "$empty/classes" "$empty/src/EmptyAgent.java" \
  && "$jdkbin/jar" cfm "$empty/empty-agent.jar" "$empty/manifest" -C "$empty/classes" .

hello() { # $1: extra JVM flags; prints "ms peak-RSS-KiB"
  local t0; t0=$(now_ms); /usr/bin/time -f %M -o "$rss" $java $1 -cp $hello_cp io.monitoring.testapp.tomcat11.Hello >/dev/null 2>&1
  echo "$(( $(now_ms) - t0 )) $(tail -1 "$rss")"
}

declare -a h0 h1 h2 b0 b1 b2
for i in $(seq "$runs"); do
  h0+=("$(hello "")"); h1+=("$(hello "-javaagent:$agent=$traces_args")"); h2+=("$(hello "-javaagent:$empty/empty-agent.jar")")
done
for i in $(seq "$(( (runs + 1) / 2 ))"); do
  b0+=("$(boot_run "")"); b1+=("$(boot_run "-javaagent:$agent=$metrics_args")"); b2+=("$(boot_run "-javaagent:$agent=$traces_args")")
done
col() { # $1: field number; the rest: "a b" pairs; prints the median of that field
  local f=$1; shift; printf '%s\n' "$@" | awk -v f="$f" '{print $f}' | median
}
row() { # $1: label, $2: no agent, $3: with agent
  echo "| $1 | $2 | $3 | $(awk "BEGIN{print $3-$2}") |"
}
echo "| workload | no agent | with agent | added |"
echo "|---|---|---|---|"
row "hello world, start to exit, ms (median of $runs; traces on)" "$(col 1 "${h0[@]}")" "$(col 1 "${h1[@]}")"
row "hello world with an agent whose premain does nothing (the JVM's share of the above), ms (median of $runs)" \
  "$(col 1 "${h0[@]}")" "$(col 1 "${h2[@]}")"
row "hello world, peak RSS, MiB (median of $runs)" "$(awk "BEGIN{printf \"%.1f\", $(col 2 "${h0[@]}")/1024}")" \
  "$(awk "BEGIN{printf \"%.1f\", $(col 2 "${h1[@]}")/1024}")"
row "Spring Boot app, start to first 200, ms (median of ${#b0[@]}), metrics only" "$(col 1 "${b0[@]}")" "$(col 1 "${b1[@]}")"
row "Spring Boot app, start to first 200, ms (median of ${#b0[@]}), traces exported" "$(col 1 "${b0[@]}")" "$(col 1 "${b2[@]}")"
row "Spring Boot app, SIGTERM to exit after one /checkout, ms (median of ${#b0[@]}), traces exported" "$(col 3 "${b0[@]}")" "$(col 3 "${b2[@]}")"
echo "($($java -version 2>&1 | head -1), $(nproc) cores, $(date -u +%Y-%m-%d))"
rm -rf "$rss" "$empty"
