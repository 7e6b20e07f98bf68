package io.monitoring.agent.ui;

import static io.monitoring.agent.util.Json.field;

import io.monitoring.agent.db.SlowQueries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.LongSupplier;

/**
 * What {@code /api/summary} answers (the live page's data, schema 1): the agent's own histograms and counters read
 * from its registry, as totals since start and, by difference with a snapshot it kept, as rates and percentiles
 * over the last minute. Nothing is added to any request: the registry is read by the endpoint's thread when the page
 * asks, and every {@value #STEP_SECONDS} s by the agent's snapshot thread.
 *
 * <p>Memory: {@value #FULL_SNAPSHOTS} full snapshots (the families below, classic buckets included; enough to reach
 * a minute back) and {@value #STEPS} + 1 per-route request counts for the 10-minute sparklines; each as many series as
 * the metrics have (capped by {@code monitoring.metrics.max-label-values}).
 */
public final class LiveSummary {
  static final int STEP_SECONDS = 10;
  static final int STEPS = 60;
  static final int WINDOW_SECONDS = 60;
  /** 60 s back at one snapshot every 10 s, plus the one that may have just been taken. */
  static final int FULL_SNAPSHOTS = WINDOW_SECONDS / STEP_SECONDS + 1;

  static final String HTTP = "http_request_duration_seconds";
  static final String DB = "db_query_duration_seconds";
  static final String EXTERNAL = "external_api_duration_seconds";
  static final String CACHE = "cache_operations_total";
  static final String POOL_SIZE = "db_connection_pool_size";
  static final String POOL_WAIT = "db_connection_pool_wait_seconds";
  static final String POOL_TIMEOUTS = "db_connection_pool_timeouts_total";
  static final String REPEATED = "db_repeated_queries_total";
  static final String ERRORS = "monitoring_agent_errors_total";
  static final String DROPPED = "monitoring_agent_spans_dropped_total";
  static final String OVERFLOW = "monitoring_agent_label_overflow_total";
  /** Each family read, with its labels (design.md's) in the order a series' key holds their values. */
  private static final Map<String, String[]> FAMILIES = Map.ofEntries(
      Map.entry(HTTP, new String[] {"method", "route", "status_code"}),
      Map.entry(DB, new String[] {"system", "database", "operation", "table", "status"}),
      Map.entry(EXTERNAL, new String[] {"target", "method", "status_code"}),
      Map.entry(CACHE, new String[] {"system", "cache_name", "operation", "status"}),
      Map.entry(POOL_SIZE, new String[] {"pool", "state"}),
      Map.entry(POOL_WAIT, new String[] {"pool"}),
      Map.entry(POOL_TIMEOUTS, new String[] {"pool"}),
      Map.entry(REPEATED, new String[] {"method", "route", "operation", "table"}),
      Map.entry(ERRORS, new String[] {"instrumentation"}),
      Map.entry(DROPPED, new String[] {"reason"}),
      Map.entry(OVERFLOW, new String[] {"metric"}));

  private final PrometheusRegistry registry;
  private final SlowQueries slowQueries;
  private final Identity identity;
  private final boolean tracing;
  private final LongSupplier clockMillis;
  private final long startMillis;
  private final long startGcMillis;
  private final ArrayDeque<Snapshot> full = new ArrayDeque<>();
  private final ArrayDeque<RouteCounts> steps = new ArrayDeque<>();

  /** The header's fixed part. */
  public static final class Identity {
    final String service;
    final String environment;
    final String serviceVersion;
    final String agentVersion;

    public Identity(String service, String environment, String serviceVersion, String agentVersion) {
      this.service = service;
      this.environment = environment;
      this.serviceVersion = serviceVersion;
      this.agentVersion = agentVersion;
    }
  }

  /** {@code slowQueries}: null when JDBC is not measured; {@code tracing}: false with traces off. */
  public LiveSummary(PrometheusRegistry registry, SlowQueries slowQueries, Identity identity, boolean tracing,
      LongSupplier clockMillis) {
    this.registry = registry;
    this.slowQueries = slowQueries;
    this.identity = identity;
    this.tracing = tracing;
    this.clockMillis = clockMillis;
    this.startMillis = clockMillis.getAsLong();
    this.startGcMillis = gcMillis();
  }

