#!/usr/bin/env bash
# Overhead benchmark: what each agent costs the Spring Boot test app on one realistic request.
#
# What: test-apps/spring-boot-app serving GET /checkout/{id} (servlet + Spring MVC, one JdbcTemplate query on H2
# through HikariCP, one @Cacheable lookup on Caffeine, one outgoing JDK HttpClient call), started as three variants:
#   none   no agent
#   agent  this agent: -javaagent:agent/target/monitoring-agent.jar=metrics.port=P,metrics.host=127.0.0.1,
#          otlp.endpoint=http://127.0.0.1:SINK (Prometheus endpoint on, every span exported over OTLP http/protobuf)
#   otel   the OpenTelemetry Java agent (version pinned in test-apps/overhead-benchmark/pom.xml, copied by the
#          build to test-apps/overhead-benchmark/target/opentelemetry-javaagent.jar) doing comparable work:
#          otel.metrics.exporter=prometheus on 127.0.0.1:P, otel.traces.exporter=otlp over http/protobuf to the
#          same sink, otel.logs.exporter=none, default sampler (every span)
# interleaved (none agent otel none agent otel ...), one fresh JVM per variant and run, so machine drift hits all
# three alike. Every JVM of the app gets the same flags: $JVM_OPTS (default -Xms256m -Xmx256m -XX:+UseG1GC).
# Shared by all variants and never instrumented: one JVM (io.monitoring.bench.overhead.Services) serving the
# backend of the outgoing call (GET /svc/items/{id}, 200 at once) and an OTLP/HTTP sink (200 to every export,
# spans counted). Everything listens on 127.0.0.1 only.
#
# Per variant and run: start-up (JVM launch to the first 200 from /checkout/1, timed by the already warm services
# JVM polling every 10 ms); then one load generator JVM (io.monitoring.bench.overhead.LoadGen, its own lean
# HTTP/1.1 client): warm-up and saturation throughput with 16 connections in a closed loop; latency p50/p99 at a
# fixed rate (open model: latency counted from when each request was due), the rate being RATE_FRACTION (0.3) of the
# first no-agent run's saturation throughput unless --rate is given, the same for every later run and variant;
# CPU seconds per 10,000 requests at that rate (/proc/<pid>/stat utime+stime); median time of N GETs of the
# agent's /metrics; spans per request received by the sink. After the load: VmRSS, then jcmd GC.run and
# GC.heap_info (heap used after a full GC), jstat -gc (metaspace used) and jstat -class (classes loaded now).
# Figures are medians over the runs; the report (overhead_report.py) adds jar sizes, ratios to "none" (for throughput
# also the median of the interleaved pairs' ratios) and the issue's targets met/missed, and writes <out>/latest.md
# and <out>/latest.json (printing the Markdown).
#
# How: after ./mvnw -q install -DskipTests at the repository root (builds nothing itself)
#   test-apps/benchmark/run.sh                 5 runs per variant, results in test-apps/benchmark/results/
#   test-apps/benchmark/run.sh --runs 7        more runs
#   test-apps/benchmark/run.sh --quick         smoke run (what .ci/run does): 1 run per variant, short phases
#   test-apps/benchmark/run.sh --out DIR       write latest.md/latest.json (and the logs) to DIR instead
#   test-apps/benchmark/run.sh --rate 600      fixed rate for the latency phase (requests/s)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java test-apps/benchmark/run.sh   picks the JDK (jcmd and jstat
#                                              are taken from the same JDK)
#   JVM_OPTS='-Xms512m -Xmx512m' ...           heap/GC flags of the app (the same for all variants)
# How long: full run (5 runs x 3 variants, each ~45 s: start-up, 10 s warm-up, 8 s saturation, 2 + 10 s fixed
# rate, scrape, jcmd) about 12 minutes on 2 cores; --quick about 2 minutes. Run it on an otherwise idle machine:
# the load average at start and end is recorded in the results.
# It also measures what other processes use meanwhile (all CPUs' busy time from /proc/stat minus this script's, its
# children's and the services JVM's) and reports it per variant: above ~0.1 cores the figures are suspect.
# Exit status: non-zero when a variant does not start within START_TIMEOUT (120 s), dies, answers more than 1% of
# a phase's requests with anything but 200, or its /metrics cannot be scraped. Every process started here is
# stopped by its pid on exit (also on Ctrl-C); every wait is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

runs=5
quick=0
out=$root/test-apps/benchmark/results
rate=
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --out) out=${2:?--out needs a directory}; shift ;;
    --rate) rate=${2:?--rate needs requests per second}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then
  runs=1; warmup=3; saturate=3; lead=1; rate_duration=4; scrape_n=10
else
  warmup=10; saturate=8; lead=2; rate_duration=10; scrape_n=30
fi
concurrency=16
rate_connections=32
rate_fraction=${RATE_FRACTION:-0.3}
start_timeout=${START_TIMEOUT:-120}
jvm_opts=${JVM_OPTS:--Xms256m -Xmx256m -XX:+UseG1GC}

