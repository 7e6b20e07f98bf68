#!/usr/bin/env python3
"""Checks the Grafana dashboards of stack/grafana/dashboards against the rules of the stack and prints
every panel's queries.

Rules: valid JSON, schemaVersion 39, unique panel ids, fewer than 30 panels, only modern panel types,
every datasource reference (panels, targets, variables) is {"type": "prometheus", "uid": "${datasource}"},
every target has expr, refId and legendFormat, every metric is one the agent or the recording rules
export (design.md "Metrics"), and every selector of a metric carrying service/environment filters by
service=~"$service", environment=~"$environment". With promtool on the PATH, every expression (Grafana
variables replaced the way StackIT does) must also parse.

Usage: python3 check_dashboards.py [dashboard.json ...]   (default: every dashboards/*.json)
Exit status 1 when a rule is broken. Python 3 standard library only.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
PANEL_TYPES = {"timeseries", "stat", "table", "bargauge", "gauge"}
MAX_PANELS = 30
SCHEMA_VERSION = 39

HISTOGRAMS = ["http_request_duration_seconds", "db_query_duration_seconds", "external_api_duration_seconds",
              "cache_operation_duration_seconds", "db_connection_pool_wait_seconds",
              "db_queries_per_request", "db_time_per_request_seconds"]
METRICS = {
    "http_requests_total", "http_request_errors_total", "http_requests_in_flight", "db_connection_pool_size",
    "cache_operations_total", "monitoring_agent_errors_total", "monitoring_agent_spans_dropped_total",
    "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_memory_pool_used_bytes", "jvm_gc_collection_seconds_count",
    "jvm_gc_collection_seconds_sum", "jvm_threads_current", "jvm_threads_state", "jvm_classes_currently_loaded",
    "process_cpu_seconds_total", "process_resident_memory_bytes", "up",
    "circuit_breaker_state", "circuit_breaker_calls_total", "rate_limit_hits_total",
    "db_connection_pool_timeouts_total", "db_slow_queries_total", "db_repeated_queries_total",
    "websocket_connections_active", "websocket_messages_total",
} | {h + suffix for h in HISTOGRAMS for suffix in ("_bucket", "_sum", "_count")}
RECORDING_RULES = {
    "service_route:http_requests:rate5m", "service_route:http_request_errors:ratio_rate5m",
    "service_route:http_request_duration_seconds:p50_5m", "service_route:http_request_duration_seconds:p95_5m",
    "service_route:http_request_duration_seconds:p99_5m", "service:http_requests:rate5m",
    "service:http_request_errors:ratio_rate5m", "service:http_request_duration_seconds:p95_5m",
    "service_db:db_query_duration_seconds:p95_5m", "service_pool:db_connection_pool:usage_ratio",
    "service_pool:db_connection_pool_wait_seconds:p95_5m", "service_route:db_queries_per_request:p50_5m",
    "service_route:db_queries_per_request:p95_5m", "service_route:db_repeated_queries:ratio_rate10m",
    "service_cache:cache_hit:ratio_rate5m", "service_target:external_api_errors:ratio_rate5m",
    "service_target:external_api_duration_seconds:p95_5m",
} | {"service:slo_errors:ratio_rate" + w for w in ("5m", "30m", "1h", "6h", "1d", "3d")}
# The exporters of --exporters (node, blackbox, postgres, redis, cadvisor), which infrastructure.json reads: they
# watch hosts, URLs and databases, not services, so they carry no service/environment labels.
EXPORTER_METRICS = {
    "node_cpu_seconds_total", "node_load1", "node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes",
    "node_filesystem_avail_bytes", "node_filesystem_size_bytes", "node_disk_io_time_seconds_total",
    "probe_success", "probe_duration_seconds",
    "pg_up", "pg_stat_activity_count", "pg_settings_max_connections", "pg_stat_database_xact_commit",
    "pg_stat_database_xact_rollback", "pg_stat_database_blks_hit", "pg_stat_database_blks_read",
    "redis_up", "redis_memory_used_bytes", "redis_memory_max_bytes", "redis_connected_clients",
    "redis_blocked_clients", "redis_keyspace_hits_total", "redis_keyspace_misses_total",
    "redis_commands_processed_total",
    "container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
}
EXPORTER_DASHBOARDS = {"infrastructure.json"}
KNOWN = METRICS | RECORDING_RULES | EXPORTER_METRICS
# Prometheus' synthetic `up` carries only job, instance and the target's labels: no service/environment.
WITHOUT_SERVICE_LABELS = {"up"} | EXPORTER_METRICS
REQUIRED_MATCHERS = [("service", "=~", "$service"), ("environment", "=~", "$environment")]

KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
            "offset", "atan2", "inf", "nan"}
GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
IDENT = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
MATCHER = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?')


def skip_string(expr, i):
    quote = expr[i]
    i += 1
    while i < len(expr) and expr[i] != quote:
        i += 2 if expr[i] == "\\" else 1
    return i + 1


def closing(expr, i, open_char, close_char):
    """Index just after the bracket that closes the one at i (strings inside skipped)."""
    depth = 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'`":
            i = skip_string(expr, i)
            continue
        if c == open_char:
            depth += 1
        elif c == close_char:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced " + open_char)


def next_char(expr, i):
    while i < len(expr) and expr[i].isspace():
        i += 1
    return i, (expr[i] if i < len(expr) else "")


def selectors(expr):
    """[(metric name or None, [(label, op, value)])] for every vector selector of a PromQL expression."""
    found = []
    i = 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'`":
            i = skip_string(expr, i)
        elif c == "[":
            i = closing(expr, i, "[", "]")
        elif c == "{":
            end = closing(expr, i, "{", "}")
            found.append((None, parse_matchers(expr[i + 1:end - 1])))
            i = end
        elif c.isdigit() or (c == "." and i + 1 < len(expr) and expr[i + 1].isdigit()):
            m = re.compile(r"[0-9.eE+]+[a-zA-Z]*").match(expr, i)  # numbers and durations (offset 5m)
            i = m.end()
        elif IDENT.match(expr, i):
            word = IDENT.match(expr, i).group(0)
            i += len(word)
            j, nc = next_char(expr, i)
            if word.lower() in KEYWORDS:
                if word.lower() in GROUPING and nc == "(":
                    i = closing(expr, j, "(", ")")
            elif nc == "(" or re.match(r"(by|without)\b", expr[j:]):
                pass  # a function, or an aggregation (`sum(...) by (...)`, `sum by (...) (...)`)
            elif nc == "{":
                end = closing(expr, j, "{", "}")
                found.append((word, parse_matchers(expr[j + 1:end - 1])))
                i = end
            else:
                found.append((word, []))
        else:
            i += 1
    return found


def parse_matchers(text):
    matchers = []
    pos = 0
    while text[pos:].strip():
        m = MATCHER.match(text, pos)
        if not m:
            raise ValueError("cannot parse label matchers {" + text + "}")
        matchers.append((m.group(1), m.group(2), m.group(3)))
        pos = m.end()
    return matchers


def all_panels(dashboard):
    out = []
    for panel in dashboard.get("panels", []):
        out.append(panel)
        out.extend(panel.get("panels", []))  # panels inside collapsed rows
    return out


def datasource_refs(node, path="$"):
    """Every value of a "datasource" key anywhere in the dashboard, with its JSON path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datasource":
                yield path + ".datasource", value
            yield from datasource_refs(value, path + "." + key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from datasource_refs(value, "%s[%d]" % (path, index))


def check_expr(expr, where, errors):
    try:
        found = selectors(expr)
    except ValueError as e:
        errors.append("%s: %s in %s" % (where, e, expr))
        return
    if not found:
        errors.append("%s: no metric in %s" % (where, expr))
    for name, matchers in found:
        if name is None:
            errors.append("%s: selector without a metric name in %s" % (where, expr))
            continue
        if name not in KNOWN:
            errors.append("%s: metric %s is not in the contract (design.md / recording rules)" % (where, name))
        if name not in WITHOUT_SERVICE_LABELS:
            for required in REQUIRED_MATCHERS:
                if required not in matchers:
                    errors.append('%s: %s lacks %s%s"%s"' % ((where, name) + required))


def check_dashboard(path, errors, exprs_out):
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            dashboard = json.load(f)
    except (OSError, ValueError) as e:
        errors.append("%s: not valid JSON: %s" % (name, e))
        return 0
    if dashboard.get("schemaVersion") != SCHEMA_VERSION:
        errors.append("%s: schemaVersion %r, expected %d" % (name, dashboard.get("schemaVersion"), SCHEMA_VERSION))
    for ref_path, ref in datasource_refs(dashboard):
        if ref != DATASOURCE:
            errors.append("%s: %s is %s, expected %s" % (name, ref_path, json.dumps(ref), json.dumps(DATASOURCE)))

    variables = dashboard.get("templating", {}).get("list", [])
    by_name = {v.get("name"): v for v in variables}
    ds_var = by_name.get("datasource")
    if not ds_var or ds_var.get("type") != "datasource" or ds_var.get("query") != "prometheus":
        errors.append('%s: needs a variable "datasource" of type datasource with query "prometheus"' % name)
    for var in ("service", "environment"):
        if var not in by_name and name not in EXPORTER_DASHBOARDS:
            errors.append("%s: needs a variable %r" % (name, var))
    for v in variables:
        if v.get("type") == "query":
            if v.get("datasource") != DATASOURCE:
                errors.append("%s: variable %s datasource %s" % (name, v.get("name"), json.dumps(v.get("datasource"))))
            query = v.get("query")
            query = query.get("query", "") if isinstance(query, dict) else query or ""
            m = re.match(r"\s*label_values\((.*),\s*(\w+)\)\s*$", query)
            if not m:
                errors.append("%s: variable %s query %r is not label_values(selector, label)" % (name, v.get("name"), query))
                continue
            for metric, _ in selectors(m.group(1)):
                if metric not in KNOWN:
                    errors.append("%s: variable %s queries unknown metric %s" % (name, v.get("name"), metric))

    panels = all_panels(dashboard)
    print("== %s: %s (%d panels)" % (name, dashboard.get("title"), len(panels)))
    if len(panels) >= MAX_PANELS:
        errors.append("%s: %d panels, must be fewer than %d" % (name, len(panels), MAX_PANELS))
    ids = set()
    occupied = {}
    for panel in panels:
        pid, ptype, title = panel.get("id"), panel.get("type"), panel.get("title")
        where = "%s panel %s %r" % (name, pid, title)
        if not isinstance(pid, int) or pid in ids:
            errors.append("%s: missing or duplicate id" % where)
        ids.add(pid)
        if ptype not in PANEL_TYPES:
            errors.append("%s: panel type %r is not one of %s" % (where, ptype, sorted(PANEL_TYPES)))
        if panel.get("datasource") != DATASOURCE:
            errors.append("%s: panel datasource %s" % (where, json.dumps(panel.get("datasource"))))
        grid = panel.get("gridPos", {})
        x, y, w, h = (grid.get(k, -1) for k in ("x", "y", "w", "h"))
        if min(x, y) < 0 or w <= 0 or h <= 0 or x + w > 24:
            errors.append("%s: gridPos %s outside the 24-column grid" % (where, grid))
        else:
            for cell in ((cx, cy) for cx in range(x, x + w) for cy in range(y, y + h)):
                if cell in occupied:
                    errors.append("%s: overlaps panel %s at %s" % (where, occupied[cell], cell))
                    break
                occupied[cell] = pid
        print("  [%s] %s: %s" % (pid, ptype, title))
        targets = panel.get("targets") or []
        if not targets:
            errors.append("%s: no targets" % where)
        ref_ids = set()
        for target in targets:
            ref = target.get("refId")
            if not ref or ref in ref_ids:
                errors.append("%s: missing or duplicate refId %r" % (where, ref))
            ref_ids.add(ref)
            if target.get("datasource") != DATASOURCE:
                errors.append("%s %s: target datasource %s" % (where, ref, json.dumps(target.get("datasource"))))
            if not isinstance(target.get("legendFormat"), str) or not target["legendFormat"].strip():
                errors.append("%s %s: no legendFormat" % (where, ref))
            expr = target.get("expr")
            if not isinstance(expr, str) or not expr.strip():
                errors.append("%s %s: no expr" % (where, ref))
                continue
            print("      %s%s: %s" % (ref, " (exemplars)" if target.get("exemplar") else "", expr))
            check_expr(expr, "%s %s" % (where, ref), errors)
            exprs_out.append(expr)
    return len(panels)


def substitute(expr):
    """Grafana's variables as StackIT replaces them: every service, environment and route; 1m rate window."""
    expr = expr.replace("${__rate_interval}", "1m").replace("$__rate_interval", "1m")
    expr = expr.replace("$__interval", "15s").replace("$__range", "5m")
    return re.sub(r"\$\{?(service|environment|route)(:\w+)?\}?", ".+", expr)


def promtool_check(exprs, errors):
    promtool = shutil.which("promtool")
    if not promtool:
        print("promtool not on the PATH: PromQL syntax not checked")
        return
    lines = ["groups:", "  - name: dashboard-expressions", "    rules:"]
    for index, expr in enumerate(exprs):
        lines.append("      - record: dashboard:expr_%d" % index)
        lines.append("        expr: %s" % json.dumps(substitute(expr)))
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        f.write("\n".join(lines) + "\n")
    try:
        result = subprocess.run([promtool, "check", "rules", f.name], capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    if result.returncode != 0:
        errors.append("promtool rejects an expression:\n" + result.stdout + result.stderr)
    else:
        print("promtool: all %d distinct expressions parse" % len(exprs))


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(HERE, "dashboards", "*.json")))
    if not files:
        print("no dashboards found")
        return 1
    errors, exprs, counts = [], [], {}
    for path in files:
        counts[os.path.basename(path)] = check_dashboard(path, errors, exprs)
    distinct = list(dict.fromkeys(exprs))
    print()
    print("panels: " + ", ".join("%s %d" % item for item in counts.items()))
    print("expressions: %d targets, %d distinct" % (len(exprs), len(distinct)))
    promtool_check(distinct, errors)
    if errors:
        print("\n%d problem(s):" % len(errors))
        for error in errors:
            print("  " + error)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
