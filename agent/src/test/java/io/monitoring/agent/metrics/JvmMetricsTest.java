package io.monitoring.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's JVM metrics are the Prometheus client's {@code JvmMetrics}, family for family: the dashboards, the
 * alert rules and every user's queries were written against that module's output, so the names, help, units,
 * types, label sets and the values that cannot move between two scrapes must be the same in both text formats.
 */
class JvmMetricsTest {
  private static final Labels CONST_LABELS = Labels.of("service", "svc", "environment", "test");
  /** Families whose values are the same in two scrapes taken a moment apart. */
  private static final Set<String> STABLE = Set.of("process_start_time_seconds", "process_max_fds",
      "jvm_memory_max_bytes", "jvm_memory_init_bytes", "jvm_memory_pool_max_bytes", "jvm_memory_pool_init_bytes",
      "jvm_runtime_info", "jvm_memory_pool_allocated_bytes_total", "jvm_gc_collection_seconds_count",
      "jvm_buffer_pool_capacity_bytes");

  private static PrometheusRegistry clients;
  private static PrometheusRegistry agents;

  @BeforeAll
  static void registerBothAndCollectGarbage() throws InterruptedException {
    // a collection between the two registrations would be counted by one listener only: register again then
    for (int attempt = 0; attempt < 10; attempt++) {
      long collections = collections();
      clients = new PrometheusRegistry();
      agents = new PrometheusRegistry();
      io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().constLabels(CONST_LABELS).register(clients);
      JvmMetrics.register(agents, CONST_LABELS);
      if (collections() == collections) {
        break;
      }
    }
    System.gc();
    // both count allocation from the same collection notifications, delivered on the JMX notification thread
    Predicate<String> allocated = line -> line.startsWith("jvm_memory_pool_allocated_bytes_total");
    awaitTheSame(allocated, "allocation after System.gc()");
  }

  private static long collections() {
    long count = 0;
    for (java.lang.management.GarbageCollectorMXBean collector : java.lang.management.ManagementFactory
        .getGarbageCollectorMXBeans()) {
      count += collector.getCollectionCount();
    }
    return count;
  }

  /** Polls until both registries write the same lines of those kept (a collection's notification may be on its way). */
  private static List<String> awaitTheSame(Predicate<String> keep, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      List<String> theirs = lines(clients, PrometheusTextFormatWriter.create(), keep);
      List<String> ours = lines(agents, PrometheusTextFormatWriter.create(), keep);
      if (theirs.equals(ours) && !ours.isEmpty()) {
        return ours;
      }
      assertTrue(System.nanoTime() < deadline, what + " never the same in both: " + theirs + " vs " + ours);
      Thread.sleep(20);
    }
  }

  @Test
  void prometheusTextFormatHasTheSameFamiliesHelpTypesAndSeries() {
    assertEquals(series(clients, PrometheusTextFormatWriter.create()), series(agents, PrometheusTextFormatWriter.create()));
  }

  @Test
  void openMetricsHasTheSameFamiliesHelpTypesUnitsAndSeries() {
    OpenMetricsTextFormatWriter withCreated = new OpenMetricsTextFormatWriter(true, false);
    assertEquals(series(clients, withCreated), series(agents, withCreated));
  }

  @Test
  void valuesThatCannotMoveBetweenScrapesAreEqual() throws InterruptedException {
    Predicate<String> stable = line -> !line.startsWith("#") && STABLE.contains(line.replaceAll("[{ ].*", ""));
    List<String> same = awaitTheSame(stable, "the stable values");
    assertTrue(same.size() > 15, "too few stable series to compare: " + same);
  }

  @Test
  void processCpuAndDescriptorsReadFromProcAgreeWithTheMxBean() {
    double before = value(clients, "process_cpu_seconds_total");
    double ours = value(agents, "process_cpu_seconds_total");
    double after = value(clients, "process_cpu_seconds_total");
    // clock ticks of 10 ms against nanoseconds: ours is at most one tick behind
    assertTrue(before - 0.0101 <= ours && ours <= after, before + " <= " + ours + " <= " + after);
    double theirFds = value(clients, "process_open_fds");
    assertEquals(theirFds, value(agents, "process_open_fds"), 2, "open descriptors, counted the JDK's way");
  }

  private static double value(PrometheusRegistry registry, String name) {
    List<String> line = lines(registry, PrometheusTextFormatWriter.create(), l -> l.startsWith(name + "{"));
    assertEquals(1, line.size(), name);
    return Double.parseDouble(line.get(0).substring(line.get(0).lastIndexOf(' ') + 1));
  }

  @Test
  void everyFamilyHasTheSameMetadata() {
    assertEquals(metadata(clients), metadata(agents));
  }

  @Test
  void nativeMemoryFamiliesOnlyWhenTrackingIsOnAndThenTheSame() throws Exception {
    assertTrue(series(agents, PrometheusTextFormatWriter.create()).stream()
        .noneMatch(line -> line.contains("jvm_native_memory")), "this test JVM tracks no native memory");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
        NativeMemorySeries.class.getName()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), output);
    assertTrue(output.startsWith("same "), output);
    assertTrue(output.contains("jvm_native_memory_committed_bytes{environment=\"test\",pool=\"Java Heap\",service=\"svc\"}"),
        output);
  }

  /** Run with native memory tracking on: prints "same" and the series when both registries write the same ones. */
  static final class NativeMemorySeries {
    public static void main(String[] args) {
      clients = new PrometheusRegistry();
      agents = new PrometheusRegistry();
      io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().constLabels(CONST_LABELS).register(clients);
      JvmMetrics.register(agents, CONST_LABELS);
      Predicate<String> nativeMemory = line -> line.contains("jvm_native_memory");
      List<String> theirs = series(clients, PrometheusTextFormatWriter.create()).stream().filter(nativeMemory)
          .collect(Collectors.toList());
      List<String> ours = series(agents, PrometheusTextFormatWriter.create()).stream().filter(nativeMemory)
          .collect(Collectors.toList());
      System.out.println((theirs.equals(ours) && !ours.isEmpty() ? "same " : "differ ") + ours + " " + theirs);
    }
  }

  /** Every line with sample values cut off: HELP, TYPE, UNIT and each series' name and labels. */
  private static List<String> series(PrometheusRegistry registry, ExpositionFormatWriter format) {
    return lines(registry, format, line -> true).stream()
        .map(line -> line.startsWith("#") ? line : line.substring(0, line.lastIndexOf(' ')))
        .collect(Collectors.toList());
  }

  private static List<String> lines(PrometheusRegistry registry, ExpositionFormatWriter format, Predicate<String> keep) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    } catch (IOException impossible) {
      throw new AssertionError(impossible);
    }
    List<String> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (keep.test(line)) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static List<String> metadata(PrometheusRegistry registry) {
    List<String> all = new ArrayList<>();
    for (MetricSnapshot family : registry.scrape()) {
      MetricMetadata m = family.getMetadata();
      all.add(String.join(" | ", family.getClass().getSimpleName(), m.getName(), m.getPrometheusName(),
          m.getOriginalName(), m.getExpositionBaseName(), m.getExpositionBasePrometheusName(), m.getHelp(),
          String.valueOf(m.getUnit()), String.valueOf(family.getDataPoints().size())));
    }
    return all;
  }
}
