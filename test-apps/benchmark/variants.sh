# Sourced by run.sh and profile.sh: how each variant of the overhead benchmark is started, so both measure the
# same thing. variant_flags <none|agent|otel> <agent jar> <otel jar> <OTLP sink URL> <metrics port> fills the
# array "flags" with the JVM options of that variant.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
variant_flags() {
  local v=$1 agent_jar=$2 otel_jar=$3 sink_url=$4 metrics_port=$5
  flags=()
  case "$v" in
    none) ;;
    agent) flags=("-javaagent:$agent_jar=metrics.port=$metrics_port,metrics.host=127.0.0.1,otlp.endpoint=$sink_url") ;;
    otel) flags=("-javaagent:$otel_jar" -Dotel.service.name=spring-boot-app
                 -Dotel.traces.exporter=otlp -Dotel.exporter.otlp.protocol=http/protobuf
                 "-Dotel.exporter.otlp.endpoint=$sink_url"
                 -Dotel.metrics.exporter=prometheus -Dotel.exporter.prometheus.host=127.0.0.1
                 "-Dotel.exporter.prometheus.port=$metrics_port" -Dotel.logs.exporter=none) ;;
    *) echo "unknown variant $v" >&2; return 1 ;;
  esac
}
