package io.monitoring.agent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.monitoring.agent.db.SlowQueries;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/summary}, schema 1: the fields the live page reads, their values from known observations in a
 * registry shaped as the agent's (same names, labels and buckets), totals since start, and rates and percentiles over
 * the last minute by difference with the snapshot taken a minute before.
 */
class LiveSummaryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double[] HTTP_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final Histogram http = histogram("http_request_duration_seconds", "method", "route", "status_code");
  private final Histogram db = histogram("db_query_duration_seconds", "system", "database", "operation", "table", "status");
  private final Histogram external = histogram("external_api_duration_seconds", "target", "method", "status_code");
  private final Histogram poolWait = histogram("db_connection_pool_wait_seconds", "pool");
  private final Counter cache = counter("cache_operations_total", "system", "cache_name", "operation", "status");
  private final Counter repeated = counter("db_repeated_queries_total", "method", "route", "operation", "table");
  private final Counter dropped = counter("monitoring_agent_spans_dropped_total", "reason");
  private final Gauge poolSize = Gauge.builder().name("db_connection_pool_size").labelNames("pool", "state")
      .constLabels(io.prometheus.metrics.model.snapshots.Labels.of("service", "shop", "environment", "test")).register(registry);

  @Test
  void everyFieldOfSchemaOneFromKnownObservations() throws Exception {
    LiveSummary summary = new LiveSummary(registry, new SlowQueries(500_000_000L, false),
        new LiveSummary.Identity("shop", "test", "1.2.3", "0.1.0"), true, clock::get);
    for (int i = 0; i < 8; i++) {
      http.labelValues("GET", "/owners", "200").observe(0.02);
    }
    http.labelValues("GET", "/owners", "500").observe(0.3);
    http.labelValues("GET", "/owners", "500").observe(0.3);
    http.labelValues("POST", "/orders", "201").observe(0.004);
    db.labelValues("h2", "test", "SELECT", "owners", "success").observe(0.002);
    db.labelValues("h2", "test", "SELECT", "owners", "error").observe(0.002);
    external.labelValues("127.0.0.1:8081", "GET", "200").observe(0.01);
    external.labelValues("127.0.0.1:8081", "GET", "0").observe(0.01);
    cache.labelValues("caffeine", "prices", "get", "hit").inc(3);
    cache.labelValues("caffeine", "prices", "get", "miss").inc(1);
    cache.labelValues("caffeine", "prices", "put", "success").inc(1);
    repeated.labelValues("GET", "/owners", "SELECT", "pets").inc(2);
    poolSize.labelValues("HikariPool-1", "active").set(1);
    poolSize.labelValues("HikariPool-1", "idle").set(9);
    poolSize.labelValues("HikariPool-1", "pending").set(0);
    poolSize.labelValues("HikariPool-1", "total").set(10);
    poolWait.labelValues("HikariPool-1").observe(0.0004);
    clock.addAndGet(20_000);

    JsonNode s = JSON.readTree(summary.json());
    assertEquals(List.of("schema", "service", "environment", "serviceVersion", "agentVersion", "javaVersion",
        "uptimeSeconds", "heap", "gcTimeShare", "windowSeconds", "sparklineStepSeconds", "routes", "databases",
        "httpTargets", "caches", "pools", "slowQueries", "repeatedQueries", "agent"), names(s));
    assertEquals(List.of(1, "shop", "test", "1.2.3", "0.1.0"), List.of(s.get("schema").asInt(), s.get("service").asText(),
        s.get("environment").asText(), s.get("serviceVersion").asText(), s.get("agentVersion").asText()));
    assertEquals(20.0, s.get("windowSeconds").asDouble(), "younger than a minute: the window is since start");
    assertTrue(s.get("heap").get("usedBytes").asLong() > 0);

    JsonNode owners = s.get("routes").get(0);
    assertEquals(List.of("method", "route", "total", "errors", "rps", "errorShare", "p50", "p95", "p99", "sparkline"), names(owners));
    assertEquals("GET /owners 10 2 0.5 0.2", owners.get("method").asText() + " " + owners.get("route").asText() + " "
        + owners.get("total").asLong() + " " + owners.get("errors").asLong() + " " + owners.get("rps").asDouble() + " "
        + owners.get("errorShare").asDouble());
    // 8 at 20 ms (bucket 10-25 ms), 2 at 300 ms (250-500 ms): p50 interpolated in the first, p95/p99 in the second
    assertEquals(0.010 + 0.015 * 5 / 8, owners.get("p50").asDouble(), 1e-9);
    assertEquals(0.25 + 0.25 * (9.5 - 8) / 2, owners.get("p95").asDouble(), 1e-9);
    assertEquals("POST /orders 1", s.get("routes").get(1).get("method").asText() + " " + s.get("routes").get(1).get("route").asText()
        + " " + s.get("routes").get(1).get("total").asLong());

    assertEquals("h2 SELECT owners 2 1", row(s.get("databases").get(0), "system", "operation", "table", "total", "errors"));
    assertEquals("127.0.0.1:8081 GET 2 1", row(s.get("httpTargets").get(0), "target", "method", "total", "errors"));
    assertEquals("caffeine prices 4 3 1 0.75", row(s.get("caches").get(0), "system", "cache", "total", "hits", "misses", "hitRatio"));
    assertEquals("HikariPool-1 1.0 9.0 0.0 10.0 0", row(s.get("pools").get(0), "pool", "active", "idle", "pending", "total", "timeouts"));
    assertEquals(0.001 * 0.95, s.get("pools").get(0).get("waitP95").asDouble(), 1e-12, "one wait, in the 0-1 ms bucket");
    assertEquals("GET /owners SELECT pets 2", row(s.get("repeatedQueries").get(0), "method", "route", "operation", "table", "total"));
    assertEquals(0, s.get("slowQueries").size());
    assertEquals("0 0 0 ok", row(s.get("agent"), "adviceErrors", "spansDropped", "labelOverflow", "export"));
  }

  @Test
  void ratesAndPercentilesCoverTheLastMinuteTotalsEverythingAndSparklinesTenSecondSteps() throws Exception {
    LiveSummary summary = new LiveSummary(registry, null, new LiveSummary.Identity("shop", "test", null, "0.1.0"), false, clock::get);
    for (int i = 0; i < 100; i++) {
      http.labelValues("GET", "/slow", "200").observe(2.0);
    }
    summary.takeSnapshot();
    for (int step = 1; step <= 7; step++) {
      clock.addAndGet(10_000);
      for (int i = 0; i < step; i++) {
        http.labelValues("GET", "/slow", "200").observe(0.02);
      }
      summary.takeSnapshot();
    }
    dropped.labelValues("export_failed").inc();
    clock.addAndGet(5_000);

    JsonNode s = JSON.readTree(summary.json());
    assertTrue(s.get("serviceVersion").isNull());
    // the newest snapshot at least 60 s old is the one taken 65 s ago (after step 1)
    assertEquals(65.0, s.get("windowSeconds").asDouble());
    JsonNode slow = s.get("routes").get(0);
    assertEquals(100 + 28, slow.get("total").asLong());
    assertEquals((2 + 3 + 4 + 5 + 6 + 7) / 65.0, slow.get("rps").asDouble(), 1e-9);
    assertTrue(slow.get("p99").asDouble() < 0.025, "the 2 s requests are older than the window: " + slow);
    List<Double> sparkline = new ArrayList<>();
    slow.get("sparkline").forEach(p -> sparkline.add(p.asDouble()));
    assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7), sparkline);
    assertEquals("off", s.get("agent").get("export").asText(), "traces off");
    assertEquals(1, s.get("agent").get("spansDropped").asLong());
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static String row(JsonNode node, String... fields) {
    List<String> values = new ArrayList<>();
    for (String f : fields) {
      values.add(node.get(f).asText());
    }
    return String.join(" ", values);
  }

  private Histogram histogram(String name, String... labels) {
    return Histogram.builder().name(name).labelNames(labels).classicUpperBounds(HTTP_BUCKETS).classicOnly()
        .constLabels(io.prometheus.metrics.model.snapshots.Labels.of("service", "shop", "environment", "test")).register(registry);
  }

  private Counter counter(String name, String... labels) {
    return Counter.builder().name(name).labelNames(labels)
        .constLabels(io.prometheus.metrics.model.snapshots.Labels.of("service", "shop", "environment", "test")).register(registry);
  }
}
