# Sourced by startup.sh and compare-startup.sh, so that both time the Spring Boot test app the same way. The caller
# sets $java and $boot.
source "$(dirname "${BASH_SOURCE[0]}")/variants.sh" # free_port

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# boot_run <extra JVM flags>: prints "ms-to-first-200 cpu-ms-by-then ms-from-SIGTERM-to-exit"; the CPU is the
# process's user + system time (/proc/<pid>/stat); one /checkout (a database query, a cache read) before SIGTERM,
# so that exit has spans to flush when traces are on
boot_run() {
  local port; port=$(free_port)
  local t0; t0=$(now_ms)
  $java $1 -jar $boot --server.port=$port >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    [ $(( $(now_ms) - t0 )) -lt 60000 ] || { kill $pid; echo "timeout" >&2; return 1; }
    sleep 0.02
  done
  local first=$(( $(now_ms) - t0 ))
  local cpu; cpu=$(awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / t)}' /proc/$pid/stat)
  curl -s -o /dev/null "http://127.0.0.1:$port/checkout/1" || true
  local k0; k0=$(now_ms); kill -TERM $pid; wait $pid 2>/dev/null || true
  echo "$first $cpu $(( $(now_ms) - k0 ))"
}