  /** Every {@value #STEP_SECONDS} s, on the agent's snapshot thread. */
  public void takeSnapshot() {
    Snapshot now = read();
    synchronized (this) {
      full.addLast(now);
      while (full.size() > FULL_SNAPSHOTS) {
        full.removeFirst();
      }
      steps.addLast(new RouteCounts(now));
      while (steps.size() > STEPS + 1) {
        steps.removeFirst();
      }
    }
  }

  /** The summary, now: read on the caller's thread (the endpoint's). */
  public String json() {
    Snapshot now = read();
    Snapshot base;
    List<RouteCounts> history;
    synchronized (this) {
      base = null;
      for (Snapshot s : full) {
        if (now.atMillis - s.atMillis >= WINDOW_SECONDS * 1000L) {
          base = s;
        }
      }
      history = new ArrayList<>(steps);
    }
    // younger than a minute (no snapshot that old): the window is everything since the agent started
    Snapshot zero = base == null ? new Snapshot(startMillis, startGcMillis) : base;
    double window = Math.max(0.001, (now.atMillis - zero.atMillis) / 1000.0);

    StringBuilder out = new StringBuilder(4096).append('{');
    field(out, "schema", 1).append(',');
    field(out, "service", identity.service).append(',');
    field(out, "environment", identity.environment).append(',');
    field(out, "serviceVersion", identity.serviceVersion).append(',');
    field(out, "agentVersion", identity.agentVersion).append(',');
    field(out, "javaVersion", System.getProperty("java.version")).append(',');
    field(out, "uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0).append(',');
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    out.append("\"heap\":{");
    field(out, "usedBytes", heap.getUsed()).append(',');
    field(out, "maxBytes", heap.getMax()).append("},");
    field(out, "gcTimeShare", Math.min(1, (now.gcMillis - zero.gcMillis) / 1000.0 / window)).append(',');
    field(out, "windowSeconds", window).append(',');
    field(out, "sparklineStepSeconds", STEP_SECONDS).append(',');
    routes(out, now, zero, window, history);
    databases(out, now, zero, window);
    targets(out, now, zero, window);
    caches(out, now, zero, window);
    pools(out, now, zero);
    out.append("\"slowQueries\":");
    if (slowQueries == null) {
      out.append("[]");
    } else {
      slowQueries.appendEntries(out);
    }
    out.append(',');
    repeated(out, now);
    out.append("\"agent\":{");
    field(out, "adviceErrors", (long) sum(now.counters, ERRORS, null)).append(',');
    field(out, "spansDropped", (long) sum(now.counters, DROPPED, null)).append(',');
    field(out, "labelOverflow", (long) sum(now.counters, OVERFLOW, null)).append(',');
    String export = !tracing ? "off"
        : sum(now.counters, DROPPED, "export_failed") > sum(zero.counters, DROPPED, "export_failed") ? "failing" : "ok";
    field(out, "export", export).append('}');
    return out.append('}').toString();
  }

  private static void routes(StringBuilder out, Snapshot now, Snapshot zero, double window, List<RouteCounts> history) {
    Map<String, Aggregate> routes = aggregate(now.histograms.get(HTTP), zero.histograms.get(HTTP), k -> k[0] + ' ' + k[1],
        k -> k[2].startsWith("5"));
    out.append("\"routes\":[");
    boolean first = true;
    for (Aggregate a : sortedByTotal(routes)) {
      String[] key = a.key;
      out.append(first ? "{" : ",{");
      first = false;
      field(out, "method", key[0]).append(',');
      field(out, "route", key[1]).append(',');
      field(out, "total", a.total).append(',');
      field(out, "errors", a.errors).append(',');
      field(out, "rps", a.windowCount / window).append(',');
      field(out, "errorShare", a.windowCount == 0 ? 0 : (double) a.windowErrors / a.windowCount).append(',');
      field(out, "p50", a.quantile(0.5)).append(',');
      field(out, "p95", a.quantile(0.95)).append(',');
      field(out, "p99", a.quantile(0.99)).append(',');
      out.append("\"sparkline\":[");
      String id = key[0] + ' ' + key[1];
      for (int i = 1; i < history.size(); i++) {
        RouteCounts before = history.get(i - 1);
        RouteCounts after = history.get(i);
        double seconds = Math.max(0.001, (after.atMillis - before.atMillis) / 1000.0);
        out.append(i == 1 ? "" : ",").append(Math.max(0, after.count(id) - before.count(id)) / seconds);
      }
      out.append("]}");
    }
    out.append("],");
  }

  private static void databases(StringBuilder out, Snapshot now, Snapshot zero, double window) {
    Map<String, Aggregate> ops = aggregate(now.histograms.get(DB), zero.histograms.get(DB),
        k -> k[0] + ' ' + k[2] + ' ' + k[3], k -> "error".equals(k[4]));
    out.append("\"databases\":[");
    boolean first = true;
    for (Aggregate a : sortedByTotal(ops)) {
      out.append(first ? "{" : ",{");
      first = false;
      // labels: system, database, operation, table, status
      field(out, "system", a.key[0]).append(',');
      field(out, "operation", a.key[2]).append(',');
      field(out, "table", a.key[3]).append(',');
      dependency(out, a, window);
    }
    out.append("],");
  }

  private static void targets(StringBuilder out, Snapshot now, Snapshot zero, double window) {
    Map<String, Aggregate> calls = aggregate(now.histograms.get(EXTERNAL), zero.histograms.get(EXTERNAL),
        k -> k[0] + ' ' + k[1], k -> k[2].equals("0") || k[2].startsWith("5"));
    out.append("\"httpTargets\":[");
    boolean first = true;
    for (Aggregate a : sortedByTotal(calls)) {
      out.append(first ? "{" : ",{");
      first = false;
      field(out, "target", a.key[0]).append(',');
      field(out, "method", a.key[1]).append(',');
      dependency(out, a, window);
    }
    out.append("],");
  }

  private static void dependency(StringBuilder out, Aggregate a, double window) {
    field(out, "total", a.total).append(',');
    field(out, "errors", a.errors).append(',');
    field(out, "rps", a.windowCount / window).append(',');
    field(out, "p95", a.quantile(0.95)).append('}');
  }

  private static void caches(StringBuilder out, Snapshot now, Snapshot zero, double window) {
    // reads only: hit and miss, whatever the operation (get, getIfPresent, a Spring cache's lookup)
    Map<String, long[]> caches = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : now.counters.getOrDefault(CACHE, Map.of()).entrySet()) {
      String[] k = split(e.getKey());
      boolean hit = "hit".equals(k[3]);
      if (!hit && !"miss".equals(k[3])) {
        continue;
      }
      long[] c = caches.computeIfAbsent(k[0] + '\u0000' + k[1], x -> new long[3]);
      c[hit ? 0 : 1] += e.getValue().longValue();
      c[2] += (long) (e.getValue() - zero.counters.getOrDefault(CACHE, Map.of()).getOrDefault(e.getKey(), 0.0));
    }
    out.append("\"caches\":[");
    boolean first = true;
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(caches.entrySet());
    sorted.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[1]))
        .thenComparing(Map.Entry::getKey));
    for (Map.Entry<String, long[]> e : sorted) {
      String[] k = split(e.getKey());
      long[] c = e.getValue();
      out.append(first ? "{" : ",{");
      first = false;
      field(out, "system", k[0]).append(',');
      field(out, "cache", k[1]).append(',');
      field(out, "total", c[0] + c[1]).append(',');
      field(out, "hits", c[0]).append(',');
      field(out, "misses", c[1]).append(',');
      field(out, "hitRatio", c[0] + c[1] == 0 ? Double.NaN : (double) c[0] / (c[0] + c[1])).append(',');
      field(out, "rps", c[2] / window).append('}');
    }
    out.append("],");
  }

  private static void pools(StringBuilder out, Snapshot now, Snapshot zero) {
    Map<String, Map<String, Double>> sizes = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : now.gauges.getOrDefault(POOL_SIZE, Map.of()).entrySet()) {
      String[] k = split(e.getKey());
      sizes.computeIfAbsent(k[0], x -> new HashMap<>()).put(k[1], e.getValue());
    }
    Map<String, Aggregate> waits = aggregate(now.histograms.get(POOL_WAIT), zero.histograms.get(POOL_WAIT), k -> k[0], k -> false);
    for (String pool : waits.keySet()) {
      sizes.computeIfAbsent(pool, x -> new HashMap<>());
    }
    out.append("\"pools\":[");
    boolean first = true;
    for (Map.Entry<String, Map<String, Double>> pool : new TreeMap<>(sizes).entrySet()) {
      Map<String, Double> size = pool.getValue();
      Aggregate wait = waits.get(pool.getKey());
      out.append(first ? "{" : ",{");
      first = false;
      field(out, "pool", pool.getKey()).append(',');
      for (String state : new String[] {"active", "idle", "pending", "total"}) {
        Double v = size.get(state);
        field(out, state, v == null ? Double.NaN : v).append(',');
      }
      field(out, "waitP95", wait == null ? Double.NaN : wait.quantile(0.95)).append(',');
      field(out, "timeouts", (long) sum(now.counters, POOL_TIMEOUTS, pool.getKey())).append('}');
    }
    out.append("],");
  }

  private static void repeated(StringBuilder out, Snapshot now) {
    List<Map.Entry<String, Double>> rows = new ArrayList<>(now.counters.getOrDefault(REPEATED, Map.of()).entrySet());
    rows.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
    out.append("\"repeatedQueries\":[");
    boolean first = true;
    for (Map.Entry<String, Double> row : rows) {
      String[] k = split(row.getKey());
      out.append(first ? "{" : ",{");
      first = false;
      field(out, "method", k[0]).append(',');
      field(out, "route", k[1]).append(',');
      field(out, "operation", k[2]).append(',');
      field(out, "table", k[3]).append(',');
      field(out, "total", row.getValue().longValue()).append('}');
    }
    out.append("],");
  }

  /** Series of a histogram summed by {@code group} of their label values (in the family's label order). */
  private static Map<String, Aggregate> aggregate(Map<String, Histogram> now, Map<String, Histogram> base,
      Function<String[], String> group, Predicate<String[]> failed) {
    Map<String, Aggregate> out = new LinkedHashMap<>();
    if (now == null) {
      return out;
    }
    for (Map.Entry<String, Histogram> e : now.entrySet()) {
      String[] key = split(e.getKey());
      Histogram h = e.getValue();
      Histogram before = base == null ? null : base.get(e.getKey());
      Aggregate a = out.computeIfAbsent(group.apply(key), g -> new Aggregate(key, h.upperBounds));
      boolean error = failed.test(key);
      long window = h.count - (before == null ? 0 : before.count);
      a.total += h.count;
      a.windowCount += window;
      if (error) {
        a.errors += h.count;
        a.windowErrors += window;
      }
      if (a.upperBounds.length == h.upperBounds.length) {
        for (int i = 0; i < h.buckets.length; i++) {
          a.windowBuckets[i] += h.buckets[i] - (before == null || before.buckets.length != h.buckets.length ? 0 : before.buckets[i]);
        }
      }
    }
    return out;
  }

  private static List<Aggregate> sortedByTotal(Map<String, Aggregate> aggregates) {
    List<Aggregate> sorted = new ArrayList<>(aggregates.values());
    sorted.sort(Comparator.comparingLong((Aggregate a) -> -a.total).thenComparing(a -> String.join(" ", a.key)));
    return sorted;
  }

  private static double sum(Map<String, Map<String, Double>> counters, String family, String firstLabel) {
    double total = 0;
    for (Map.Entry<String, Double> e : counters.getOrDefault(family, Map.of()).entrySet()) {
      if (firstLabel == null || split(e.getKey())[0].equals(firstLabel)) {
        total += e.getValue();
      }
    }
    return total;
  }

  private static long gcMillis() {
    long gc = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, bean.getCollectionTime());
    }
    return gc;
  }

  private Snapshot read() {
    Snapshot s = new Snapshot(clockMillis.getAsLong(), gcMillis());
    MetricSnapshots metrics = registry.scrape(FAMILIES::containsKey);
    for (MetricSnapshot metric : metrics) {
      String name = metric.getMetadata().getPrometheusName();
      String family = metric instanceof CounterSnapshot ? name + "_total" : name;
      String[] labels = FAMILIES.get(family);
      if (labels == null) {
        continue;
      }
      for (DataPointSnapshot point : metric.getDataPoints()) {
        String key = key(point, labels);
        if (point instanceof HistogramSnapshot.HistogramDataPointSnapshot) {
          HistogramSnapshot.HistogramDataPointSnapshot h = (HistogramSnapshot.HistogramDataPointSnapshot) point;
          if (h.hasClassicHistogramData()) {
            s.histograms.computeIfAbsent(family, f -> new HashMap<>()).put(key, new Histogram(h.getCount(), h.getClassicBuckets()));
          }
        } else if (point instanceof CounterSnapshot.CounterDataPointSnapshot) {
          s.counters.computeIfAbsent(family, f -> new HashMap<>()).put(key, ((CounterSnapshot.CounterDataPointSnapshot) point).getValue());
        } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot) {
          s.gauges.computeIfAbsent(family, f -> new HashMap<>()).put(key, ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue());
        }
      }
    }
    return s;
  }

  /** A series' values of {@code labels}, in that order, joined by NUL (an absent label is empty). */
  private static String key(DataPointSnapshot point, String[] labels) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < labels.length; i++) {
      String value = point.getLabels().get(labels[i]);
      key.append(i == 0 ? "" : "\u0000").append(value == null ? "" : value);
    }
    return key.toString();
  }

  private static String[] split(String key) {
    return key.split("\u0000", -1);
  }

  /** The registry as read at one moment: the families the summary shows. */
  static final class Snapshot {
    final long atMillis;
    final long gcMillis;
    final Map<String, Map<String, Histogram>> histograms = new HashMap<>();
    final Map<String, Map<String, Double>> counters = new HashMap<>();
    final Map<String, Map<String, Double>> gauges = new HashMap<>();

    Snapshot(long atMillis, long gcMillis) {
      this.atMillis = atMillis;
      this.gcMillis = gcMillis;
    }
  }

  /** One series' count and classic buckets (each bucket's own count, not cumulative). */
  static final class Histogram {
    final long count;
    final double[] upperBounds;
    final long[] buckets;

    Histogram(long count, ClassicHistogramBuckets classic) {
      this.count = count;
      this.upperBounds = new double[classic.size()];
      this.buckets = new long[classic.size()];
      for (int i = 0; i < classic.size(); i++) {
        upperBounds[i] = classic.getUpperBound(i);
        buckets[i] = classic.getCount(i);
      }
    }
  }

  /** Requests per route (all statuses), for the sparklines. */
  static final class RouteCounts {
    final long atMillis;
    final Map<String, Long> counts = new HashMap<>();

    RouteCounts(Snapshot s) {
      atMillis = s.atMillis;
      for (Map.Entry<String, Histogram> e : s.histograms.getOrDefault(HTTP, Map.of()).entrySet()) {
        String[] k = split(e.getKey());
        counts.merge(k[0] + ' ' + k[1], e.getValue().count, Long::sum);
      }
    }

    long count(String route) {
      return counts.getOrDefault(route, 0L);
    }
  }

  /** Series summed into one row: totals since start, and the window's counts and buckets. */
  static final class Aggregate {
    final String[] key;
    final double[] upperBounds;
    final long[] windowBuckets;
    long total;
    long errors;
    long windowCount;
    long windowErrors;

    Aggregate(String[] key, double[] upperBounds) {
      this.key = key;
      this.upperBounds = upperBounds;
      this.windowBuckets = new long[upperBounds.length];
    }

    /**
     * As Prometheus' {@code histogram_quantile}: linear within the bucket the rank falls in; in the +Inf bucket,
     * the highest finite bound. NaN without observations.
     */
    double quantile(double q) {
      long n = 0;
      for (long c : windowBuckets) {
        n += c;
      }
      if (n == 0) {
        return Double.NaN;
      }
      double rank = q * n;
      long cumulative = 0;
      for (int i = 0; i < windowBuckets.length; i++) {
        long next = cumulative + windowBuckets[i];
        if (next >= rank && windowBuckets[i] > 0) {
          double lower = i == 0 ? 0 : upperBounds[i - 1];
          double upper = upperBounds[i];
          if (Double.isInfinite(upper)) {
            return lower;
          }
          return lower + (upper - lower) * (rank - cumulative) / windowBuckets[i];
        }
        cumulative = next;
      }
      return upperBounds.length > 1 ? upperBounds[upperBounds.length - 2] : Double.NaN;
    }
  }
}
