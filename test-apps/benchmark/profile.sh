#!/usr/bin/env bash
# Where a variant of the overhead benchmark spends its CPU at saturation: the Spring Boot app's GET /checkout/{id}
# under the benchmark's closed-model load, profiled by async-profiler for the saturation phase only, after the
# warm-up.
#
#   test-apps/benchmark/profile.sh [none|agent|otel] [--warmup S] [--seconds S] [--event cpu|itimer] [--out DIR]
#
# --event cpu (perf_events' CPU clock) counts every millisecond of CPU of every thread: ~1,700 samples a second
# with the app on 1.7 of 2 cores, so samples per 1,000 requests compare across variants. It needs perf_events
# (root, or kernel.perf_event_paranoid <= 1). The default, itimer, needs no permission, but its one process-wide
# timer signal is delivered ~350 times a second whatever the load (seen on the 2-core machine): read its counts
# as shares within one profile only.
#
# Writes DIR/<variant>.collapsed (one line a stack: thread;frame;...;frame count) and prints a summary: samples
# per thread group, and for the request threads the share in the agent's code and its top entry points.
# Render a flame graph from the collapsed file with any flamegraph tool, or read the summary.
# Defaults: agent, 10 s warm-up, 12 s profiled, DIR=test-apps/benchmark/results/profile. Needs the build
# (./mvnw -q install -DskipTests): async-profiler comes from Maven Central with the overhead-benchmark module.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
variant=agent; warmup=10; seconds=12; event=itimer; out=$root/test-apps/benchmark/results/profile
while [ $# -gt 0 ]; do
  case "$1" in
    none|agent|otel) variant=$1 ;;
    --warmup) warmup=${2:?}; shift ;;
    --seconds) seconds=${2:?}; shift ;;
    --event) event=${2:?}; shift ;;
    --out) out=${2:?}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
java=${JAVA:-java}
jcmd=$(dirname "$(readlink -f "$(command -v "$java")")")/jcmd
bench=$root/test-apps/overhead-benchmark/target/overhead-benchmark.jar
boot=$root/test-apps/spring-boot-app/target/spring-boot-app.jar
agent=$root/agent/target/monitoring-agent.jar
otel=$root/test-apps/overhead-benchmark/target/opentelemetry-javaagent.jar
profjar=$root/test-apps/overhead-benchmark/target/async-profiler.jar
for f in "$bench" "$boot" "$agent" "$otel" "$profjar"; do
  [ -f "$f" ] || { echo "missing $f: build first with ./mvnw -q install -DskipTests" >&2; exit 1; }
done
case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) echo "no async-profiler for $(uname -m)" >&2; exit 1 ;; esac
mkdir -p "$out"
work=$(mktemp -d)
(cd "$work" && unzip -q "$profjar" "$arch/libasyncProfiler.so")
lib=$work/$arch/libasyncProfiler.so

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$java" -Xmx128m -cp "$bench" io.monitoring.bench.overhead.Services >"$work/services.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do grep -q '^READY' "$work/services.log" && break; sleep 0.1; done
read -r _ b s < <(grep '^READY' "$work/services.log") || { echo "the services JVM did not start" >&2; exit 1; }
sink=http://127.0.0.1:${s#sink=}
# shellcheck source=variants.sh
. "$root/test-apps/benchmark/variants.sh"
port=$(free_port)
mport=$(free_port)
variant_flags "$variant" "$agent" "$otel" "$sink" "$mport"
"$java" -Xms256m -Xmx256m -XX:+UseG1GC "${flags[@]}" -jar "$boot" --server.port="$port" \
  --checkout.backend-url="http://127.0.0.1:${b#backend=}" >"$work/app.log" 2>&1 &
app=$!
pids+=("$app")
curl -s --max-time 135 "$sink/_wait?url=http://127.0.0.1:$port/checkout/1&t0=$(date +%s%3N)&pid=$app&timeout=120" \
  | grep -q '"ok":true' || { tail -20 "$work/app.log" >&2; echo "the app did not start" >&2; exit 1; }
"$java" -Xmx256m -cp "$bench" io.monitoring.bench.overhead.LoadGen --target "http://127.0.0.1:$port" \
  --path '/checkout/%d' --ids 5 --pid "$app" --concurrency 16 --warmup "$warmup" --saturate $((seconds + 2)) \
  --rate 100 --rate-lead 1 --rate-duration 1 --rate-connections 4 >"$work/load.json" 2>"$work/load.err" &
load=$!
pids+=("$load")
sleep $((warmup + 1))
# jcmd splits its arguments at '=': the options go in quotes
"$jcmd" "$app" JVMTI.agent_load "$lib" "\"start,event=$event,interval=1ms,threads\"" >/dev/null
sleep "$seconds"
"$jcmd" "$app" JVMTI.agent_load "$lib" "\"stop,file=$out/$variant.collapsed,collapsed,threads\"" >/dev/null
wait "$load" || true
grep saturation "$work/load.err" >&2 || true
# requests in the profiled window, at the saturation phase's rate
rate=$(grep -o 'saturation: [0-9.]*' "$work/load.err" | cut -d' ' -f2 || true)

python3 - "$out/$variant.collapsed" "${rate:-0}" "$seconds" <<'PY'
import collections, re, sys
requests = float(sys.argv[2]) * float(sys.argv[3])
per = lambda v: f"  {v / requests * 1000:6.1f}/1k req" if requests else ""
threads = collections.Counter(); entries = collections.Counter(); total = req = agent = 0
for line in open(sys.argv[1]):
    stack, _, n = line.rstrip().rpartition(' ')
    n = int(n); frames = stack.split(';'); total += n
    group = re.sub(r'\d+', 'N', frames[0].strip('[]').split(' tid=')[0])
    threads[group] += n
    if 'exec' in group:
        req += n
        idx = [i for i, f in enumerate(frames) if 'io/monitoring/agent' in f or '/opentelemetry/javaagent' in f]
        if idx:
            agent += n
            i = idx[0]
            entries[frames[i].split('/')[-1] + (' > ' + frames[i + 1].split('/')[-1] if i + 1 < len(frames) else '')] += n
print(f"{total} samples{per(total)}; by thread:")
for k, v in threads.most_common(12):
    print(f"  {v:6d} {v / total * 100:5.1f}%{per(v)}  {k}")
if req:
    print(f"request threads: {req} samples, {agent} ({agent / req * 100:.1f}%){per(agent)} in the agent's code; top entry points:")
    for k, v in entries.most_common(15):
        print(f"  {v:6d} {v / req * 100:5.1f}%{per(v)}  {k}")
PY
echo "collapsed stacks: $out/$variant.collapsed" >&2
