#!/usr/bin/env bash
# What the agent adds per instrumented call, per instrumentation family: the JMH benchmarks in
# test-apps/microbenchmarks (one class per family: servlet.ServletBenchmark, a request to embedded Tomcat 11
# over a kept-alive loopback socket; jdbc.JdbcBenchmark, H2 in memory: a prepared query, prepare + execute +
# close per call, a plain Statement update; jdbc.ConnectionPoolBenchmark, getConnection + close on a warm HikariCP,
# DBCP 2 or Agroal pool; httpclient.HttpClientBenchmark, JDK HttpClient and OkHttp GETs;
# cache.CaffeineBenchmark and cache.JedisBenchmark, a hit; logs.LogbackBenchmark and logs.Log4j2Benchmark, a log
# line printing the trace ids, outside and inside a request; tracing.ApplicationSpanBenchmark, spans made through
# the application's OpenTelemetry API against @WithSpan spans in one request) run three times, each in its own JMH fork:
#   no agent
#   agent, metrics        -javaagent:monitoring-agent.jar=traces.exporter=none,metrics.port=0,...
#   agent, metrics+spans  the same with every span sampled (traces.sampler.ratio=1.0) and exported over OTLP
#                         to a local port where nothing listens: each export gets "connection refused" and
#                         its batch is dropped and counted by the agent off the benchmark thread (reason
#                         export_failed); while failing the export thread tries once a second and the spans
#                         that do not fit the 2,048-span queue meanwhile are dropped at the queue (queue_full).
#                         So the column is the per-span work on the calling thread: building, ending and
#                         offering the span.
# then prints a Markdown table: ns/op ± JMH's 99.9% error per variant and the difference to no agent.
# The agent prints a few lines on stderr in the agent forks; that is expected.
#
# Usage (from anywhere; builds nothing, needs ./mvnw -q install -DskipTests at the repository root first):
#   test-apps/benchmark/microbenchmarks.sh [jmh-regex] [--quick] [-- more JMH options]
#     jmh-regex   which benchmarks, e.g. 'JdbcBenchmark.prepared' (default: all, '.')
#     --quick     smoke run: -wi 1 -i 2 -w 1s -r 1s (about 40 s for the three JDBC benchmarks)
#     -- ...      passed to JMH as is, e.g. -- -prof gc (then B/op per variant is printed too)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java test-apps/benchmark/microbenchmarks.sh   picks the JDK
#   RESULTS=dir  keeps JMH's JSON (<variant>.json) there instead of in a temporary directory
# Duration with the defaults of MicrobenchmarkSettings (1 fork, 3 x 2 s warm-up, 5 x 2 s measurement): about 17 s per benchmark
# per variant including JVM start-up, so about 2.5 minutes for the three JDBC benchmarks.
# Numbers from a loaded or 2-core machine are noisy: read the ± column before the "added" one.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

regex=.
quick=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=(-wi 1 -i 2 -w 1s -r 1s) ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) regex=$1 ;;
  esac
  shift
done

java=${JAVA:-java}
agent=$root/agent/target/monitoring-agent.jar
bench=$root/test-apps/microbenchmarks/target/microbenchmarks.jar
for jar in "$agent" "$bench"; do
  if [ ! -f "$jar" ]; then
    echo "missing $jar: build first with ./mvnw -q install -DskipTests (at $root)" >&2
    exit 1
  fi
done
command -v python3 >/dev/null || { echo "python3 is needed to read JMH's JSON results" >&2; exit 1; }

if [ -n "${RESULTS:-}" ]; then
  out=$RESULTS
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

# a port nothing listens on: bound and released again, so connecting to it is refused
dead_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
common=metrics.port=0,metrics.host=127.0.0.1
variants=(none metrics spans)
declare -A jvm_args=(
  [none]=""
  [metrics]="-javaagent:$agent=traces.exporter=none,$common"
  [spans]="-javaagent:$agent=$common,otlp.endpoint=http://127.0.0.1:$dead_port,traces.sampler.ratio=1.0"
)

for v in "${variants[@]}"; do
  echo "=== $v: ${jvm_args[$v]:-(no agent)}" >&2
  append=()
  [ -z "${jvm_args[$v]}" ] || append=(-jvmArgsAppend "${jvm_args[$v]}")
  # -foe: a benchmark that throws fails the run instead of leaving a hole in the table
  "$java" -jar "$bench" "$regex" "${append[@]}" "${quick[@]}" -foe true -rf json -rff "$out/$v.json" "${extra[@]}"
done

python3 - "$out" "${variants[@]}" <<'EOF'
import json, os, sys

out, variants = sys.argv[1], sys.argv[2:]
titles = {"none": "no agent", "metrics": "agent, metrics", "spans": "agent, metrics + spans"}
runs = {}
for v in variants:
    with open(os.path.join(out, v + ".json")) as f:
        for r in json.load(f):
            name = ".".join(r["benchmark"].split(".")[-2:])  # Class.method
            if r.get("params"):
                name += " (" + ", ".join(f"{k}={p}" for k, p in sorted(r["params"].items())) + ")"
            runs.setdefault(name, {})[v] = r

def fmt(x):
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}"

def score(r):
    m = r["primaryMetric"]
    err = float(m.get("scoreError", "NaN"))  # JMH writes "NaN" (a string) when it cannot tell, e.g. 2 iterations
    return fmt(m["score"]) + ("" if err != err else f" ± {fmt(err)}")

unit = next(iter(next(iter(runs.values())).values()))["primaryMetric"]["scoreUnit"]
head = [f"{titles['none']} ({unit} ± error)"]
for v in variants[1:]:
    head += [f"{titles[v]} ({unit} ± error)", "added"]
print()
print("| benchmark | " + " | ".join(head) + " |")
print("|---" * (len(head) + 1) + "|")
for name, rs in runs.items():
    base = rs.get("none")
    cells = [score(base) if base else "-"]
    for v in variants[1:]:
        r = rs.get(v)
        if r is None:
            cells += ["-", "-"]
            continue
        cells.append(score(r))
        if base:
            b, s = base["primaryMetric"]["score"], r["primaryMetric"]["score"]
            cells.append(f"{'+' if s >= b else ''}{fmt(s - b)} ({(s - b) / b * 100:+.0f}%)")
        else:
            cells.append("-")
    print(f"| {name} | " + " | ".join(cells) + " |")

# with -prof gc: allocation per operation, per variant
alloc = "gc.alloc.rate.norm"
if any(alloc in r.get("secondaryMetrics", {}) for rs in runs.values() for r in rs.values()):
    print()
    print("| benchmark | " + " | ".join(f"{titles[v]} (B/op)" for v in variants) + " |")
    print("|---" * (len(variants) + 1) + "|")
    for name, rs in runs.items():
        cells = []
        for v in variants:
            m = rs.get(v, {}).get("secondaryMetrics", {}).get(alloc)
            cells.append(f"{m['score']:,.0f}" if m else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")

r0 = next(iter(next(iter(runs.values())).values()))
print()
print(f"(JDK {r0.get('jdkVersion', '?')} {r0.get('vmName', '')}, JMH {r0.get('jmhVersion', '?')}, "
      f"{r0.get('warmupIterations')} x {r0.get('warmupTime')} warm-up, "
      f"{r0.get('measurementIterations')} x {r0.get('measurementTime')} measurement, {r0.get('forks')} fork(s), "
      f"{os.cpu_count()} cores)")
EOF