java=${JAVA:-java}
javabin=$(command -v "$java") || { echo "no java at '$java'" >&2; exit 1; }
jdkbin=$(dirname "$(readlink -f "$javabin")")
jcmd=$jdkbin/jcmd
jstat=$jdkbin/jstat
agent=$root/agent/target/monitoring-agent.jar
otel=$root/test-apps/overhead-benchmark/target/opentelemetry-javaagent.jar
bench=$root/test-apps/overhead-benchmark/target/overhead-benchmark.jar
boot=$root/test-apps/spring-boot-app/target/spring-boot-app.jar
for f in "$agent" "$otel" "$bench" "$boot"; do
  [ -f "$f" ] || { echo "missing $f: build first with ./mvnw -q install -DskipTests (at $root)" >&2; exit 1; }
done
for f in "$jcmd" "$jstat"; do
  [ -x "$f" ] || { echo "missing $f (jcmd and jstat come from the JDK of $javabin)" >&2; exit 1; }
done
command -v python3 >/dev/null || { echo "python3 is needed for free ports and the report" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }

mkdir -p "$out"
work=$out/logs
rm -rf "$work"
mkdir -p "$work"
raw=$work/runs.jsonl
: > "$raw"

# every process started here, stopped by pid on exit
pids=()
stop_pid() { # $1: pid; TERM, up to 15 s, then KILL
  local p=$1 i
  if kill "$p" 2>/dev/null; then
    for i in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  fi
  wait "$p" 2>/dev/null || true
  local keep=() q
  for q in "${pids[@]}"; do [ "$q" = "$p" ] || keep+=("$q"); done
  pids=("${keep[@]}") # stopped and reaped: never signalled again (its pid may be reused)
}
cleanup() {
  local p
  for p in "${pids[@]}"; do stop_pid "$p"; done
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
# shellcheck source=variants.sh
. "$root/test-apps/benchmark/variants.sh"
fail() { echo "FAILED: $*" >&2; exit 1; }
# "busy_ticks mine_ticks": all CPUs' user+nice+system time (/proc/stat; interrupts, softirqs - loopback traffic
# among them - and steal left out, as no process is charged for them) and the CPU of this script with every child it has
# reaped (its utime+stime+cutime+cstime) plus the still running services JVM (and app, $1 if given); the
# difference over a run is what other processes on the machine used meanwhile
cpu_snapshot() {
  local busy mine p
  busy=$(awk '/^cpu / {print $2 + $3 + $4}' /proc/stat) # user, nice, system: what processes are charged
  mine=$(awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$$/stat")
  for p in "$services_pid" "$@"; do
    [ -r "/proc/$p/stat" ] && mine=$(( mine + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat") ))
  done
  echo "$busy $mine"
}

t_begin=$(now_ms)
load_begin=$(cut -d' ' -f1-3 /proc/loadavg)
echo "overhead benchmark: $runs run(s) per variant, $(nproc) cores, load average $load_begin, JDK: $("$java" -version 2>&1 | head -1)" >&2
echo "logs in $work" >&2

# the shared, uninstrumented backend and OTLP sink
"$java" -Xmx128m -cp "$bench" io.monitoring.bench.overhead.Services >"$work/services.log" 2>&1 &
services_pid=$!
pids+=("$services_pid")
for i in $(seq 300); do
  grep -q '^READY' "$work/services.log" && break
  kill -0 "$services_pid" 2>/dev/null || fail "the services JVM exited: $(cat "$work/services.log")"
  sleep 0.1
done
read -r _ b s < <(grep '^READY' "$work/services.log") || fail "the services JVM did not start in 30 s"
backend_port=${b#backend=}
sink_port=${s#sink=}
sink=http://127.0.0.1:$sink_port

one_run() { # $1: run number, $2: variant
  local run=$1 v=$2 port mport log pid t0 startup rc flags=() scrape=()
  port=$(free_port)
  mport=$(free_port)
  variant_flags "$v" "$agent" "$otel" "$sink" "$mport"
  [ "$v" = none ] || scrape=(--scrape "http://127.0.0.1:$mport/metrics" --scrape-n "$scrape_n")
  log=$work/$v-$run.log
  echo "--- run $run/$runs, $v" >&2
  local cpu_before t_before
  cpu_before=$(cpu_snapshot)
  t_before=$(now_ms)
  t0=$(now_ms)
  # shellcheck disable=SC2086 # jvm_opts is a list of flags
  "$java" $jvm_opts "${flags[@]}" -jar "$boot" --server.port="$port" \
    --checkout.backend-url="http://127.0.0.1:$backend_port" >"$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  startup=$(curl -s --max-time $((start_timeout + 15)) \
    "$sink/_wait?url=http://127.0.0.1:$port/checkout/1&t0=$t0&pid=$pid&timeout=$start_timeout") || true
  case "$startup" in
    *'"ok":true'*) echo "    start-up: $startup" >&2 ;;
    *) tail -30 "$log" >&2; fail "$v (run $run) did not serve /checkout/1: ${startup:-no answer}" ;;
  esac

  rc=0
  "$java" -Xmx256m -cp "$bench" io.monitoring.bench.overhead.LoadGen --target "http://127.0.0.1:$port" \
    --path '/checkout/%d' --ids 5 --pid "$pid" --sink "$sink" \
    --concurrency "$concurrency" --warmup "$warmup" --saturate "$saturate" \
    ${rate:+--rate "$rate"} --rate-fraction "$rate_fraction" --rate-lead "$lead" \
    --rate-duration "$rate_duration" --rate-connections "$rate_connections" "${scrape[@]}" \
    >"$work/$v-$run.load.json" 2> >(sed 's/^/    /' >&2) || rc=$?
  kill -0 "$pid" 2>/dev/null || { tail -30 "$log" >&2; fail "$v (run $run) died under load"; }
  [ "$rc" = 0 ] || { tail -30 "$log" >&2; fail "$v (run $run): load generator exit status $rc: $(cat "$work/$v-$run.load.json")"; }
  if [ -z "$rate" ]; then # the first run of the first variant fixes the rate for everything after it
    rate=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["rate"]["target_rps"]))' "$work/$v-$run.load.json")
    echo "    fixed rate for every variant and run: $rate req/s" >&2
  fi

  local rss_kb threads heap classes gcstat
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
  timeout 60 "$jcmd" "$pid" GC.run >/dev/null || fail "jcmd GC.run on $v (run $run)"
  heap=$(timeout 60 "$jcmd" "$pid" GC.heap_info) || fail "jcmd GC.heap_info on $v (run $run)"
  classes=$(timeout 60 "$jstat" -class "$pid" | tail -1) || fail "jstat -class on $v (run $run)"
  gcstat=$(timeout 60 "$jstat" -gc "$pid") || fail "jstat -gc on $v (run $run)"
  stop_pid "$pid"
  local foreign
  foreign=$(awk -v a="$cpu_before" -v b="$(cpu_snapshot)" -v ms=$(( $(now_ms) - t_before )) -v hz="$(getconf CLK_TCK)" \
    'BEGIN {split(a, x); split(b, y); f = ((y[1] - x[1]) - (y[2] - x[2])) / hz / (ms / 1000); printf "%.3f", (f < 0 ? 0 : f)}')
  echo "    other processes used $foreign cores on average meanwhile" >&2

  python3 - "$run" "$v" "$startup" "$work/$v-$run.load.json" "$rss_kb" "$threads" "$heap" "$classes" "$foreign" "$gcstat" >>"$raw" <<'EOF'
import json, re, sys
run, v, startup, load_file, rss_kb, threads, heap, classes, foreign, gcstat = sys.argv[1:]
rec = {"run": int(run), "variant": v, "other_processes_cpu_cores": float(foreign)}
s = json.loads(startup)
rec["startup_ms"] = s["ms"]
rec["startup_cpu_s"] = s["cpu_s"]
rec["load"] = json.load(open(load_file))
rec["rss_kb"] = int(rss_kb)
rec["threads"] = int(threads)
m = re.search(r"heap\s+total[^\n]*?used (\d+)K", heap)  # JDK 17: "total 262144K, used 27034K"; 25: "total reserved …, committed …, used …"
rec["heap_used_after_gc_kb"] = int(m.group(1)) if m else None
head, values = gcstat.strip().splitlines()[-2:]  # jstat -gc: MU is the metaspace used, in KB (JDK 25's GC.heap_info has none)
gc = dict(zip(head.split(), values.split()))
rec["metaspace_used_kb"] = round(float(gc["MU"])) if "MU" in gc else None
c = classes.split()  # Loaded Bytes Unloaded Bytes Time
rec["classes_loaded"] = int(c[0]) - int(c[2])
print(json.dumps(rec))
EOF
}

variants=(none agent otel)
for run in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    one_run "$run" "$v"
  done
done

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed_s=$(( ($(now_ms) - t_begin) / 1000 ))
python3 "$root/test-apps/benchmark/overhead_report.py" --raw "$raw" --out "$out" \
  --jdk "$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')" \
  --jdk-line "$("$java" -version 2>&1 | sed -n 2p)" \
  --agent-jar "$agent" --otel-jar "$otel" \
  --jvm-opts "$jvm_opts" --rate "$rate" --mode "$([ "$quick" = 1 ] && echo quick || echo full)" \
  --phases "warm-up ${warmup}s, saturation ${saturate}s at $concurrency connections, fixed rate ${lead}s lead + ${rate_duration}s at $rate_connections connections, $scrape_n scrapes" \
  --load-begin "$load_begin" --load-end "$load_end" --elapsed "$elapsed_s"
echo "done in ${elapsed_s}s; results in $out/latest.md and $out/latest.json" >&2
